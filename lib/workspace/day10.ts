/**
 * Day 10's state: the course's students arrive with the starter project built (staging and
 * intermediate views, the marts as tables), so the lab's database starts there too. After the data
 * loads, and after every data reset, the starter project (never the student's edits) is built with
 * `dbt run`; the student's first run of an incremental `fct_orders` then meets an existing table, as
 * it would on their own project.
 */
import { getLabClock, resetTimeline } from '@/lib/data';
import { parseArgs, runDbt, UsageError } from '@/lib/dbt';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';

export interface Day10Outcome {
  ok: boolean;
  /** One line for the terminal: what was built and fct_orders' row count, or why it failed. */
  line: string;
  ms: number;
}

const n = (value: number) => value.toLocaleString('en-US');

export async function buildDay10(
  connection: Connection,
  starter: ProjectFiles,
): Promise<Day10Outcome> {
  const started = Date.now();
  const command = parseArgs(['run']);
  if (command instanceof UsageError) throw command;
  const result = await runDbt(command, {
    connection,
    files: starter,
    clock: await getLabClock(connection),
  });
  const ms = Date.now() - started;
  const failed = result.results.filter((r) => r.status !== 'success');
  if (result.exitCode !== 0 || failed.length > 0)
    return {
      ok: false,
      line: `Could not build Day 10's project (${failed.map((r) => r.name).join(', ') || result.error?.message || 'see the log'}): build it yourself with dbt run.`,
      ms,
    };
  const models = result.results.filter((r) => r.resourceType === 'model');
  const views = models.filter((r) => r.materialized === 'view').length;
  const tables = models.filter((r) => r.materialized !== 'view');
  const facts = models.find((r) => r.name === 'fct_orders');
  const tableList = tables.map((r) => r.name).join(' and ');
  return {
    ok: true,
    line:
      `Day 10's project is built: ${views} staging and intermediate views, ${tableList} as tables` +
      `${facts?.rows ? `; fct_orders has ${n(facts.rows.total)} rows` : ''} (${(ms / 1000).toFixed(1)}s).`,
    ms,
  };
}

/** Back to where Day 10 ended: the data at the cut-off and the starter project built on it. */
export async function resetToDay10(
  connection: Connection,
  starter: ProjectFiles,
): Promise<Day10Outcome> {
  await resetTimeline(connection);
  return buildDay10(connection, starter);
}
