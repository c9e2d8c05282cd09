/**
 * Running a materialization's statements: DuckDB errors keep DuckDB's message, with `LINE n:`
 * renumbered to the line of the compiled model SQL (the statement wraps it in `create … as (`), and a
 * Snowflake hint when the error names a Snowflake function. Transactions roll back on any error.
 */
import { SqlError, type Connection } from '@/lib/engine/connection';
import { hasCode, topLevelSemicolons } from '@/lib/engine/split-statements';
import { quoteIdentifier, type Relation } from '../relation';
import { snowflakeHint } from '../snowflake-bridge';

/** A DuckDB error while building a node; `line` is a line of the compiled SQL when known. */
export class NodeSqlError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'NodeSqlError';
  }
}

function withHint(message: string): string {
  const hint = snowflakeHint(message);
  return hint ? `${message}\n\nHint: ${hint}` : message;
}

/**
 * Runs `statement`; when it fails and the compiled model SQL starts at line `offset + 1` of it, the
 * error's line is given in compiled-SQL lines.
 */
export async function runStatement(
  connection: Connection,
  statement: string,
  offset?: number,
): Promise<void> {
  try {
    await connection.exec(statement);
  } catch (error) {
    throw toNodeError(error, offset);
  }
}

export async function queryStatement<T extends Record<string, unknown>>(
  connection: Connection,
  statement: string,
  offset?: number,
): Promise<T[]> {
  try {
    return (await connection.query(statement)).rows as T[];
  } catch (error) {
    throw toNodeError(error, offset);
  }
}

export function toNodeError(error: unknown, offset?: number): unknown {
  if (!(error instanceof SqlError)) return error;
  let line: number | undefined;
  let message = error.message;
  if (offset !== undefined) {
    message = message.replace(/LINE (\d+):/g, (match, n: string) => {
      const compiled = Number(n) - offset;
      if (compiled < 1) return match;
      line ??= compiled;
      return `LINE ${compiled}:`;
    });
  }
  return new NodeSqlError(withHint(message), line);
}

/** Removes a trailing `;` (and what follows it) that would break `create table … as (…)`. */
export function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '').trimEnd();
}

/**
 * A model's compiled SQL as dbt runs it: inside `create … as (` … `)`, where a `;` ends the
 * statement too early. dbt does not remove it, so it fails; the lab fails the same way, with
 * DuckDB's message and a hint that says why (Snowflake worksheets need the `;`, models must not).
 */
export function checkedSql(sql: string, node: { file: string }): string {
  const semicolon = topLevelSemicolons(sql)[0];
  if (semicolon === undefined) return sql;
  const before = sql.slice(0, semicolon);
  const line = before.split('\n').length;
  const lineText = sql.split('\n')[line - 1] ?? '';
  const column = semicolon - before.lastIndexOf('\n') - 1;
  const trailing = !hasCode(sql.slice(semicolon + 1));
  const caret = `LINE ${line}: ${lineText}\n${' '.repeat(`LINE ${line}: `.length + column)}^`;
  const hint = trailing
    ? `${node.file} ends with ';'. dbt runs a model as create … as ( <your select> ), so the ';' ends that statement inside the parentheses. Remove it: a Snowflake worksheet needs the ';', a dbt model must not have one.`
    : `${node.file} holds more than one statement. A dbt model is one select, which dbt wraps in create … as ( … ); put other statements in a pre_hook or post_hook.`;
  return failWith(`Parser Error: syntax error at or near ";"\n\n${caret}\n\nHint: ${hint}`, line);
}

function failWith(message: string, line: number): never {
  throw new NodeSqlError(message, line);
}

export async function inTransaction<T>(connection: Connection, work: () => Promise<T>): Promise<T> {
  await connection.exec('begin transaction');
  try {
    const result = await work();
    await connection.exec('commit');
    return result;
  } catch (error) {
    try {
      await connection.exec('rollback');
    } catch {
      // the transaction is already gone (e.g. DuckDB aborted it); nothing left to undo
    }
    throw error;
  }
}

export async function countRows(
  connection: Connection,
  relation: Relation | string,
): Promise<number> {
  const result = await connection.query<{ n: number }>(
    `select count(*)::bigint as n from ${String(relation)}`,
  );
  return Number(result.rows[0]?.n ?? 0);
}

export function dropSql(relation: Relation): string {
  const kind = relation.type === 'view' ? 'view' : 'table';
  return `drop ${kind} if exists ${relation.render()} cascade`;
}

export function renameSql(relation: Relation, newIdentifier: string): string {
  const kind = relation.type === 'view' ? 'view' : 'table';
  return `alter ${kind} ${relation.render()} rename to ${quoteIdentifier(newIdentifier)}`;
}

export async function ensureSchema(connection: Connection, relation: Relation): Promise<void> {
  if (!relation.schema || relation.schema === 'main') return;
  const database = relation.database ? `${quoteIdentifier(relation.database)}.` : '';
  await connection.exec(
    `create schema if not exists ${database}${quoteIdentifier(relation.schema)}`,
  );
}
