/**
 * The run chart's data: one record per build of the lab's model (fct_orders by default), kept across
 * reloads, and the comparison of the last full build with the last incremental run that the chart's
 * sentence states ("processed 1.2% of the rows … in 18% of the time").
 */
import { z } from 'zod';
import type { DbtResult, NodeResult } from '@/lib/dbt/types';
import type { KeyValueStore } from './kv-store';

export const RUN_HISTORY_KEY = 'run-history';
export const MAX_RUNS = 100;
export const DEFAULT_MODEL = 'fct_orders';

const tableReadSchema = z.object({ table: z.string(), rows: z.number().nonnegative() });
const count = z.number().int().nonnegative();
const windowSchema = z.object({
  column: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  mark: z.string().nullable(),
});

const runRecordSchema = z.object({
  id: z.string(),
  /** Wall-clock time of the run (ISO). */
  at: z.string(),
  model: z.string(),
  /** `full`: a table/view build, an incremental model's first build or a --full-refresh. */
  kind: z.enum(['full', 'incremental']),
  materialized: z.string(),
  status: z.string(),
  ms: z.number().nonnegative(),
  /** Rows the model's SELECT produced this run: the work the incremental filter saves. */
  batch: count,
  inserted: count,
  updated: count,
  deleted: count,
  total: count,
  /** Lab clock when it ran (`YYYY-MM-DD HH:MM:SS`). */
  clock: z.string().optional(),
  /** Rows read per source table, when the run was profiled. */
  reads: z.array(tableReadSchema).optional(),
  /**
   * The window the build read on a timestamp column (`NodeResult.window`, with the engine's
   * `windowColumn` option): the batch's first and last value, and the table's high-water mark
   * before the run.
   */
  window: windowSchema.optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunKind = RunRecord['kind'];

export interface RecordOptions {
  at: Date;
  clock?: string;
  model?: string;
}

/**
 * The records of `model`'s builds in one dbt result. Errored and skipped builds are left out: they
 * carry no row counts, their time measures a failure rather than the work of a build, and the
 * terminal already reports them — a zero bar would read as "the incremental run did nothing".
 */
export function recordsFromResult(result: DbtResult, opts: RecordOptions): RunRecord[] {
  const model = opts.model ?? DEFAULT_MODEL;
  const at = opts.at.toISOString();
  return result.results
    .filter((n) => n.resourceType === 'model' && n.name === model && n.status === 'success')
    .map((node) => toRecord(node, at, opts.clock));
}

function toRecord(node: NodeResult, at: string, clock: string | undefined): RunRecord {
  // A view has no row counts: building it runs no query over the data.
  const rows = node.rows ?? { batch: 0, inserted: 0, updated: 0, deleted: 0, total: 0 };
  return {
    id: `${node.uniqueId}@${at}`,
    at,
    model: node.name,
    kind: node.incremental === true ? 'incremental' : 'full',
    materialized: node.materialized ?? 'unknown',
    status: node.status,
    ms: Math.max(0, Math.round(node.timingMs)),
    batch: rows.batch,
    inserted: rows.inserted,
    updated: rows.updated,
    deleted: rows.deleted,
    total: rows.total,
    ...(clock !== undefined && { clock }),
    ...(node.reads && { reads: node.reads.map((r) => ({ table: r.table, rows: r.rows })) }),
    ...(node.window && { window: { ...node.window } }),
  };
}

/**
 * `records` after `history`, keeping the newest `cap`. A record already present (same id) is not
 * added twice, so handling the same result twice does not draw the run twice.
 */
export function appendRuns(
  history: readonly RunRecord[],
  records: readonly RunRecord[],
  cap: number = MAX_RUNS,
): RunRecord[] {
  const seen = new Set(history.map((r) => r.id));
  const next = [...history];
  for (const record of records) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    next.push(record);
  }
  return cap > 0 ? next.slice(-cap) : [];
}

/** A saved history, keeping its readable records; anything else (damaged, older shape) gives []. */
export function parseRunHistory(value: unknown): RunRecord[] {
  if (!Array.isArray(value)) return [];
  const runs: RunRecord[] = [];
  for (const item of value) {
    const parsed = runRecordSchema.safeParse(item);
    if (parsed.success) runs.push(parsed.data);
  }
  return runs.slice(-MAX_RUNS);
}

export async function loadRunHistory(store: KeyValueStore): Promise<RunRecord[]> {
  return parseRunHistory(await store.get(RUN_HISTORY_KEY));
}

export async function saveRunHistory(
  store: KeyValueStore,
  history: readonly RunRecord[],
): Promise<void> {
  await store.set(RUN_HISTORY_KEY, history.slice(-MAX_RUNS));
}

/** Rows read from all source tables, or undefined when the run was not profiled. */
export function rowsRead(run: RunRecord): number | undefined {
  return run.reads?.reduce((sum, r) => sum + r.rows, 0);
}

export interface RunSummary {
  lastFull?: RunRecord;
  lastIncremental?: RunRecord;
  /** Last incremental batch ÷ last full batch; null when either is missing or the full had 0 rows. */
  rowsRatio: number | null;
  /** Same for the build time. */
  timeRatio: number | null;
  /** Same for the rows read from the sources, when both runs were profiled. */
  readRatio: number | null;
}

function ratio(part: number | undefined, whole: number | undefined): number | null {
  if (part === undefined || whole === undefined || whole <= 0) return null;
  return part / whole;
}

export function summarize(history: readonly RunRecord[]): RunSummary {
  const lastFull = history.findLast((r) => r.kind === 'full');
  const lastIncremental = history.findLast((r) => r.kind === 'incremental');
  if (!lastFull || !lastIncremental)
    return { lastFull, lastIncremental, rowsRatio: null, timeRatio: null, readRatio: null };
  return {
    lastFull,
    lastIncremental,
    rowsRatio: ratio(lastIncremental.batch, lastFull.batch),
    timeRatio: ratio(lastIncremental.ms, lastFull.ms),
    readRatio: ratio(rowsRead(lastIncremental), rowsRead(lastFull)),
  };
}

/** 0.012 → "1.2%", 0.18 → "18%", 3.5 → "350%"; a tiny non-zero share is not rounded to 0. */
export function formatPercent(value: number): string {
  const percent = value * 100;
  if (percent === 0) return '0%';
  if (percent < 0.1) return 'under 0.1%';
  if (percent < 10) return `${percent.toFixed(1).replace(/\.0$/, '')}%`;
  return `${Math.round(percent)}%`;
}

/** Above this share of the full build's reads, the sentence says the window saves little reading. */
const HEAVY_READ = 0.5;

/** The chart's headline, or null when there is no run to talk about. */
export function summarySentence(summary: RunSummary, model: string = DEFAULT_MODEL): string | null {
  const { lastFull, lastIncremental, rowsRatio, timeRatio, readRatio } = summary;
  if (!lastFull && !lastIncremental) return null;
  if (!lastIncremental)
    return `No incremental run yet: run dbt run -s ${model} again (after releasing new orders) to compare it with this full build.`;
  if (!lastFull)
    return `No full build in this history: run dbt run -s ${model} --full-refresh to compare the incremental runs with one.`;
  const time = timeRatio === null ? '' : `, in ${formatPercent(timeRatio)} of the time`;
  // The work done comes first: a batch can be small while every source row is still read.
  const readFirst =
    readRatio === null || rowsRatio === null
      ? null
      : `The last incremental run read ${formatPercent(readRatio)} of the source rows the full build read and processed ${formatPercent(rowsRatio)} of its rows${time}.${
          readRatio > HEAVY_READ
            ? ' Most source rows are still read: only a filter that reaches a table’s own scan reads less of it; the rest of the saving is in the joins and aggregations, which the time shows.'
            : ''
        }`;
  if (readFirst) return readFirst;
  const read =
    readRatio === null
      ? ''
      : ` It read ${formatPercent(readRatio)} of the source rows the full build read.`;
  if (rowsRatio === null)
    return `The last full build produced no rows, so the row counts cannot be compared${
      timeRatio === null
        ? ''
        : `; the last incremental run took ${formatPercent(timeRatio)} of its time`
    }.${read}`;
  // Here the reads are unknown (a run was not profiled): rows and time only.
  return `The last incremental run processed ${formatPercent(rowsRatio)} of the rows of the last full build${time}.`;
}
