import { describe, expect, it } from 'vitest';
import type { FctOrdersFigures, StepFigures } from '@/lib/bench/fct-orders';
import { spread } from '@/lib/bench/stats';
import { deriveFigures, judge, readsWhy } from './figures';
import { formatTarget, formatValue } from './format';
import { renderMarkdown } from './report';
import type { BenchResults, RawResults } from './results';

function step(dbt: number, straight: number | null, duckdb = dbt * 0.9): StepFigures {
  return {
    dbt: spread([dbt, dbt * 1.1, dbt * 0.9]),
    straight: straight === null ? null : spread([straight]),
    duckdb: spread([duckdb]),
    calls: 25,
    duckdbByKind: {
      model: duckdb * 0.7,
      rowCounts: duckdb * 0.2,
      macros: duckdb * 0.1,
      other: 0.2,
    },
    rows: { batch: 800, inserted: 0, updated: 800, deleted: 0, total: 96_817 },
  };
}

function fct(
  adapter: 'node' | 'wasm',
  scale: number,
  full: number,
  noop: number,
): FctOrdersFigures {
  return {
    adapter,
    duckdb: { version: 'v1.4.3', threads: adapter === 'node' ? '2' : '1', memoryLimit: '3 GiB' },
    data: `generated (scale ${scale}, seed 42)`,
    scale,
    orders: 96_817 * scale,
    loadMs: 1000,
    parentsMs: 100,
    models: [
      {
        model: 'solution',
        full: step(full, full * 0.9),
        noop: step(noop, noop * 0.5),
        nextDay: step(noop, null),
        reads: {
          full: [
            { table: 'orders', rows: 96_817 * scale },
            { table: 'order_items', rows: 109_661 * scale },
          ],
          incremental: [
            { table: 'orders', rows: 846 },
            { table: 'order_items', rows: 109_458 * scale },
          ],
        },
      },
    ],
  };
}

function raw(): RawResults {
  const visit = (cold: number, warm: number) => ({ cold: spread([cold]), warm: spread([warm]) });
  const transfer = (bytes: number) => ({
    bytes,
    scriptBytes: bytes / 2,
    requests: 10,
    fromServiceWorker: 0,
    largest: [{ url: '/duckdb/1.32.0/duckdb-eh.wasm.gz', bytes }],
  });
  return {
    ready: {
      duckdb: visit(1900, 1500),
      lab: visit(3200, 800),
      labParts: { cold: { editor: 2500, clock: 3200 }, warm: { editor: 700, clock: 800 } },
      labTerminal: {
        cold: { dataLoadS: 0.8, day10S: 0.6, lines: [] },
        warm: { dataLoadS: null, day10S: null, lines: [] },
      },
      bytes: {
        lab: { cold: transfer(26_000_000), warm: transfer(80_000) },
        duckdb: { cold: transfer(8_000_000), warm: transfer(10_000) },
      },
    },
    lessonBytes: { route: '/lessons/x', cold: transfer(400_000), warm: transfer(5_000) },
    grading: {
      browser: { ms: spread([2500]), status: 'All checks pass. generated (scale 1)', passed: true },
    },
    fctOrders: {
      node: [fct('node', 1, 300, 150), fct('node', 10, 3000, 1500)],
      browser: [fct('wasm', 1, 900, 60)],
    },
    problems: { grading_node: 'boom' },
  };
}

describe('judge', () => {
  it('meets a target at or under it, misses above, leaves expectations unjudged', () => {
    expect(judge(2500, { op: '<=', value: 2500 })).toBe('met');
    expect(judge(2501, { op: '<=', value: 2500 })).toBe('missed');
    expect(judge(9.5, { op: '~', value: 10 })).toBe('info');
    expect(judge(5, undefined)).toBe('info');
    expect(judge(null, { op: '<=', value: 1 })).toBe('not measured');
    expect(judge(Number.NaN, { op: '<=', value: 1 })).toBe('not measured');
  });
});

describe('formatting', () => {
  it('writes values and targets in their units', () => {
    expect(formatValue(245.4, 'ms')).toBe('245 ms');
    expect(formatValue(2431, 'ms')).toBe('2.43 s');
    expect(formatValue(12_345, 'ms')).toBe('12.3 s');
    expect(formatValue(0.312, 'fraction')).toBe('31%');
    expect(formatValue(0.0456, 'fraction')).toBe('4.6%');
    expect(formatValue(1.234, 'times')).toBe('1.23×');
    expect(formatValue(202_400, 'bytes')).toBe('202 kB');
    expect(formatValue(26_151_275, 'bytes')).toBe('26.2 MB');
    expect(formatValue(null, 'ms')).toBe('–');
    expect(formatTarget({ op: '<=', value: 0.1 }, 'fraction')).toBe('≤ 10%');
    expect(formatTarget({ op: '~', value: 10 }, 'times')).toBe('~ 10.0×');
  });
});

