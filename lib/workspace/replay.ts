/**
 * Rebuilding the lab database from its journal (see `db-journal.ts`) on freshly loaded course data:
 * each step is played in order with the lab clock of its moment. A step that fails now (a file
 * changed since, say) is counted and skipped, as the student would see on running it again; it
 * never stops the rebuild.
 */
import { applyTimelineEvent, getLabClock } from '@/lib/data';
import { parseArgs, runDbt, UsageError } from '@/lib/dbt';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { resetToDay10 } from './day10';
import type { Journal, JournalEntry } from './db-journal';

export interface ReplayOutcome {
  steps: number;
  /** Steps that failed on replay, with why. */
  failures: { entry: JournalEntry; message: string }[];
  ms: number;
}

function describeEntry(entry: JournalEntry): string {
  switch (entry.kind) {
    case 'event':
      return `data event ${entry.id}`;
    case 'reset-data':
      return 'data reset';
    case 'dbt':
      return `dbt ${entry.argv.join(' ')}`;
    case 'sql':
      return `SQL: ${entry.sql.replace(/\s+/g, ' ').slice(0, 60)}`;
  }
}

async function replayEntry(
  connection: Connection,
  files: ProjectFiles,
  starter: ProjectFiles,
  entry: JournalEntry,
): Promise<string | null> {
  switch (entry.kind) {
    case 'event':
      await applyTimelineEvent(connection, entry.id);
      return null;
    case 'reset-data': {
      const day10 = await resetToDay10(connection, starter);
      return day10.ok ? null : day10.line;
    }
    case 'sql':
      await connection.exec(entry.sql);
      return null;
    case 'dbt': {
      const command = parseArgs(entry.argv);
      if (command instanceof UsageError) return command.message;
      const clock = await getLabClock(connection);
      const result = await runDbt(command, { connection, files, clock });
      if (result.exitCode === 0) return null;
      const failed = result.results.filter((r) => r.status === 'error').map((r) => r.name);
      return result.error?.message ?? `failed: ${failed.join(', ') || 'see the log'}`;
    }
  }
}

/**
 * Replays `journal` on freshly loaded data with Day 10's project already built (see day10.ts);
 * `starter` is what a data reset builds again.
 */
export async function replayJournal(
  connection: Connection,
  files: ProjectFiles,
  starter: ProjectFiles,
  journal: Journal,
  onStep?: (done: number, total: number, description: string) => void,
): Promise<ReplayOutcome> {
  const started = Date.now();
  const failures: ReplayOutcome['failures'] = [];
  const total = journal.entries.length;
  for (const [index, entry] of journal.entries.entries()) {
    onStep?.(index, total, describeEntry(entry));
    let message: string | null;
    try {
      message = await replayEntry(connection, files, starter, entry);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    if (message !== null) failures.push({ entry, message: `${describeEntry(entry)}: ${message}` });
  }
  return { steps: total, failures, ms: Date.now() - started };
}
