/**
 * The workspace database's course data: when the lab opens, the Olist tables are loaded into the
 * page's DuckDB — the data the build prebuilt (its manifest says which: the real CSVs of the
 * server's `data/raw/`, or the lab's generated data), or the student's own CSVs when they picked
 * some — and the timeline starts at the cut-off; later commands only read the lab clock back.
 * Talks to DuckDB through `Connection` only.
 */
import { getLabClock, loadLabData, type DataSource, type LabDataInfo } from '@/lib/data';
import { describeSource, loadFullData } from '@/lib/data/load';
import {
  copyPrebuilt,
  manifestMatches,
  manifestSource,
  PREBUILT_MANIFEST,
  type PrebuiltManifest,
} from '@/lib/data/prebuilt';
import type { CourseTable } from '@/lib/data/course-tables';
import type { Connection } from '@/lib/engine/connection';
import { LAB_DATA } from '@/lib/course/lab-data-source';

/** The data when the app has no build's manifest (or cannot read it): the lab's generated data. */
export const WORKSPACE_DATA: DataSource = LAB_DATA;

async function rawOrdersExist(connection: Connection): Promise<boolean> {
  const result = await connection.query<{ n: number }>(
    "select count(*)::int as n from information_schema.tables where table_catalog = current_database() and table_schema = 'raw' and table_name = 'orders'",
  );
  return Number(result.rows[0]?.n ?? 0) > 0;
}

let loading: Promise<string | undefined> | null = null;

type AttachFile = (url: string, alias: string) => Promise<() => Promise<void>>;
type Rows = Record<CourseTable, number>;

export interface EnsureOptions {
  /** The data to load; by default the course data (the build's manifest). */
  source?: DataSource;
  /**
   * Asked only when the data must be loaded: the data the student chose instead of the course
   * data (their own CSVs), or undefined.
   */
  chooseSource?: () => Promise<DataSource | undefined>;
  /**
   * When the chosen source cannot be loaded: returns the line for the log, and the course data is
   * loaded instead. Without it the error is thrown.
   */
  onChosenFailed?: (error: unknown) => Promise<string>;
  /** Runs right after a fresh load, before any caller goes on (the journal's replay). */
  afterLoad?: () => Promise<void>;
  /**
   * Attaches a database file served by the app (the browser engine's): with it, the prebuilt data
   * of `npm run build` is used instead of generating or importing it.
   */
  attachFile?: AttachFile;
}

/** Where the build puts the prebuilt data (public/data/). */
export const PREBUILT_URL = '/data/';

/**
 * What a kept lab database is checked against (lib/workspace/kept-database.ts): the build's data
 * file (its URL, for the offline cache too) and its digest of the code that fills a database. Null
 * without a readable manifest.
 */
export async function readManifestStamp(): Promise<{
  file: string;
  url: string;
  code?: string;
} | null> {
  const manifest = await fetchManifest();
  if (typeof manifest !== 'object' || manifest === null) return null;
  const { file, code } = manifest as { file?: unknown; code?: unknown };
  if (typeof file !== 'string' || !/^[\w.-]+\.duckdb(\.gz)?$/.test(file)) return null;
  return {
    file,
    url: `${PREBUILT_URL}${file}`,
    ...(typeof code === 'string' && { code }),
  };
}

