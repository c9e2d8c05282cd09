/**
 * Loads the course CSVs into typed tables with DuckDB's `read_csv` and explicit column types (DuckDB
 * would otherwise guess ids like `00010242…` as numbers, and drop zip codes' leading zeros). All files
 * load in one transaction: a bad file rolls everything back, so nothing is left half-way.
 */
import type { Connection } from '@/lib/engine/connection';
import {
  COURSE_TABLES,
  KAGGLE_NAMES,
  SQL_TYPE,
  TABLE_COLUMNS,
  columnNames,
  quoteString,
  type CourseTable,
} from './course-tables';
import { RawDataError, csvErrorToRawDataError } from './raw-data-error';
import type { RawFile } from './types';

export interface ImportOptions {
  /**
   * An extra check per file that runs while DuckDB loads (e.g. `checkCsvComplete` on the file's
   * bytes); if it throws, nothing is loaded.
   */
  verify?: (file: RawFile) => Promise<void>;
}

/** `read_csv(...)` with the real files' format and the lab's types; nothing is auto-detected. */
export function readCsvSql(table: CourseTable, path: string): string {
  const columns = TABLE_COLUMNS[table]
    .map((c) => `${quoteString(c.name)}: ${quoteString(SQL_TYPE[c.kind])}`)
    .join(', ');
  return `read_csv(${quoteString(path)}, header = true, auto_detect = false, delim = ',',
    quote = '"', escape = '"', strict_mode = true, columns = {${columns}},
    timestampformat = '%Y-%m-%d %H:%M:%S')`;
}

function checkFileSet(files: RawFile[]): Map<CourseTable, RawFile> {
  const byTable = new Map<CourseTable, RawFile>();
  for (const file of files) {
    const other = byTable.get(file.table);
    if (other) {
      throw new RawDataError(
        `Two files hold ${file.table}: ${other.displayName} and ${file.displayName}; keep one.`,
        file.displayName,
      );
    }
    byTable.set(file.table, file);
  }
  const missing = COURSE_TABLES.filter((t) => !byTable.has(t));
  if (missing.length > 0) {
    const names = missing.map((t) => `${KAGGLE_NAMES[t]}.csv (or ${t}.csv)`).join(', ');
    throw new RawDataError(`Missing ${missing.join(', ')}: add ${names}.`);
  }
  return byTable;
}

/** Header names as written in the file's first line (quotes, BOM and CR removed). */
async function readHeader(conn: Connection, file: RawFile): Promise<string[]> {
  let first: string | undefined;
  try {
    const result = await conn.query<{ line: string }>(
      `SELECT line FROM read_csv(${quoteString(file.path)}, header = false, auto_detect = false,
         columns = {'line': 'VARCHAR'}, delim = E'\\x01', quote = '', escape = '') LIMIT 1`,
    );
    first = result.rows[0]?.line;
  } catch (error) {
    throw csvErrorToRawDataError(error, file.displayName, file.table);
  }
  if (first === undefined || first === null) {
    throw new RawDataError(`${file.displayName}: the file is empty.`, file.displayName, 1);
  }
  return first
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '')
    .split(',')
    .map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
}

async function checkHeader(conn: Connection, file: RawFile): Promise<void> {
  const found = await readHeader(conn, file);
  const expected = columnNames(file.table);
  if (found.join(',') === expected.join(',')) return;
  const firstDifferent = expected.findIndex((name, k) => found[k] !== name);
  const column = expected[firstDifferent === -1 ? expected.length - 1 : firstDifferent];
  throw new RawDataError(
    `${file.displayName}, line 1: unexpected header. Expected the ${file.table} columns ` +
      `${expected.join(', ')}; found ${found.join(', ')}.`,
    file.displayName,
    1,
    column,
  );
}

async function loadTable(conn: Connection, file: RawFile, schema: string): Promise<void> {
  try {
    await conn.exec(
      `CREATE OR REPLACE TABLE ${schema}.${file.table} AS SELECT * FROM ${readCsvSql(file.table, file.path)}`,
    );
  } catch (error) {
    throw csvErrorToRawDataError(error, file.displayName, file.table);
  }
  // Every row needs its key: an empty id would make the lab's joins and grading meaningless.
  const key = TABLE_COLUMNS[file.table][0]!.name;
  const missing = await conn.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${schema}.${file.table} WHERE ${key} IS NULL`,
  );
  const n = missing.rows[0]?.n ?? 0;
  if (n > 0) {
    throw new RawDataError(
      `${file.displayName}, column ${key}: ${n} row(s) have no ${key}.`,
      file.displayName,
      undefined,
      key,
    );
  }
}

/**
 * Loads the five course tables from `files` into `schema` (created if needed), replacing what is
 * there only when every file loaded. Returns the row counts. Throws RawDataError on bad input.
 */
export async function importRawFiles(
  conn: Connection,
  files: RawFile[],
  schema: string,
  options: ImportOptions = {},
): Promise<Record<CourseTable, number>> {
  const byTable = checkFileSet(files);
  for (const table of COURSE_TABLES) await checkHeader(conn, byTable.get(table)!);
  await conn.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);

  const verify = options.verify;
  const verified = verify ? Promise.all(files.map((f) => verify(f))) : Promise.resolve([]);
  // Handled below; this keeps an early rejection from being reported as unhandled meanwhile.
  verified.catch(() => undefined);

  await conn.exec('BEGIN TRANSACTION');
  try {
    for (const table of COURSE_TABLES) await loadTable(conn, byTable.get(table)!, schema);
    await verified;
    await conn.exec('COMMIT');
  } catch (error) {
    await conn.exec('ROLLBACK');
    throw error;
  }
  const counts = await conn.query<{ t: CourseTable; n: number }>(
    COURSE_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::INTEGER AS n FROM ${schema}.${t}`).join(
      ' UNION ALL ',
    ),
  );
  return Object.fromEntries(counts.rows.map((r) => [r.t, r.n])) as Record<CourseTable, number>;
}
