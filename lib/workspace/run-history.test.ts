import { describe, expect, it } from 'vitest';
import { applyTimelineEvent, loadLabData } from '@/lib/data';
import { parseArgs, runDbt, UsageError, type DbtResult, type NodeResult } from '@/lib/dbt';
import { stretchProjectFiles } from '@/lib/dbt/course-project.node';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { memoryStore } from './kv-store';
import {
  appendRuns,
  formatPercent,
  loadRunHistory,
  MAX_RUNS,
  parseRunHistory,
  recordsFromResult,
  RUN_HISTORY_KEY,
  rowsRead,
  saveRunHistory,
  summarize,
  summarySentence,
  type RunRecord,
} from './run-history';

const AT = new Date('2024-05-01T10:00:00.000Z');

function node(overrides: Partial<NodeResult>): NodeResult {
  return {
    uniqueId: 'model.lab.fct_orders',
    name: 'fct_orders',
    resourceType: 'model',
    materialized: 'incremental',
    status: 'success',
    message: 'OK',
    timingMs: 200,
    ...overrides,
  };
}

function result(...results: NodeResult[]): DbtResult {
  return { exitCode: 0, log: [], results };
}

const fullBuild = node({
  incremental: false,
  timingMs: 400.4,
  rows: { batch: 1000, inserted: 1000, updated: 0, deleted: 0, total: 1000 },
});
const incrementalRun = node({
  incremental: true,
  timingMs: 72,
  rows: { batch: 12, inserted: 5, updated: 7, deleted: 0, total: 1005 },
});

function run(
  kind: RunRecord['kind'],
  batch: number,
  ms: number,
  id = `${kind}-${batch}`,
): RunRecord {
  return {
    id,
    at: AT.toISOString(),
    model: 'fct_orders',
    kind,
    materialized: 'incremental',
    status: 'success',
    ms,
    batch,
    inserted: batch,
    updated: 0,
    deleted: 0,
    total: batch,
  };
}

describe('recordsFromResult', () => {
  it('keeps only the model asked for, with its rows, time and lab clock', () => {
    const staging = node({
      uniqueId: 'model.lab.stg_orders',
      name: 'stg_orders',
      materialized: 'view',
    });
    const test = node({
      uniqueId: 'test.lab.unique_fct',
      name: 'fct_orders',
      resourceType: 'test',
    });
    const [record, ...rest] = recordsFromResult(result(staging, fullBuild, test), {
      at: AT,
      clock: '2018-08-14 23:59:59',
    });
    expect(rest).toEqual([]);
    expect(record).toEqual({
      id: 'model.lab.fct_orders@2024-05-01T10:00:00.000Z',
      at: '2024-05-01T10:00:00.000Z',
      model: 'fct_orders',
      kind: 'full',
      materialized: 'incremental',
      status: 'success',
      ms: 400,
      batch: 1000,
      inserted: 1000,
      updated: 0,
      deleted: 0,
      total: 1000,
      clock: '2018-08-14 23:59:59',
    });
  });

  it('marks the incremental branch as incremental and a table or view build as full', () => {
    const [inc] = recordsFromResult(result(incrementalRun), { at: AT });
    expect(inc).toMatchObject({ kind: 'incremental', batch: 12, inserted: 5, updated: 7, ms: 72 });
    expect(inc).not.toHaveProperty('clock');
    const table = node({
      materialized: 'table',
      rows: { batch: 9, inserted: 9, updated: 0, deleted: 0, total: 9 },
    });
    expect(recordsFromResult(result(table), { at: AT })[0]?.kind).toBe('full');
    const view = node({ materialized: 'view' });
    expect(recordsFromResult(result(view), { at: AT })[0]).toMatchObject({
      kind: 'full',
      materialized: 'view',
      batch: 0,
      total: 0,
    });
  });

  it('leaves out errored and skipped builds', () => {
    const failed = node({ status: 'error', message: 'Binder Error' });
    const skipped = node({ status: 'skipped' });
    expect(recordsFromResult(result(failed, skipped), { at: AT })).toEqual([]);
  });

  it('records another model when asked, and the rows read when the run was profiled', () => {
    const other = node({
      uniqueId: 'model.lab.int_orders',
      name: 'int_orders',
      rows: { batch: 3, inserted: 3, updated: 0, deleted: 0, total: 3 },
      reads: [
        { table: 'raw.orders', rows: 40 },
        { table: 'raw.payments', rows: 60 },
      ],
    });
    const records = recordsFromResult(result(fullBuild, other), { at: AT, model: 'int_orders' });
    expect(records.map((r) => r.model)).toEqual(['int_orders']);
    expect(records[0]?.reads).toEqual([
      { table: 'raw.orders', rows: 40 },
      { table: 'raw.payments', rows: 60 },
    ]);
  });
});

