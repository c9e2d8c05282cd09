/**
 * A `Connection` that counts the calls made through it and the time spent waiting for DuckDB, so a
 * dbt run's wall time can be split into DuckDB's share and the engine's own (Jinja, parsing, the
 * orchestration in JavaScript).
 */
import type { Connection, QueryOptions, QueryResult, Row } from '@/lib/engine/connection';

export interface Meter {
  /** `query` and `exec` calls (one call may hold several statements). */
  calls: number;
  /** Milliseconds spent awaiting those calls. */
  ms: number;
}

export function meteredConnection(inner: Connection): { connection: Connection; meter: Meter } {
  const meter: Meter = { calls: 0, ms: 0 };
  async function measure<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      meter.calls++;
      meter.ms += performance.now() - started;
    }
  }
  const connection: Connection = {
    adapter: inner.adapter,
    query<T extends Row = Row>(sql: string, options?: QueryOptions): Promise<QueryResult<T>> {
      return measure(() => inner.query<T>(sql, options));
    },
    exec: (sql) => measure(() => inner.exec(sql)),
    cancel: () => inner.cancel(),
    close: () => inner.close(),
  };
  return { connection, meter };
}

/** Sets the meter back to zero (between two measured runs). */
export function resetMeter(meter: Meter): void {
  meter.calls = 0;
  meter.ms = 0;
}
