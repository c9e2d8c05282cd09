/**
 * The database journal. The lab's DuckDB lives in the page's memory and is gone after a reload, but
 * the student's tables are part of their work: an incremental table is the sum of every run on
 * every day of data. So each step that changes the database (a data event, a data reset, a
 * `dbt run|build|seed`, a console statement that writes) is journaled in IndexedDB, and after a
 * reload the database is rebuilt by replaying the journal on freshly loaded data. Runs replay with
 * the files as they are now, which is what the student would get by running them again.
 */
import { z } from 'zod';
import type { TimelineEventId } from '@/lib/data/types';
import type { KeyValueStore } from './kv-store';

export type JournalEntry =
  | { kind: 'event'; id: TimelineEventId }
  | { kind: 'reset-data' }
  | { kind: 'dbt'; argv: string[] }
  | { kind: 'sql'; sql: string };

export interface Journal {
  entries: JournalEntry[];
  /** Older entries were dropped to respect the cap: a replay may differ from what was there. */
  truncated: boolean;
}

export const JOURNAL_KEY = 'db-journal';
/** Enough for a long lab session; a replay of this many steps takes well under a minute at SF1. */
export const MAX_JOURNAL = 200;

const entrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'),
    id: z.enum(['new_orders', 'late_payments', 'status_changes', 'late_correction']),
  }),
  z.object({ kind: z.literal('reset-data') }),
  z.object({ kind: z.literal('dbt'), argv: z.array(z.string()) }),
  z.object({ kind: z.literal('sql'), sql: z.string() }),
]) satisfies z.ZodType<JournalEntry>; // the event ids above must be real TimelineEventIds
const journalSchema = z.object({ entries: z.array(entrySchema), truncated: z.boolean() });

export const EMPTY_JOURNAL: Journal = { entries: [], truncated: false };

/** A saved journal, or an empty one when it is missing or damaged (the data then starts fresh). */
export function parseJournal(value: unknown): Journal {
  const parsed = journalSchema.safeParse(value);
  return parsed.success ? parsed.data : EMPTY_JOURNAL;
}

export function appendEntry(journal: Journal, entry: JournalEntry, cap = MAX_JOURNAL): Journal {
  const entries = [...journal.entries, entry];
  if (entries.length <= cap) return { entries, truncated: journal.truncated };
  return { entries: entries.slice(entries.length - cap), truncated: true };
}

/** dbt commands that build relations, or may (an operation's macro can run any SQL). */
const BUILDING_COMMANDS = new Set(['run', 'build', 'seed', 'run-operation']);

export function changesDatabase(command: string): boolean {
  return BUILDING_COMMANDS.has(command);
}

/** Statements that only read: a console query starting with one of these is not journaled. */
const READ_ONLY =
  /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(select|with|from|values|table|show|describe|desc|summarize|explain|pragma\s+(?:table_info|show|database_list|version)|\()/i;

/**
 * Whether console SQL may change the database. Errs on the side of journaling: replaying a query
 * costs little, forgetting an `update` loses the student's step.
 */
export function sqlMayWrite(sql: string): boolean {
  const statements = sql.split(';').filter((s) => s.replace(/--[^\n]*/g, '').trim() !== '');
  return statements.some((statement) => !READ_ONLY.test(statement));
}

export interface JournalSummary {
  events: number;
  runs: number;
  statements: number;
}

export function summarizeJournal(journal: Journal): JournalSummary {
  const summary: JournalSummary = { events: 0, runs: 0, statements: 0 };
  for (const entry of journal.entries) {
    if (entry.kind === 'dbt') summary.runs++;
    else if (entry.kind === 'sql') summary.statements++;
    else summary.events++;
  }
  return summary;
}

export function describeSummary({ events, runs, statements }: JournalSummary): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [];
  if (events) parts.push(plural(events, 'data step', 'data steps'));
  if (runs) parts.push(plural(runs, 'dbt command', 'dbt commands'));
  if (statements) parts.push(plural(statements, 'SQL statement', 'SQL statements'));
  return parts.join(', ');
}

export async function loadJournal(store: KeyValueStore): Promise<Journal> {
  return parseJournal(await store.get(JOURNAL_KEY));
}

export async function saveJournal(store: KeyValueStore, journal: Journal): Promise<void> {
  await store.set(JOURNAL_KEY, journal);
}
