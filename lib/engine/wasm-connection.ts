/**
 * Browser adapter: DuckDB-WASM, which runs DuckDB in its own Web Worker. Every statement goes through
 * the streaming `send` API so it can be cancelled and so a huge result is counted, not materialised.
 */
import type { AsyncDuckDB, AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import type { RecordBatch } from 'apache-arrow';
import {
  QueryCancelledError,
  SqlError,
  type Column,
  type Connection,
  type QueryOptions,
  type QueryResult,
  type Row,
} from './connection';
import { arrowValue, duckdbTypeName } from './arrow-values';
import { STARTUP_SQL } from './settings';
import { CallQueue } from './call-queue';
import { splitStatements } from './split-statements';
import { cleanErrorMessage, columnsFrom } from './values';

export async function openWasmConnection(
  db: AsyncDuckDB,
  startupSql: string[] = [],
): Promise<Connection> {
  const adapter = new WasmConnection(await db.connect());
  for (const sql of [...STARTUP_SQL, ...startupSql]) await adapter.exec(sql);
  return adapter;
}

class WasmConnection implements Connection {
  readonly adapter = 'wasm' as const;
  private readonly calls = new CallQueue();

  constructor(private readonly connection: AsyncDuckDBConnection) {}

  async query<T extends Row = Row>(
    sql: string,
    options: QueryOptions = {},
  ): Promise<QueryResult<T>> {
    const statements = splitStatements(sql);
    if (statements.length === 0) throw new SqlError('There is no SQL statement to run.');
    return this.guard(async () => {
      for (const statement of statements.slice(0, -1)) await this.run(statement, 0);
      return this.run<T>(statements[statements.length - 1]!, options.maxRows ?? Infinity);
    });
  }

  async exec(sql: string): Promise<void> {
    await this.guard(async () => {
      for (const statement of splitStatements(sql)) await this.run(statement, 0);
    });
  }

  async cancel(): Promise<void> {
    if (this.calls.running === 0) return;
    this.calls.cancelled = true;
    await this.connection.cancelSent();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  private async run<T extends Row>(statement: string, maxRows: number): Promise<QueryResult<T>> {
    try {
      const reader = await this.connection.send(statement, true);
      await reader.open(); // reads the schema message, so columns are known even for zero rows
      const fields = reader.schema?.fields ?? [];
      const columns: Column[] = columnsFrom(
        fields.map((f) => f.name),
        fields.map((f) => duckdbTypeName(f.type)),
      );
      const rows: T[] = [];
      let rowCount = 0;
      for await (const batch of reader) {
        if (this.calls.cancelled) throw new QueryCancelledError();
        collectRows(batch as RecordBatch, columns, rows, maxRows);
        rowCount += batch.numRows;
      }
      if (this.calls.cancelled) throw new QueryCancelledError();
      return { columns, rows, rowCount, truncated: rows.length < rowCount };
    } catch (error) {
      if (error instanceof QueryCancelledError || this.calls.cancelled)
        throw new QueryCancelledError();
      const message = error instanceof Error ? error.message : String(error);
      throw new SqlError(cleanErrorMessage(message), statement);
    }
  }

  private guard<R>(work: () => Promise<R>): Promise<R> {
    return this.calls.run(work);
  }
}

function collectRows<T extends Row>(
  batch: RecordBatch,
  columns: Column[],
  rows: T[],
  maxRows: number,
) {
  const take = Math.min(batch.numRows, maxRows - rows.length);
  if (take <= 0) return;
  const vectors = columns.map((_, c) => batch.getChildAt(c));
  const types = batch.schema.fields.map((f) => f.type);
  for (let r = 0; r < take; r++) {
    const row: Row = {};
    columns.forEach((column, c) => {
      row[column.name] = arrowValue(types[c]!, vectors[c]?.get(r));
    });
    rows.push(row as T);
  }
}
