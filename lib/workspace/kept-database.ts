/**
 * The lab's database kept between visits. Where the browser allows it, the lab's DuckDB database is
 * a file in the origin's private storage (see `WORKSPACE_DATABASE`), so a second visit opens the
 * student's tables as they were instead of loading the data, building Day 10 and replaying the
 * journal again. The journal stays the record: the file is used only when a stamp written in it
 * says it holds exactly what the journal describes, on the same data and with the same code. Any
 * doubt (no stamp, another journal, a new build, other data) and the file is emptied and rebuilt
 * the usual way. Talks to DuckDB through `Connection` only.
 */
import type { Connection } from '@/lib/engine/connection';
import type { Journal } from './db-journal';

/** Where the stamp lives: hidden from the catalog and completion like the timeline's state. */
export const KEPT_SCHEMA = 'lab_kept';

export interface KeptStamp {
  /** The build's digest of the code that decides the database's contents (the manifest's). */
  code: string;
  /** The data the tables grew from: the prebuilt file's name, or `own:<digest>` of the own CSVs. */
  data: string;
  /** A digest of the journal the tables are the result of. */
  journal: string;
}

async function sha256(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function journalDigest(journal: Journal): Promise<string> {
  return sha256(JSON.stringify(journal));
}

function encode(stamp: KeptStamp): string {
  return JSON.stringify({ code: stamp.code, data: stamp.data, journal: stamp.journal });
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The stamp in the database, or null (a new file, a database made some other way). */
export async function readStamp(connection: Connection): Promise<KeptStamp | null> {
  try {
    const result = await connection.query<{ stamp: string }>(
      `select stamp from ${KEPT_SCHEMA}.stamp limit 1`,
    );
    const parsed: unknown = JSON.parse(String(result.rows[0]?.stamp ?? 'null'));
    if (!parsed || typeof parsed !== 'object') return null;
    const { code, data, journal } = parsed as Record<string, unknown>;
    if (typeof code !== 'string' || typeof data !== 'string' || typeof journal !== 'string')
      return null;
    return { code, data, journal };
  } catch {
    return null; // no stamp table
  }
}

export function sameStamp(a: KeptStamp | null, b: KeptStamp): boolean {
  return a !== null && encode(a) === encode(b);
}

/**
 * Writes the stamp and makes the file durable (`CHECKPOINT` folds the write-ahead log into it: a tab
 * closed a moment later leaves a file that opens as it is now).
 */
export async function writeStamp(connection: Connection, stamp: KeptStamp): Promise<void> {
  await connection.exec(`create schema if not exists ${KEPT_SCHEMA}`);
  await connection.exec(
    `create or replace table ${KEPT_SCHEMA}.stamp as select ${quote(encode(stamp))} as stamp, now() as saved_at`,
  );
  await checkpoint(connection);
}

/** Best effort: another connection's open transaction (a grading) makes DuckDB refuse it for now. */
async function checkpoint(connection: Connection): Promise<void> {
  await connection.exec('checkpoint').catch(() => undefined);
}

/** Drops the stamp first, so a rebuild cut short is never mistaken for a finished one. */
export async function clearStamp(connection: Connection): Promise<void> {
  await connection.exec(`drop schema if exists ${KEPT_SCHEMA} cascade`);
}

/**
 * The strategy explainer's scratch schemas (`<schema>_lab_explain`, `…_lab_explain_2`, see
 * SCRATCH_SUFFIX in lib/explain/strategies.ts): it drops them when done, but a tab closed halfway
 * leaves one in a kept database. Dropped when the database is opened again.
 */
export const SCRATCH_SCHEMA = /_lab_explain(_\d+)?$/;

export async function dropScratchSchemas(connection: Connection): Promise<string[]> {
  const result = await connection.query<{ name: string }>(
    "select schema_name as name from duckdb_schemas() where database_name = current_database() and not internal and schema_name like '%lab_explain%'",
  );
  const dropped = result.rows.map((r) => String(r.name)).filter((n) => SCRATCH_SCHEMA.test(n));
  for (const name of dropped) await connection.exec(`drop schema if exists ${ident(name)} cascade`);
  return dropped;
}

/**
 * Whether the database holds no table, view, schema or sequence (a new file). One query, without
 * `duckdb_functions()`, which lists every built-in function and is slow in the browser.
 */
export async function isEmptyDatabase(connection: Connection): Promise<boolean> {
  const here = 'database_name = current_database()';
  const result = await connection.query<{ n: number }>(`select (
      (select count(*) from duckdb_tables() where ${here})
    + (select count(*) from duckdb_views() where ${here} and not internal)
    + (select count(*) from duckdb_schemas() where ${here} and not internal and schema_name <> 'main')
    + (select count(*) from duckdb_sequences() where ${here})
    )::int as n`);
  return Number(result.rows[0]?.n ?? 1) === 0;
}

/**
 * Empties the database: every schema but `main` dropped, and in `main` every view, table, macro,
 * sequence and type the student or the lab made. What is left is a new database.
 */
export async function emptyDatabase(connection: Connection): Promise<void> {
  await clearStamp(connection);
  const names = async (sql: string) =>
    (await connection.query<{ name: string }>(sql)).rows.map((r) => String(r.name));
  const here = 'database_name = current_database()';
  for (const schema of await names(
    `select schema_name as name from duckdb_schemas() where ${here} and not internal and schema_name <> 'main'`,
  ))
    await connection.exec(`drop schema if exists ${ident(schema)} cascade`);
  const inMain = `${here} and schema_name = 'main'`;
  const drops: [string, string][] = [
    ['view', `select view_name as name from duckdb_views() where ${inMain} and not internal`],
    ['table', `select table_name as name from duckdb_tables() where ${inMain}`],
    [
      'macro table',
      `select function_name as name from duckdb_functions() where ${inMain} and not internal and function_type = 'table_macro'`,
    ],
    [
      'macro',
      `select function_name as name from duckdb_functions() where ${inMain} and not internal and function_type = 'macro'`,
    ],
    ['sequence', `select sequence_name as name from duckdb_sequences() where ${inMain}`],
    ['type', `select type_name as name from duckdb_types() where ${inMain} and not internal`],
  ];
  for (const [kind, sql] of drops)
    for (const name of new Set(await names(sql)))
      await connection.exec(`drop ${kind} if exists main.${ident(name)} cascade`);
  await checkpoint(connection);
}
