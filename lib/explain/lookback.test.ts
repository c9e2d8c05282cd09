/**
 * The lateness lab's sweep against separate runs: for the solution at 0, 3 and 7 days, each width
 * played on a database of its own the way the grader plays a model (the model under its own name,
 * its views as views, one `dbt run` a day, a full rebuild on the final data as the reference) must
 * give the sweep's cost per run and its errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLabData } from '@/lib/data';
import { DEFAULT_LATENESS, releaseLateDay } from '@/lib/data/timeline/lateness';
import { compileModel, parseArgs, runDbt, UsageError, type ProjectFiles } from '@/lib/dbt';
import { solutionProjectFiles } from '@/lib/dbt/course-project.node';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { diffSummary, materializeDiff } from '@/lib/grader/table-diff';
import { SWEEP_DATA, sweepLookback, type LookbackSweep } from './lookback';

const MODEL = 'models/marts/fct_orders.sql';
const DAYS = 14;
const CUTOFF = '2018-08-09'; // 14 days before the sweep's last day, 2018-08-23
const WINDOW = "dateadd('day', -3, current_timestamp)";

let solution: ProjectFiles;
let sweep: LookbackSweep;
const open: Connection[] = [];

async function fresh(): Promise<Connection> {
  const connection = await openNodeConnection();
  open.push(connection);
  return connection;
}

beforeAll(async () => {
  solution = await solutionProjectFiles();
  expect(solution[MODEL]).toContain(WINDOW);
  const started = performance.now();
  sweep = await sweepLookback({ connection: await fresh(), files: solution });
  const runs = sweep.widths.length * (DAYS + 1);
  console.info(
    `sweep: ${sweep.widths.length} widths × ${DAYS} days (${runs} model builds, ${sweep.data}) in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}, 180_000);

afterAll(async () => {
  for (const connection of open) await connection.close();
});

interface SeparateRun {
  batchRows: number[];
  rescannedRows: number[];
  errors: number;
  correctionMissed: boolean;
}

/** One width on its own database, as the grader runs a model. */
async function separateRun(width: number): Promise<SeparateRun> {
  const connection = await fresh();
  const info = await loadLabData(connection, SWEEP_DATA, { cutoff: CUTOFF });
  const files = {
    ...solution,
    [MODEL]: solution[MODEL]!.replace(WINDOW, `dateadd('day', -${width}, current_timestamp)`),
  };
  let clock = info.clock;
  const run = async (argv: string[]) => {
    const command = parseArgs(argv);
    if (command instanceof UsageError) throw command;
    const result = await runDbt(command, { connection, files, clock });
    expect(result.exitCode, result.log.join('\n')).toBe(0);
    return result.results.find((r) => r.name === 'fct_orders')!;
  };
  await run(['run', '-s', '+fct_orders']);
  const batchRows: number[] = [];
  const rescannedRows: number[] = [];
  let correction: string | null = null;
  for (let day = 1; day <= DAYS; day++) {
    const released = await releaseLateDay(
      connection,
      DEFAULT_LATENESS,
      day === DAYS ? { correctionAgeDays: 15 } : {},
    );
    clock = released.clock;
    correction = released.correction?.orderId ?? correction;
    const node = await run(['run', '-s', 'fct_orders']);
    expect(node.incremental).toBe(true);
    batchRows.push(node.rows!.batch);
    rescannedRows.push(node.rows!.updated);
  }
  const { firstBuildSql } = await compileModel({ connection, files, clock }, 'fct_orders');
  await connection.exec(`create table main.grade_reference as (${firstBuildSql})`);
  await materializeDiff(connection, 'main.fct_orders', 'main.grade_reference', 'grade_diff');
  const all = await diffSummary(connection, 'grade_diff', ['order_id']);
  const corrected = await diffSummary(connection, 'grade_diff', ['order_id'], {
    only: correction ? [correction] : [],
  });
  return {
    batchRows,
    rescannedRows,
    errors: all.keyCount,
    correctionMissed: corrected.keyCount === 1,
  };
}

