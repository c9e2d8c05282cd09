/**
 * The high-water-mark view, from real runs: the first build reads everything, the solution's runs
 * reach three days behind the clock, and a strict high-water mark re-reads nothing already loaded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyTimelineEvent, getLabClock, loadLabData } from '@/lib/data';
import { parseArgs, runDbt, UsageError, type ProjectFiles } from '@/lib/dbt';
import { solutionProjectFiles } from '@/lib/dbt/course-project.node';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import {
  appendRuns,
  parseRunHistory,
  recordsFromResult,
  type RunRecord,
} from '@/lib/workspace/run-history';
import { runWindows } from './windows';

const MODEL = 'models/marts/fct_orders.sql';

let connection: Connection;
beforeEach(async () => {
  connection = await openNodeConnection();
  await loadLabData(connection, { kind: 'generated', scale: 0.05, seed: 42 });
});
afterEach(() => connection.close());

/** Builds, then a day of new orders and a run, twice: the history the run chart keeps. */
async function history(files: ProjectFiles): Promise<RunRecord[]> {
  let runs: RunRecord[] = [];
  for (const step of ['build', 'new_orders', 'new_orders'] as const) {
    if (step !== 'build') await applyTimelineEvent(connection, step);
    const clock = await getLabClock(connection);
    const command = parseArgs(['run', '-s', step === 'build' ? '+fct_orders' : 'fct_orders']);
    if (command instanceof UsageError) throw command;
    const result = await runDbt(command, {
      connection,
      files,
      clock,
      windowColumn: 'order_purchase_ts',
    });
    expect(result.exitCode).toBe(0);
    runs = appendRuns(runs, recordsFromResult(result, { at: new Date(), clock }));
  }
  // the history survives being saved and read back
  return parseRunHistory(JSON.parse(JSON.stringify(runs)));
}

describe('runWindows', () => {
  it('the solution: each run reads the three days before the clock, behind the mark', async () => {
    const windows = runWindows(await history(await solutionProjectFiles()));
    expect(windows.map((w) => w.kind)).toEqual(['full', 'incremental', 'incremental']);
    const [full, first, second] = windows as [
      (typeof windows)[0],
      (typeof windows)[0],
      (typeof windows)[0],
    ];
    expect(full.mark).toBeNull();
    expect(full.from! < '2017-01-01').toBe(true);
    expect(first.clock).toBe('2018-08-15 23:59:59');
    expect(first.mark! < '2018-08-15').toBe(true);
    expect(first.to! >= '2018-08-15').toBe(true);
    expect(first.from! >= '2018-08-12 23:59:59').toBe(true);
    expect(first.reachDays).toBeGreaterThan(2.5);
    expect(first.reachDays).toBeLessThanOrEqual(3);
    expect(first.overlapDays).toBeGreaterThan(1);
    expect(first.rewritten).toBeGreaterThan(0);
    expect(second.mark).toBe(first.to);
  });

  it('a strict high-water mark: the window starts after the mark, nothing loaded is re-read', async () => {
    const solution = await solutionProjectFiles();
    const files = {
      ...solution,
      [MODEL]: solution[MODEL]!.replace(
        "dateadd('day', -3, current_timestamp)",
        '(select max(order_purchase_ts) from {{ this }}) + interval 1 second',
      ),
    };
    const [, first] = runWindows(await history(files));
    expect(first!.overlapDays!).toBeLessThan(0);
    expect(first!.rewritten).toBe(0);
  });

  it('leaves out runs recorded without a window', () => {
    const run = { id: 'a', at: '2024-01-01T00:00:00Z', model: 'fct_orders', kind: 'full' } as const;
    const records = parseRunHistory([
      {
        ...run,
        materialized: 'table',
        status: 'success',
        ms: 1,
        batch: 1,
        inserted: 1,
        updated: 0,
        deleted: 0,
        total: 1,
      },
    ]);
    expect(records).toHaveLength(1);
    expect(runWindows(records)).toEqual([]);
  });
});