describe('appendRuns', () => {
  it('appends in order, drops the oldest beyond the cap and ignores a record seen before', () => {
    const a = run('full', 10, 5, 'a');
    const b = run('incremental', 1, 1, 'b');
    const c = run('incremental', 2, 1, 'c');
    expect(appendRuns([a], [b, b]).map((r) => r.id)).toEqual(['a', 'b']);
    expect(appendRuns([a, b], [b, c], 2).map((r) => r.id)).toEqual(['b', 'c']);
    expect(appendRuns([a], [b], 0)).toEqual([]);
    const many = Array.from({ length: MAX_RUNS + 5 }, (_, i) => run('full', i, 1, `r${i}`));
    const kept = appendRuns([], many);
    expect(kept).toHaveLength(MAX_RUNS);
    expect(kept[0]?.id).toBe('r5');
  });
});

describe('parseRunHistory and the store', () => {
  it('returns [] for a damaged value and keeps the readable records of a partly damaged one', () => {
    expect(parseRunHistory(undefined)).toEqual([]);
    expect(parseRunHistory('not a list')).toEqual([]);
    expect(parseRunHistory({ runs: [] })).toEqual([]);
    const good = run('full', 10, 5);
    const broken = { ...run('incremental', 1, 1), batch: -3 };
    const oldShape = { model: 'fct_orders', rows: 12 };
    expect(parseRunHistory([good, broken, oldShape, null])).toEqual([good]);
  });

  it('saves under run-history and loads the same records back', async () => {
    const store = memoryStore();
    const history = [run('full', 10, 5), run('incremental', 1, 1)];
    await saveRunHistory(store, history);
    expect(await store.get(RUN_HISTORY_KEY)).toEqual(history);
    expect(await loadRunHistory(store)).toEqual(history);
    expect(await loadRunHistory(memoryStore({ [RUN_HISTORY_KEY]: 42 }))).toEqual([]);
  });
});

