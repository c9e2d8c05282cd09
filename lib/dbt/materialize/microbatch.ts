/**
 * The `microbatch` incremental strategy as dbt-core plans it and dbt-duckdb (≥ 1.10.1, DuckDB ≥ 1.4)
 * runs it: the model is built one `batch_size` window of `event_time` at a time; each batch's refs
 * and sources that have an `event_time` are filtered to the window, and the batch replaces the
 * target's rows in that window (delete + insert, no `unique_key`). Without `--event-time-start`, a
 * first build runs from `begin`; later runs re-process the last `lookback` batches before now.
 */
import type { Connection } from '@/lib/engine/connection';
import { CompilationError, ProjectError } from '../errors';
import type { NodeConfig } from '../project/config';
import { quoteIdentifier, type Relation } from '../relation';
import type { ColumnInfo } from './schema-change';
import { queryStatement, runStatement } from './sql';

export const BATCH_SIZES = ['hour', 'day', 'month', 'year'] as const;
export type BatchSize = (typeof BATCH_SIZES)[number];

export interface Batch {
  /** `20180814` (day), `20180814T01` (hour), `201808` (month), `2018` (year): dbt's batch id. */
  id: string;
  /** `2018-08-14`, `2018-08-14T01`, `2018-08`, `2018`: how the run log names the batch. */
  label: string;
  start: Date;
  end: Date;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Python's `str()` of an aware UTC datetime: how dbt writes a batch bound into SQL. */
export function sqlBound(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+00:00`;
}

export function truncate(date: Date, size: BatchSize): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  switch (size) {
    case 'hour':
      return new Date(Date.UTC(y, m, date.getUTCDate(), date.getUTCHours()));
    case 'day':
      return new Date(Date.UTC(y, m, date.getUTCDate()));
    case 'month':
      return new Date(Date.UTC(y, m, 1));
    case 'year':
      return new Date(Date.UTC(y, 0, 1));
  }
}

export function offset(date: Date, size: BatchSize, n: number): Date {
  const t = truncate(date, size);
  switch (size) {
    case 'hour':
      return new Date(t.getTime() + n * 3_600_000);
    case 'day':
      return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + n));
    case 'month':
      return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + n, 1));
    case 'year':
      return new Date(Date.UTC(t.getUTCFullYear() + n, 0, 1));
  }
}

function ceiling(date: Date, size: BatchSize): Date {
  const t = truncate(date, size);
  return t.getTime() === date.getTime() ? t : offset(t, size, 1);
}

function batchNames(start: Date, size: BatchSize): { id: string; label: string } {
  const y = String(start.getUTCFullYear());
  const m = pad(start.getUTCMonth() + 1);
  const d = pad(start.getUTCDate());
  const h = pad(start.getUTCHours());
  switch (size) {
    case 'hour':
      return { id: `${y}${m}${d}T${h}`, label: `${y}-${m}-${d}T${h}` };
    case 'day':
      return { id: `${y}${m}${d}`, label: `${y}-${m}-${d}` };
    case 'month':
      return { id: `${y}${m}`, label: `${y}-${m}` };
    case 'year':
      return { id: y, label: y };
  }
}

/** `begin` / a CLI bound as a UTC instant: ISO text (`2018-08-01`, `2018-08-01 06:00:00`). */
export function parseInstant(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (value && typeof value === 'object' && 'micros' in value) {
    return new Date(Number((value as { micros: number }).micros) / 1000);
  }
  if (typeof value !== 'string') return null;
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(?:\.\d+)?(?:Z|[+-]00:?00)?$/.exec(
      value.trim(),
    );
  if (!m) return null;
  const date = new Date(
    Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)),
  );
  return Number.isNaN(date.getTime()) ? null : date;
}

export interface MicrobatchConfig {
  eventTime: string;
  batchSize: BatchSize;
  begin: Date;
  lookback: number;
}

export function isMicrobatch(config: NodeConfig): boolean {
  return config.materialized === 'incremental' && config.incremental_strategy === 'microbatch';
}

function parsingError(message: string, file: string): never {
  throw new ProjectError(`Parsing Error\n  ${message}`, file);
}

/** dbt's parse-time checks of a microbatch model, in dbt's order and words. */
export function microbatchConfig(name: string, file: string, config: NodeConfig): MicrobatchConfig {
  const eventTime = config.event_time;
  if (eventTime === undefined || eventTime === null) {
    parsingError(
      `Microbatch model '${name}' must provide an 'event_time' (string) config that indicates the name of the event time column.`,
      file,
    );
  }
  if (typeof eventTime !== 'string') {
    parsingError(
      `Microbatch model '${name}' must provide an 'event_time' config of type string, but got: ${typeof eventTime}.`,
      file,
    );
  }
  const begin = config.begin;
  if (begin === undefined || begin === null) {
    parsingError(
      `Microbatch model '${name}' must provide a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from.`,
      file,
    );
  }
  const beginDate = parseInstant(begin);
  if (!beginDate) {
    parsingError(
      `Microbatch model '${name}' must provide a 'begin' config of valid datetime (ISO format), but got: ${String(begin)}.`,
      file,
    );
  }
  const batchSize = config.batch_size;
  if (!BATCH_SIZES.includes(batchSize as BatchSize)) {
    parsingError(
      `Microbatch model '${name}' must provide a 'batch_size' config that is one of ['hour', 'day', 'month', 'year'], but got: ${String(batchSize)}.`,
      file,
    );
  }
  const lookback = config.lookback ?? 1;
  if (typeof lookback !== 'number' || !Number.isInteger(lookback)) {
    parsingError(
      `Microbatch model '${name}' must provide the optional 'lookback' config as type int, but got: ${typeof lookback}).`,
      file,
    );
  }
  const concurrent = config.concurrent_batches;
  if (concurrent !== undefined && concurrent !== null && typeof concurrent !== 'boolean') {
    parsingError(
      `Microbatch model '${name}' optional 'concurrent_batches' config must be of type \`bool\` if specified, but got: ${typeof concurrent}).`,
      file,
    );
  }
  return {
    eventTime: eventTime as string,
    batchSize: batchSize as BatchSize,
    begin: beginDate!,
    lookback: lookback as number,
  };
}

