/**
 * Node adapter: native DuckDB through `@duckdb/node-api`, pinned to the DuckDB minor that
 * DuckDB-WASM embeds so a model behaves the same in the browser and in the CLI, server and tests.
 */
import {
  DuckDBConnection,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import {
  QueryCancelledError,
  SqlError,
  type Connection,
  type QueryOptions,
  type QueryResult,
  type Row,
  type Value,
} from './connection';
import { CallQueue } from './call-queue';
import { splitStatements } from './split-statements';
import { STARTUP_SQL } from './settings';
import {
  cleanErrorMessage,
  columnsFrom,
  decimalValue,
  formatDate,
  formatTimestampMicros,
  integerValue,
} from './values';

export interface NodeConnectionOptions {
  /** Database file, or `:memory:` (the default). */
  path?: string;
  /** Extra DuckDB settings applied at open (e.g. a sandbox's limits). */
  config?: Record<string, string>;
  /** Statements run right after the standard start-up settings. */
  startupSql?: string[];
}

export async function openNodeConnection(options: NodeConnectionOptions = {}): Promise<Connection> {
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', options.config);
  const connection = await instance.connect();
  const adapter = new NodeConnection(instance, connection);
  for (const sql of [...STARTUP_SQL, ...(options.startupSql ?? [])]) await adapter.exec(sql);
  return adapter;
}

class NodeConnection implements Connection {
  readonly adapter = 'node' as const;
  private readonly calls = new CallQueue();

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  async query<T extends Row = Row>(
    sql: string,
    options: QueryOptions = {},
  ): Promise<QueryResult<T>> {
    const statements = splitStatements(sql);
    if (statements.length === 0) throw new SqlError('There is no SQL statement to run.');
    return this.guard(async () => {
      for (const statement of statements.slice(0, -1)) await this.runOne(statement);
      return this.stream<T>(statements[statements.length - 1]!, options.maxRows);
    });
  }

  async exec(sql: string): Promise<void> {
    const statements = splitStatements(sql);
    await this.guard(async () => {
      for (const statement of statements) await this.runOne(statement);
    });
  }

  async cancel(): Promise<void> {
    if (this.calls.running > 0) {
      this.calls.cancelled = true;
      this.connection.interrupt();
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private async runOne(statement: string): Promise<void> {
    try {
      await this.connection.run(statement);
    } catch (error) {
      throw this.translate(error, statement);
    }
  }

  private async stream<T extends Row>(
    statement: string,
    maxRows = Infinity,
  ): Promise<QueryResult<T>> {
    try {
      const result = await this.connection.stream(statement);
      const columns = columnsFrom(
        result.columnNames(),
        result.columnTypes().map((t) => t.toString()),
      );
      const rows: T[] = [];
      let rowCount = 0;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const take = Math.max(0, Math.min(chunk.rowCount, maxRows - rows.length));
        if (take > 0) {
          const chunkRows = chunk.getRows();
          for (let r = 0; r < take; r++) {
            const row: Row = {};
            const values = chunkRows[r]!;
            columns.forEach((column, c) => (row[column.name] = toValue(values[c] ?? null)));
            rows.push(row as T);
          }
        }
        rowCount += chunk.rowCount;
      }
      return { columns, rows, rowCount, truncated: rows.length < rowCount };
    } catch (error) {
      throw this.translate(error, statement);
    }
  }

  private guard<R>(work: () => Promise<R>): Promise<R> {
    return this.calls.run(work);
  }

  private translate(error: unknown, statement: string): Error {
    const message = error instanceof Error ? error.message : String(error);
    if (this.calls.cancelled || /^INTERRUPT Error/.test(message)) return new QueryCancelledError();
    return new SqlError(cleanErrorMessage(message), statement);
  }
}

function toValue(value: DuckDBValue): Value {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return integerValue(value);
  if (value instanceof DuckDBDecimalValue) return decimalValue(value.value, value.scale);
  if (value instanceof DuckDBTimestampValue) return formatTimestampMicros(value.micros);
  if (value instanceof DuckDBDateValue) return formatDate(value.days);
  if (value instanceof DuckDBListValue) return value.items.map(toValue);
  if (value instanceof DuckDBStructValue) {
    const out: { [key: string]: Value } = {};
    for (const [key, entry] of Object.entries(value.entries)) out[key] = toValue(entry);
    return out;
  }
  return String(value);
}
