/**
 * Benchmark of what the lab workspace adds on top of the engine, on native DuckDB:
 * - profiling: a build of the course solution's fct_orders with and without the profiler;
 * - work done: rows read and written by a full build and an incremental run, for the course's naive
 *   model (window after the joins) and the solution (window in the driving table);
 * - rebuild after a reload: replaying a typical session's journal on freshly loaded data.
 *   npm run -s bench:workspace                 # SF1, 5 runs per timing
 *   npm run -s bench:workspace -- --scale 0.25 --runs 3
 */
import { parseArgs as parseCli } from 'node:util';
import { getLabClock, loadLabData } from '@/lib/data';
import { parseArgs, runDbt, UsageError } from '@/lib/dbt';
import { stretchProjectFiles, starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { NodeResult, ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import {
  appendEntry,
  EMPTY_JOURNAL,
  type Journal,
  type JournalEntry,
} from '@/lib/workspace/db-journal';
import { replayJournal } from '@/lib/workspace/replay';

async function dbt(
  connection: Connection,
  files: ProjectFiles,
  line: string,
  profile = false,
): Promise<NodeResult | undefined> {
  const command = parseArgs(line.split(' '));
  if (command instanceof UsageError) throw command;
  const clock = await getLabClock(connection);
  const result = await runDbt(command, { connection, files, clock, profile });
  if (result.exitCode !== 0) throw new Error(`${line} failed:\n${result.log.join('\n')}`);
  return result.results.find((r) => r.name === 'fct_orders');
}

function median(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms (${sorted[0]!.toFixed(0)}–${sorted.at(-1)!.toFixed(0)})`;
}

function work(result: NodeResult | undefined): string {
  const read = (result?.reads ?? []).map((r) => `${r.table} ${r.rows}`).join(', ');
  const rows = result?.rows;
  const written = rows ? rows.inserted + rows.updated + rows.deleted : 0;
  return `read ${read}; batch ${rows?.batch}; written ${written}; ${result?.timingMs.toFixed(0)} ms`;
}

async function main() {
  const { values } = parseCli({
    options: { scale: { type: 'string', default: '1' }, runs: { type: 'string', default: '5' } },
  });
  const data = { kind: 'generated', scale: Number(values.scale), seed: 42 } as const;
  const runs = Number(values.runs);
  const solution = await stretchProjectFiles(); // the stretch version: the window in the inputs
  // The starter made incremental the way the course first shows it: the window after the joins.
  const starter = await starterProjectFiles();
  const naive: ProjectFiles = {
    ...starter,
    'models/marts/fct_orders.sql': `{{ config(materialized='incremental', unique_key='order_id') }}
${starter['models/marts/fct_orders.sql']}
{% if is_incremental() %}
where order_purchase_ts >= current_timestamp - interval 3 day
{% endif %}
`,
  };

  const connection = await openNodeConnection();
  await loadLabData(connection, data);
  await dbt(connection, naive, 'run --exclude fct_orders'); // every parent of both versions

  // 1. Profiling overhead on a full build.
  const plain: number[] = [];
  const profiled: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [profile, times] of [
      [false, plain],
      [true, profiled],
    ] as const) {
      const started = performance.now();
      await dbt(connection, solution, 'run -s fct_orders --full-refresh', profile);
      times.push(performance.now() - started);
    }
  }
  console.log(`full build of fct_orders at SF${data.scale}: plain ${median(plain)}`);
  console.log(`                           profiled ${median(profiled)}`);

  // 2. Work done, full vs incremental, for both ways of writing the window.
  for (const [name, files] of [
    ['solution', solution],
    ['naive (window after the joins)', naive],
  ] as const) {
    console.log(
      `${name}: full        ${work(await dbt(connection, files, 'run -s fct_orders --full-refresh', true))}`,
    );
    console.log(
      `${name}: incremental ${work(await dbt(connection, files, 'run -s fct_orders', true))}`,
    );
  }
  await connection.close();

  // 3. Replaying a typical session after a reload: two days of data, five runs, one console update.
  let journal: Journal = EMPTY_JOURNAL;
  for (const entry of [
    { kind: 'dbt', argv: ['run', '-s', '+fct_orders'] },
    { kind: 'dbt', argv: ['run', '-s', 'fct_orders'] },
    { kind: 'event', id: 'new_orders' },
    { kind: 'event', id: 'late_payments' },
    { kind: 'dbt', argv: ['run', '-s', 'fct_orders'] },
    { kind: 'sql', sql: "update raw.orders set order_status = 'delivered' where false" },
    { kind: 'event', id: 'new_orders' },
    { kind: 'dbt', argv: ['run', '-s', 'fct_orders'] },
    { kind: 'dbt', argv: ['run', '-s', 'fct_orders', '--full-refresh'] },
  ] satisfies JournalEntry[])
    journal = appendEntry(journal, entry);
  const replays: number[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const fresh = await openNodeConnection();
    await loadLabData(fresh, data);
    const outcome = await replayJournal(fresh, solution, solution, journal);
    if (outcome.failures.length) throw new Error(JSON.stringify(outcome.failures));
    replays.push(outcome.ms);
    await fresh.close();
  }
  console.log(
    `replaying a ${journal.entries.length}-step journal at SF${data.scale}: ${median(replays)}`,
  );
}

void main();