describe('readsWhy', () => {
  it('names the tables an incremental run still reads whole', () => {
    const why = readsWhy(fct('node', 1, 300, 150).models[0]!.reads);
    expect(why).toContain('orders 846 of 96,817');
    expect(why).toContain('the window does not reach order_items');
  });
  it('says nothing without a profile', () => {
    expect(readsWhy({ full: [], incremental: [] })).toBe('');
  });
});

describe('deriveFigures', () => {
  const figures = deriveFigures(raw());
  const byId = (id: string) => figures.find((f) => f.id === id);

  it('judges the lab against 2.5 s cold and 1 s warm, with why from the breakdown', () => {
    const cold = byId('lab_ready_cold')!;
    expect(cold).toMatchObject({ value: 3200, status: 'missed' });
    expect(cold.why).toContain('bare DuckDB-WASM page alone needs 1.90 s');
    expect(cold.why).toContain('data load 0.8 s');
    expect(byId('lab_ready_warm')).toMatchObject({ value: 800, status: 'met' });
    expect(byId('lab_ready_warm')!.why).toBeUndefined();
    expect(byId('duckdb_ready_cold')!.status).toBe('info');
  });

  it('judges incremental / full at 10% and says what the run read', () => {
    const node = byId('fct_orders.node.sf1.solution.noop_over_full')!;
    expect(node.value).toBeCloseTo(0.5);
    expect(node.status).toBe('missed');
    expect(node.why).toContain('order_items');
    const wasm = byId('fct_orders.browser.sf1.solution.noop_over_full')!;
    expect(wasm.value).toBeCloseTo(60 / 900);
    expect(wasm.status).toBe('met');
  });

  it('compares SF10 with SF1 on the same adapter only', () => {
    expect(byId('fct_orders.node.solution.full_sf10_over_sf1')).toMatchObject({
      value: 10,
      status: 'info',
    });
    expect(byId('fct_orders.node.solution.noop_sf10_over_sf1')).toMatchObject({
      value: 10,
      status: 'missed',
    });
    expect(byId('fct_orders.browser.solution.noop_sf10_over_sf1')).toBeUndefined();
  });

  it('measures engine overhead only where the straight SQL ran, and WASM against native', () => {
    expect(byId('overhead.node.sf1.solution.full')!.value).toBeCloseTo(1 / 0.9);
    expect(byId('overhead.node.sf1.solution.full')!.status).toBe('met');
    const noop = byId('overhead.node.sf1.solution.noop')!;
    expect(noop.status).toBe('missed');
    expect(noop.why).toContain(
      "(the model's statements 95 ms, row counts 27 ms, the Snowflake bridge",
    );
    expect(noop.why).not.toContain('other');
    expect(byId('overhead.node.sf1.solution.nextDay')).toBeUndefined();
    expect(byId('wasm_over_native.sf1.solution.full')!.value).toBeCloseTo(3);
  });

  it('keeps targets it could not measure, with the reason', () => {
    expect(byId('grading.node')).toMatchObject({ status: 'not measured', detail: 'boom' });
    expect(byId('grading.browser')).toMatchObject({ status: 'met', value: 2500 });
    expect(byId('bytes.lesson.cold_scripts')).toMatchObject({ value: 200_000, status: 'met' });
    expect(byId('server')!.status).toBe('not measured');
  });
});

describe('renderMarkdown', () => {
  const results: BenchResults = {
    run: {
      date: '2025-01-02T03:04:05.000Z',
      commit: 'abc1234',
      dirty: true,
      mode: 'quick',
      command: 'npm run bench -- --quick',
      durationS: 100,
      loadAverage: { start: 1.5, end: 1.2 },
      plan: {},
    },
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      memoryGiB: 8,
      os: 'Linux 6',
      node: 'v20.0.0',
      chromium: '156.0',
    },
    figures: deriveFigures(raw()),
    raw: raw(),
  };
  const md = renderMarkdown(results);

  it('says which run wrote it, on what machine', () => {
    expect(md).toContain(
      '`npm run bench -- --quick` on 2025-01-02 (commit `abc1234` with uncommitted changes)',
    );
    expect(md).toContain('**A quick run**');
    expect(md).toContain('The machine was busy');
    expect(md).toContain('| Test CPU | 2 | 8 GiB | Linux 6 | v20.0.0 | 156.0 | 1.50 → 1.20 |');
  });

  it('lists each target with its value and verdict, and why for the missed ones', () => {
    expect(md).toContain(
      '| navigation to a usable lab, cold (new profile) | ≤ 2.50 s | 3.20 s | **missed** |',
    );
    expect(md).toContain(
      '| the same, warm (a second visit in the same profile) | ≤ 1.00 s | 800 ms | met |',
    );
    expect(md).toMatch(
      /- \*\*navigation to a usable lab, cold \(new profile\)\*\*: 3\.20 s against ≤ 2\.50 s\. Why: /,
    );
    expect(md).toContain('- `grading_node`: boom');
  });

  it('keeps table cells on one line', () => {
    for (const line of md.split('\n').filter((l) => l.startsWith('| ')))
      expect(line.trimEnd().endsWith('|')).toBe(true);
  });
});