async function fetchManifest(): Promise<unknown> {
  try {
    const response = await fetch(`${PREBUILT_URL}${PREBUILT_MANIFEST}`);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

/** `lab_full` copied from the manifest's served file through `alias`; `onPrebuilt` once it is. */
async function copyFromServed(
  connection: Connection,
  attachFile: AttachFile,
  manifest: PrebuiltManifest,
  alias: string,
  onPrebuilt: () => void,
): Promise<Rows> {
  const release = await attachFile(`${PREBUILT_URL}${manifest.file}`, alias);
  try {
    const rows = await copyPrebuilt(connection, alias, manifest.rows);
    onPrebuilt();
    return rows;
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * `lab_full` from the prebuilt file when there is one for this source, else generated or imported
 * from the source itself (a missing or damaged file, an older build, storage refused: the lab
 * never depends on it). The workspace and the Grade tab both fill their `lab_full` this way, each
 * with its own alias.
 */
export async function fillFromPrebuilt(
  connection: Connection,
  source: DataSource,
  attachFile: AttachFile,
  onPrebuilt: () => void = () => undefined,
  alias = 'lab_prebuilt',
): Promise<Rows> {
  const manifest = await fetchManifest();
  if (manifestMatches(manifest, source)) {
    try {
      return await copyFromServed(connection, attachFile, manifest, alias, onPrebuilt);
    } catch {
      // fall through: generate or import
    }
  }
  return loadFullData(connection, source);
}

export interface CourseData {
  /** The data the build prebuilt (the manifest's source), else the lab's generated data. */
  source: DataSource;
  /**
   * Fills `lab_full` with it: from the prebuilt file, else generated. Data the browser cannot
   * make itself (the server's CSVs) fails with a message when the file cannot be had.
   */
  fillFull?: (connection: Connection) => Promise<Rows>;
}

/** The course data of this build, filled from its prebuilt file through `alias`. */
export async function courseData(
  attachFile: AttachFile | undefined,
  alias = 'lab_prebuilt',
  onPrebuilt: () => void = () => undefined,
): Promise<CourseData> {
  const manifest = await fetchManifest();
  const source = manifestSource(manifest, LAB_DATA);
  if (!source || !attachFile || !manifestMatches(manifest, source)) return { source: LAB_DATA };
  return {
    source,
    fillFull: async (connection) => {
      try {
        return await copyFromServed(connection, attachFile, manifest, alias, onPrebuilt);
      } catch (error) {
        if (source.kind === 'generated') return loadFullData(connection, source);
        throw new Error(
          `The lab's data (${describeSource(source).label}) could not be loaded from the server: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    },
  };
}

/**
 * Loads the course data into `connection` (lab_full, then the timeline at the cut-off). When the
 * server's CSVs cannot be had, the lab's generated data is loaded instead and the log says so.
 */
export async function loadCourseData(
  connection: Connection,
  log: (line: string) => void,
  attachFile?: AttachFile,
  onPrebuilt?: () => void,
): Promise<LabDataInfo> {
  const course = await courseData(attachFile, 'lab_prebuilt', onPrebuilt);
  try {
    return await loadLabData(connection, course.source, course.fillFull ? course : {});
  } catch (error) {
    if (course.source.kind === 'generated') throw error;
    log(
      `${error instanceof Error ? error.message : String(error)}; the lab runs on generated data instead.`,
    );
    return loadLabData(connection, WORKSPACE_DATA);
  }
}

/** Loads `source` (from the prebuilt file when the build holds the same data). */
export function loadSource(
  connection: Connection,
  source: DataSource,
  attachFile?: AttachFile,
  onPrebuilt?: () => void,
): Promise<LabDataInfo> {
  return loadLabData(
    connection,
    source,
    attachFile ? { fillFull: (c) => fillFromPrebuilt(c, source, attachFile, onPrebuilt) } : {},
  );
}

/**
 * Loads the course data once per database and returns the lab clock (`undefined` when raw tables
 * exist without the lab's timeline, e.g. made by hand in the SQL console). Concurrent callers share
 * one load; a failed load can be retried.
 */
export function ensureWorkspaceData(
  connection: Connection,
  log: (line: string) => void,
  { source, chooseSource, onChosenFailed, afterLoad, attachFile }: EnsureOptions = {},
): Promise<string | undefined> {
  loading ??= (async () => {
    if (!(await rawOrdersExist(connection))) {
      const started = Date.now();
      let prebuilt = false;
      const onPrebuilt = () => (prebuilt = true);
      let info: LabDataInfo | undefined;
      if (source) {
        log('Loading the course data into this browser (first run only)…');
        info = await loadSource(connection, source, attachFile, onPrebuilt);
      } else if (chooseSource) {
        try {
          const chosen = await chooseSource();
          if (chosen) {
            log('Loading your own Olist CSVs into this browser again…');
            info = await loadSource(connection, chosen, attachFile, onPrebuilt);
          }
        } catch (error) {
          if (!onChosenFailed) throw error;
          log(await onChosenFailed(error));
        }
      }
      if (!info) log('Loading the course data into this browser (first run only)…');
      info ??= await loadCourseData(connection, log, attachFile, onPrebuilt);
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