describe('sweepLookback on the solution', () => {
  it('finds the solution’s 3-day window and runs every width of the slider', () => {
    expect(sweep.injection.kind).toBe('literal');
    expect(sweep.currentWidth).toBe(3);
    expect(sweep.widths.map((w) => w.width)).toEqual([...Array(15).keys()]);
    expect(sweep.widths.every((w) => w.error === null)).toBe(true);
    expect(sweep.days).toHaveLength(DAYS);
    expect(sweep.correction!.ageDays).toBeGreaterThanOrEqual(15);
  });

  it.each([0, 3, 7])('at %i days: the same cost and errors as a separate run', async (width) => {
    const separate = await separateRun(width);
    const swept = sweep.widths.find((w) => w.width === width)!;
    expect(swept.batchRows).toEqual(separate.batchRows);
    expect(swept.rescannedRows).toEqual(separate.rescannedRows);
    expect(swept.errors!.total).toBe(separate.errors);
    expect(swept.errors!.correction).toBe(separate.correctionMissed ? 1 : 0);
  });

  it('draws the trade-off: cost grows with the width, errors shrink to the one no window catches', () => {
    const cost = sweep.widths.map((w) => w.cost.totalBatchRows);
    const errors = sweep.widths.map((w) => w.errors!.total);
    for (let i = 1; i < cost.length; i++) {
      expect(cost[i]).toBeGreaterThan(cost[i - 1]!);
      expect(errors[i]).toBeLessThanOrEqual(errors[i - 1]!);
    }
    // width 0 recomputes nothing, so every new order is missing
    const zero = sweep.widths[0]!;
    expect(zero.cost.totalBatchRows).toBe(0);
    expect(zero.errors!.missing).toBe(sweep.days.reduce((s, d) => s + d.newOrders, 0));
    // the widest window still misses the very late correction, and only it
    const widest = sweep.widths.at(-1)!;
    expect(widest.errors).toMatchObject({ total: 1, correction: 1, catchable: 0 });
    expect(sweep.widths.every((w) => w.errors!.correction === 1)).toBe(true);
    expect(errors[3]).toBeGreaterThan(errors[7]!);
  });
});

describe('sweepLookback on other models', () => {
  it('a var() window gives the same numbers as the same width written in', async () => {
    const files = {
      ...solution,
      [MODEL]: solution[MODEL]!.replace(
        WINDOW,
        "dateadd('day', -{{ var('lookback_days', 3) }}, current_timestamp)",
      ),
    };
    const viaVar = await sweepLookback({
      connection: await fresh(),
      files,
      widths: [1, 3],
      days: 4,
    });
    const literal = await sweepLookback({
      connection: await fresh(),
      files: solution,
      widths: [1, 3],
      days: 4,
    });
    expect(viaVar.injection).toEqual({ kind: 'var', name: 'lookback_days', current: 3 });
    expect(viaVar.widths.map((w) => [w.batchRows, w.errors])).toEqual(
      literal.widths.map((w) => [w.batchRows, w.errors]),
    );
  });

  it('a database used for a sweep before gives the same numbers again', async () => {
    const connection = await fresh();
    const options = { connection, files: solution, widths: [2, 5], days: 3 };
    const first = await sweepLookback(options);
    const again = await sweepLookback(options);
    expect(again.widths).toEqual(first.widths);
    expect(again.days).toEqual(first.days);
  });

  it('a model without a day count in its window: says why, runs nothing', async () => {
    const files = {
      ...solution,
      [MODEL]: solution[MODEL]!.replace(WINDOW, '(select max(order_purchase_ts) from {{ this }})'),
    };
    const result = await sweepLookback({ connection: await fresh(), files });
    expect(result.injection.kind).toBe('none');
    expect(result.widths).toEqual([]);
  });
});
