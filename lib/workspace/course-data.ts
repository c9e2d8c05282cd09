/**
 * The workspace database's course data: on the first dbt command the Olist tables are generated into
 * the page's DuckDB (scale 1, seed 42, as the CLI does without real CSVs) and the timeline starts at
 * the cut-off; later commands only read the lab clock back. Talks to DuckDB through `Connection` only.
 */
import { getLabClock, loadLabData, type DataSource } from '@/lib/data';
import { loadFullData } from '@/lib/data/load';
import { copyPrebuilt, manifestMatches, PREBUILT_MANIFEST } from '@/lib/data/prebuilt';
import type { CourseTable } from '@/lib/data/course-tables';
import type { Connection } from '@/lib/engine/connection';
import { LAB_DATA } from '@/lib/course/lab-data-source';

export const WORKSPACE_DATA: DataSource = LAB_DATA;

async function rawOrdersExist(connection: Connection): Promise<boolean> {
  const result = await connection.query<{ n: number }>(
    "select count(*)::int as n from information_schema.tables where table_catalog = current_database() and table_schema = 'raw' and table_name = 'orders'",
  );
  return Number(result.rows[0]?.n ?? 0) > 0;
}

let loading: Promise<string | undefined> | null = null;

export interface EnsureOptions {
  source?: DataSource;
  /** Runs right after a fresh load, before any caller goes on (the journal's replay). */
  afterLoad?: () => Promise<void>;
  /**
   * Attaches a database file served by the app (the browser engine's): with it, the prebuilt data
   * of `npm run build` is used when it holds `source`, instead of generating it.
   */
  attachFile?: (url: string, alias: string) => Promise<() => Promise<void>>;
}

/** Where the build puts the prebuilt data (public/data/). */
export const PREBUILT_URL = '/data/';

/**
 * `lab_full` from the prebuilt file when there is one for this source, else generated as before
 * (a missing or damaged file, an older build, storage refused: the lab never depends on it).
 * The workspace and the Grade tab both fill their `lab_full` this way, each with its own alias.
 */
export async function fillFromPrebuilt(
  connection: Connection,
  source: DataSource,
  attachFile: NonNullable<EnsureOptions['attachFile']>,
  onPrebuilt: () => void = () => undefined,
  alias = 'lab_prebuilt',
): Promise<Record<CourseTable, number>> {
  try {
    const response = await fetch(`${PREBUILT_URL}${PREBUILT_MANIFEST}`);
    const manifest: unknown = response.ok ? await response.json() : null;
    if (manifestMatches(manifest, source)) {
      const release = await attachFile(`${PREBUILT_URL}${manifest.file}`, alias);
      try {
        const rows = await copyPrebuilt(connection, 'lab_prebuilt', manifest.rows);
        onPrebuilt();
        return rows;
      } finally {
        await release().catch(() => undefined);
      }
    }
  } catch {
    // fall through: generate
  }
  return loadFullData(connection, source);
}

/**
 * Loads the course data once per database and returns the lab clock (`undefined` when raw tables
 * exist without the lab's timeline, e.g. made by hand in the SQL console). Concurrent callers share
 * one load; a failed load can be retried.
 */
export function ensureWorkspaceData(
  connection: Connection,
  log: (line: string) => void,
  { source = WORKSPACE_DATA, afterLoad, attachFile }: EnsureOptions = {},
): Promise<string | undefined> {
  loading ??= (async () => {
    if (!(await rawOrdersExist(connection))) {
      log('Loading the course data into this browser (first run only)…');
      const started = Date.now();
      let prebuilt = false;
      const info = await loadLabData(
        connection,
        source,
        attachFile
          ? { fillFull: (c) => fillFromPrebuilt(c, source, attachFile, () => (prebuilt = true)) }
          : {},
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      log(
        `Loaded the course data (${info.source}${prebuilt ? ', prebuilt' : ''}) up to ${info.cutoffDay} in ${seconds}s; lab clock ${info.clock}`,
      );
      await afterLoad?.();
    }
    try {
      return await getLabClock(connection);
    } catch {
      return undefined;
    }
  })().finally(() => {
    loading = null;
  });
  return loading;
}
