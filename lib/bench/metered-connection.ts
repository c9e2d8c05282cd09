/**
 * A `Connection` that counts the calls made through it and the time spent waiting for DuckDB, by
 * kind of statement, so a dbt run's wall time can be split into the model's own statements, the
 * statements the engine adds around them, and the engine's own time (Jinja, parsing, JavaScript).
 */
import type { Connection, QueryOptions, QueryResult, Row } from '@/lib/engine/connection';

/** What a statement the engine sends is for. */
export type StatementKind =
  'model' | 'rowCounts' | 'catalog' | 'macros' | 'logicGuard' | 'transaction' | 'other';

export const KIND_LABELS: Record<StatementKind, string> = {
  model: "the model's statements",
  rowCounts: 'row counts',
  catalog: 'catalog look-ups',
  macros: 'the Snowflake bridge and clock macros',
  logicGuard: 'the logic guard',
  transaction: 'transactions',
  other: 'other',
};

/** Sorts a statement by its first words (the engine's own statements have fixed shapes). */
export function statementKind(sql: string): StatementKind {
  const s = sql.trimStart().toLowerCase();
  if (/^create\s+(or\s+replace\s+)?temp(orary)?\s+macro\b/.test(s)) return 'macros';
  if (/^comment\s+on\s+table\b/.test(s) || /^select\s+comment\s+from\s+duckdb_tables/.test(s))
    return 'logicGuard';
  if (/^(begin|commit|rollback)\b/.test(s)) return 'transaction';
  if (/^select\s+(\(\s*select\s+)?count\(/.test(s)) return 'rowCounts';
  if (
    /information_schema|duckdb_(tables|columns|views)\(|\(\s*describe\b|current_database\(\)/.test(
      s,
    )
  )
    return 'catalog';
  if (/^(create|insert|delete|merge|update|alter|drop)\b/.test(s)) return 'model';
  return 'other';
}

export interface Meter {
  /** `query` and `exec` calls (one call may hold several statements). */
  calls: number;
  /** Milliseconds spent awaiting those calls. */
  ms: number;
  /** The same milliseconds by kind of statement. */
  byKind: Partial<Record<StatementKind, number>>;
}

export function meteredConnection(inner: Connection): { connection: Connection; meter: Meter } {
  const meter: Meter = { calls: 0, ms: 0, byKind: {} };
  async function measure<T>(sql: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const ms = performance.now() - started;
      const kind = statementKind(sql);
      meter.calls++;
      meter.ms += ms;
      meter.byKind[kind] = (meter.byKind[kind] ?? 0) + ms;
    }
  }
  const connection: Connection = {
    adapter: inner.adapter,
    query<T extends Row = Row>(sql: string, options?: QueryOptions): Promise<QueryResult<T>> {
      return measure(sql, () => inner.query<T>(sql, options));
    },
    exec: (sql) => measure(sql, () => inner.exec(sql)),
    cancel: () => inner.cancel(),
    close: () => inner.close(),
  };
  return { connection, meter };
}

/** Sets the meter back to zero (between two measured runs). */
export function resetMeter(meter: Meter): void {
  meter.calls = 0;
  meter.ms = 0;
  meter.byKind = {};
}
