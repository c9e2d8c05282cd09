/**
 * Node-only: writes the five course tables as CSV files in the real files' format, under Kaggle's
 * names (or the course's short names), so they import exactly like the real data.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from '@/lib/engine/connection';
import { COURSE_TABLES, KAGGLE_NAMES, type CourseTable } from './course-tables';
import { copyCsvSql } from './csv-format';

export interface WriteCsvOptions {
  /** `kaggle` (olist_orders_dataset.csv, the default) or `short` (orders.csv). */
  naming?: 'kaggle' | 'short';
  gzip?: boolean;
}

export function csvFileName(table: CourseTable, options: WriteCsvOptions = {}): string {
  const stem = options.naming === 'short' ? table : KAGGLE_NAMES[table];
  return `${stem}.csv${options.gzip ? '.gz' : ''}`;
}

/** Writes `schema`'s course tables into `dir` (created if needed); returns the files written. */
export async function writeCourseCsvs(
  conn: Connection,
  schema: string,
  dir: string,
  options: WriteCsvOptions = {},
): Promise<{ table: CourseTable; path: string }[]> {
  await mkdir(dir, { recursive: true });
  const written: { table: CourseTable; path: string }[] = [];
  for (const table of COURSE_TABLES) {
    const file = path.resolve(dir, csvFileName(table, options));
    await conn.exec(copyCsvSql(schema, table, file));
    written.push({ table, path: file });
  }
  return written;
}
