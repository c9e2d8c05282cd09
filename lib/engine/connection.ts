/**
 * The engine boundary: everything above `lib/engine` talks to DuckDB through this interface, so the
 * same dbt engine, grader and data code runs on DuckDB-WASM in the browser and on native DuckDB in Node.
 */

/** A value as both adapters hand it out: JSON-safe and identical for the same query. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export type Row = Record<string, Value>;

export interface Column {
  /** Column name; a repeated name gets a `_1`, `_2`… suffix so rows can be keyed by name. */
  name: string;
  /** DuckDB's own type name, e.g. `INTEGER`, `VARCHAR`, `DECIMAL(18,2)`, `TIMESTAMP`. */
  type: string;
}

export interface QueryOptions {
  /**
   * Keep at most this many rows in memory. The rest of the result is still read (and counted) so the
   * caller can say how many there were, but never converted: a million-row result stays cheap.
   */
  maxRows?: number;
}

export interface QueryResult<T extends Row = Row> {
  columns: Column[];
  rows: T[];
  /** Rows the statement produced, including any past `maxRows`. */
  rowCount: number;
  /** True when `rows` holds fewer rows than `rowCount`. */
  truncated: boolean;
}

export interface Connection {
  /** Which adapter this is, for logs and benchmarks. */
  readonly adapter: 'node' | 'wasm';
  /** Runs one or more `;`-separated statements and returns the last statement's result. */
  query<T extends Row = Row>(sql: string, options?: QueryOptions): Promise<QueryResult<T>>;
  /** Runs one or more statements for their effect. */
  exec(sql: string): Promise<void>;
  /** Interrupts the statement running now, if any; it rejects with a `QueryCancelledError`. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** DuckDB rejected a statement; `message` is DuckDB's own text (e.g. `Parser Error: …`). */
export class SqlError extends Error {
  constructor(
    message: string,
    /** The statement that failed, when the input held several. */
    readonly statement?: string,
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

export class QueryCancelledError extends Error {
  constructor() {
    super('The query was cancelled.');
    this.name = 'QueryCancelledError';
  }
}
