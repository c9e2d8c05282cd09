/**
 * Node only: the course data for the CLI. When the project reads the Olist source (`raw.orders`) and
 * the state database does not have it yet, the data layer loads it — the real CSVs from `data/raw/`
 * when all five are there, else generated data (scale 1, seed 42). The lab clock then comes from the
 * loaded timeline, so `current_timestamp` in models means the lab's "now".
 */
import path from 'node:path';
import { getLabClock, loadLabData, type DataSource } from '@/lib/data';
import { COURSE_TABLES } from '@/lib/data/course-tables';
import { DEFAULT_RAW_DIR, findRawFiles } from '@/lib/data/raw-files.node';
import type { Connection } from '@/lib/engine/connection';
import { loadProject } from '../project/load-project';
import type { ProjectFiles } from '../types';

/** True when the project declares a source table `orders` in schema `raw`. */
export function readsCourseData(files: ProjectFiles): boolean {
  try {
    return loadProject(files).sources.some(
      (s) => s.schema.toLowerCase() === 'raw' && s.identifier.toLowerCase() === 'orders',
    );
  } catch {
    return false; // the engine reports a broken project itself
  }
}

async function rawOrdersExist(connection: Connection): Promise<boolean> {
  const result = await connection.query<{ n: number }>(
    "select count(*)::int as n from information_schema.tables where table_catalog = current_database() and table_schema = 'raw' and table_name = 'orders'",
  );
  return Number(result.rows[0]?.n ?? 0) > 0;
}

export async function chooseSource(cwd: string, scale: number): Promise<DataSource> {
  try {
    const files = await findRawFiles(path.resolve(cwd, DEFAULT_RAW_DIR));
    const tables = new Set(files.map((f) => f.table));
    if (COURSE_TABLES.every((t) => tables.has(t))) return { kind: 'files', files };
  } catch {
    // no data/raw folder: generated data
  }
  return { kind: 'generated', scale, seed: 42 };
}

/** Loads the course data if needed; returns the lab clock (undefined for other projects). */
export async function ensureCourseData(
  connection: Connection,
  files: ProjectFiles,
  cwd: string,
  log: (line: string) => void,
  scale = 1,
): Promise<string | undefined> {
  if (!readsCourseData(files)) return undefined;
  if (!(await rawOrdersExist(connection))) {
    const source = await chooseSource(cwd, scale);
    const info = await loadLabData(connection, source);
    log(`Loaded the course data (${info.source}) up to ${info.cutoffDay}; lab clock ${info.clock}`);
    return info.clock;
  }
  try {
    return await getLabClock(connection);
  } catch {
    return undefined; // raw tables made by hand, without the lab's timeline
  }
}