describe('summarize', () => {
  it('compares the last incremental run with the last full build', () => {
    const history = [
      run('full', 500, 100, 'old-full'),
      run('incremental', 50, 50),
      run('full', 1000, 400),
      run('incremental', 12, 72),
    ];
    const summary = summarize(history);
    expect(summary.lastFull?.batch).toBe(1000);
    expect(summary.lastIncremental?.batch).toBe(12);
    expect(summary.rowsRatio).toBeCloseTo(0.012);
    expect(summary.timeRatio).toBeCloseTo(0.18);
    expect(summary.readRatio).toBeNull();
    expect(summarySentence(summary)).toBe(
      'The last incremental run processed 1.2% of the rows of the last full build, in 18% of the time.',
    );
  });

  it('adds the rows read when both runs were profiled', () => {
    const full = { ...run('full', 1000, 400), reads: [{ table: 'raw.orders', rows: 2000 }] };
    const inc = {
      ...run('incremental', 10, 40),
      reads: [
        { table: 'raw.orders', rows: 100 },
        { table: 'raw.payments', rows: 300 },
      ],
    };
    const summary = summarize([full, inc]);
    expect(summary.readRatio).toBeCloseTo(0.2);
    expect(summarySentence(summary)).toBe(
      'The last incremental run read 20% of the source rows the full build read and processed 1% of its rows, in 10% of the time.',
    );
    // Reading most of what a full build reads: the sentence says where the saving is lost.
    const heavy = { ...inc, reads: [{ table: 'raw.orders', rows: 1500 }] };
    expect(summarySentence(summarize([full, heavy]))).toMatch(
      /read 75% .* Most source rows are still read: only a filter that reaches a table’s own scan/,
    );
  });

  it('says what to run when there is no full build or no incremental run yet', () => {
    expect(summarySentence(summarize([]))).toBeNull();
    const onlyFull = summarize([run('full', 1000, 400)]);
    expect(onlyFull.rowsRatio).toBeNull();
    expect(summarySentence(onlyFull)).toMatch(/^No incremental run yet: run dbt run -s fct_orders/);
    const onlyIncremental = summarize([run('incremental', 10, 40)]);
    expect(onlyIncremental.timeRatio).toBeNull();
    expect(summarySentence(onlyIncremental)).toMatch(/--full-refresh/);
  });

  it('does not divide by a full build of zero rows or zero time', () => {
    const summary = summarize([run('full', 0, 0), run('incremental', 0, 3)]);
    expect(summary.rowsRatio).toBeNull();
    expect(summary.timeRatio).toBeNull();
    expect(summarySentence(summary)).toBe(
      'The last full build produced no rows, so the row counts cannot be compared.',
    );
    const timed = summarize([run('full', 0, 10), run('incremental', 0, 3)]);
    expect(summarySentence(timed)).toMatch(/took 30% of its time\.$/);
  });

  it('formats shares the way the sentence reads', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0004)).toBe('under 0.1%');
    expect(formatPercent(0.012)).toBe('1.2%');
    expect(formatPercent(0.05)).toBe('5%');
    expect(formatPercent(0.1849)).toBe('18%');
    expect(formatPercent(2.5)).toBe('250%');
  });
});

async function dbt(connection: Connection, args: string[], clock: string): Promise<DbtResult> {
  const command = parseArgs(args);
  if (command instanceof UsageError) throw command;
  return runDbt(command, { connection, files: await stretchProjectFiles(), clock, profile: true });
}

describe('run history on the real engine', () => {
  it('records the solution first as a full build, then as a much smaller incremental run', async () => {
    const connection = await openNodeConnection();
    try {
      const info = await loadLabData(connection, { kind: 'generated', scale: 0.05, seed: 42 });
      const first = await dbt(connection, ['run', '-s', '+fct_orders'], info.clock);
      const released = await applyTimelineEvent(connection, 'new_orders');
      const second = await dbt(connection, ['run', '-s', 'fct_orders'], released.clock);

      let history = appendRuns([], recordsFromResult(first, { at: AT, clock: info.clock }));
      const later = new Date(AT.getTime() + 60_000);
      history = appendRuns(
        history,
        recordsFromResult(second, { at: later, clock: released.clock }),
      );

      expect(history.map((r) => [r.model, r.kind])).toEqual([
        ['fct_orders', 'full'],
        ['fct_orders', 'incremental'],
      ]);
      const [full, inc] = history as [RunRecord, RunRecord];
      expect(full.batch).toBeGreaterThan(0);
      expect(full.batch).toBe(full.total);
      expect(inc.inserted).toBeGreaterThan(0);
      expect(inc.total).toBe(full.total + inc.inserted);
      expect(inc.batch).toBeLessThan(full.batch * 0.1);
      expect(inc.clock).toBe(released.clock);

      const summary = summarize(history);
      expect(summary.rowsRatio).toBeCloseTo(inc.batch / full.batch);
      expect(summarySentence(summary)).toMatch(
        /^The last incremental run read \d+% of the source rows/,
      );
      // Profiled runs carry the rows read per source, so the sentence can say how much was read.
      expect(full.reads?.map((r) => r.table)).toContain('orders');
      expect(rowsRead(inc)).toBeGreaterThan(0);
      expect(summary.readRatio).toBeCloseTo(rowsRead(inc)! / rowsRead(full)!);
      // Round trip through the store as the workspace does.
      const store = memoryStore();
      await saveRunHistory(store, history);
      expect(await loadRunHistory(store)).toEqual(history);
    } finally {
      await connection.close();
    }
  });
});
