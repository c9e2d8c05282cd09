/**
 * SQL that formats rows exactly like the Kaggle CSVs (olist.md "Raw format"): header fully quoted; a
 * text value quoted only when it starts with a digit or holds `,` `"` CR or LF (so the same id column
 * is sometimes quoted and sometimes not, and zip prefixes always are); timestamps
 * `YYYY-MM-DD HH:MM:SS`; money with 2 decimals; NULL as an empty field. DuckDB's own CSV writer quotes
 * only when needed, which differs, so each line is built here and written out verbatim.
 */
import { TABLE_COLUMNS, quoteIdent, type ColumnSpec, type CourseTable } from './course-tables';

export function csvHeader(table: CourseTable): string {
  return TABLE_COLUMNS[table].map((c) => `"${c.name}"`).join(',');
}

function fieldSql(column: ColumnSpec, source = ''): string {
  const v = `${source}${quoteIdent(column.name)}`;
  switch (column.kind) {
    case 'text':
      return `CASE WHEN regexp_matches(${v}, '^[0-9]|[,"\\r\\n]')
        THEN '"' || replace(${v}, '"', '""') || '"' ELSE ${v} END`;
    case 'timestamp':
      return `strftime(${v}, '%Y-%m-%d %H:%M:%S')`;
    case 'money':
      return `CAST(CAST(${v} AS DECIMAL(18,2)) AS VARCHAR)`;
    case 'integer':
      return `CAST(${v} AS VARCHAR)`;
  }
}

/** An expression giving each row of `table` as one CSV line (without the line break). */
export function csvLineSql(table: CourseTable, source = ''): string {
  return TABLE_COLUMNS[table]
    .map((c) => `coalesce(${fieldSql(c, source)}, '')`)
    .join(` || ',' || `);
}

/**
 * `COPY` of `schema.table` as the real file's bytes to `path` (gzipped when it ends in `.gz`), rows
 * in table order. Every line is one pre-formatted field written with no quoting of its own.
 */
export function copyCsvSql(schema: string, table: CourseTable, path: string): string {
  const header = csvHeader(table).replace(/'/g, "''");
  const target = path.replace(/'/g, "''");
  const gzip = /\.gz$/i.test(path) ? ', COMPRESSION gzip' : '';
  return `COPY (
      SELECT line FROM (
        SELECT 0 AS part, 0 AS row_number, '${header}' AS line
        UNION ALL
        SELECT 1, rowid, ${csvLineSql(table)} FROM ${schema}.${table}
      ) ORDER BY part, row_number
    ) TO '${target}' (FORMAT csv, HEADER false, DELIMITER E'\\x1f', QUOTE '', ESCAPE ''${gzip})`;
}