export interface BatchPlan {
  /** `--event-time-start` / `--event-time-end`. */
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
  /** dbt's "now": the invocation start (the lab clock in the lab). */
  now: Date;
  /** Whether the model would run incrementally (table exists, no full refresh). */
  incremental: boolean;
}

/** The batches of one run, as dbt-core's MicrobatchBuilder plans them. */
export function planBatches(config: MicrobatchConfig, plan: BatchPlan): Batch[] {
  const size = config.batchSize;
  const end = ceiling(plan.eventTimeEnd ?? plan.now, size);
  let start: Date;
  if (plan.eventTimeStart) start = truncate(plan.eventTimeStart, size);
  else if (!plan.incremental) start = truncate(config.begin, size);
  else {
    const onBoundary = truncate(end, size).getTime() === end.getTime();
    start = offset(end, size, -(config.lookback + (onBoundary ? 1 : 0)));
  }
  const batches: Batch[] = [];
  let current = start;
  do {
    const next = offset(current, size, 1);
    const batchEnd = next.getTime() < end.getTime() ? next : end;
    batches.push({ ...batchNames(current, size), start: current, end: batchEnd });
    current = next;
  } while (current.getTime() < end.getTime());
  return batches;
}

/** A ref or source filtered to the batch, as dbt renders it (no subquery alias on DuckDB). */
export function filteredRelation(relation: string, eventTime: string, batch: Batch): string {
  return `(select * from ${relation} where ${eventTime} >= '${sqlBound(batch.start)}' and ${eventTime} < '${sqlBound(batch.end)}')`;
}

export interface MicrobatchInput {
  connection: Connection;
  target: Relation;
  temp: string;
  config: NodeConfig;
  destColumns: ColumnInfo[];
  batch?: Batch;
  predicates: string[];
  trace?: (sql: string) => void;
}

/** dbt-duckdb's `get_incremental_microbatch_sql`: its checks, then delete + insert on the window. */
export async function runMicrobatchStrategy(
  input: MicrobatchInput,
): Promise<{ inserted: number; updated: number; deleted: number }> {
  const eventTime = input.config.event_time;
  if (typeof eventTime !== 'string' || eventTime === '') {
    throw new CompilationError(
      "microbatch incremental strategy requires an 'event_time' model config",
    );
  }
  const key = input.config.unique_key;
  if (
    key !== undefined &&
    key !== null &&
    key !== '' &&
    !(Array.isArray(key) && key.length === 0)
  ) {
    throw new CompilationError(
      "microbatch incremental strategy does not support 'unique_key'. Microbatch runs delete+insert per batch based on 'event_time' and does not do key-based upserts. Remove 'unique_key' or use incremental_strategy='merge'.",
    );
  }
  const { batch } = input;
  if (!batch) {
    throw new CompilationError(
      "microbatch incremental strategy requires 'batch.event_time_start' and 'batch.event_time_end' to be set in the context",
    );
  }
  const window = `${eventTime} >= '${sqlBound(batch.start)}'\n    and ${eventTime} < '${sqlBound(batch.end)}'`;
  const target = input.target.render();
  const predicates = input.predicates.map((p) => `\n    and (${p})`).join('');
  const cols = input.destColumns.map((c) => quoteIdentifier(c.name)).join(', ');
  const [counts] = await queryStatement<{ removed: number; added: number }>(
    input.connection,
    `select (select count(*) from ${target} where ${window}${predicates}) as removed, (select count(*) from ${input.temp} where ${window}) as added`,
  );
  const sql =
    `delete from ${target}\nwhere ${window}${predicates};\n\n` +
    `insert into ${target} (${cols})\nselect ${cols}\nfrom ${input.temp}\nwhere ${window}`;
  input.trace?.(sql);
  await runStatement(input.connection, sql);
  return {
    inserted: Number(counts?.added ?? 0),
    updated: 0,
    deleted: Number(counts?.removed ?? 0),
  };
}
