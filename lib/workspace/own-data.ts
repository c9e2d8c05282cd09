/**
 * The student's own Olist CSVs, picked from their disk in the lab: read in the browser (never
 * uploaded), checked, registered with DuckDB-WASM and loaded in place of the course data.
 *
 * Checked first, on a fresh database beside the workspace's: the importer's file/line/column
 * errors, a cut-off file, a timeline that cannot start. Only data that loads there replaces the
 * workspace's `lab_full` (copied over), so a bad file leaves the student's data and tables as
 * they were.
 *
 * The choice is kept across reloads, with the files themselves, in IndexedDB: a self-paced
 * student who picked their data wants to find it again tomorrow, with their tables rebuilt from
 * the journal on it, not to be switched back to generated data until they find the files again.
 * Where the browser refuses to keep them (storage full, a private window), the lab says so: after
 * a reload it runs on the course data and the files must be picked again.
 */
import {
  checkCsvComplete,
  COURSE_TABLES,
  KAGGLE_NAMES,
  loadLabData,
  RawDataError,
  tableForFileName,
  type CourseTable,
  type DataSource,
  type LabDataInfo,
  type RawFile,
} from '@/lib/data';
import { copyPrebuilt } from '@/lib/data/prebuilt';
import { digestCourseFiles, sha256Hex } from '@/lib/data/source-digest';
import type { Connection } from '@/lib/engine/connection';
import type { KeyValueStore } from './kv-store';

/** A picked file as the lab keeps it: which table, the name the student knows, its bytes. */
export interface OwnFile {
  table: CourseTable;
  displayName: string;
  /** The bytes (a `File` as picked, or the `Blob` IndexedDB gives back). */
  blob: Blob;
}

export interface OwnData {
  /** `digestCourseFiles` of the files' bytes: the source's key. */
  digest: string;
  files: OwnFile[];
  /** The files' names when the browser would not keep their bytes (then `files` is empty). */
  notKept?: string[];
}

/**
 * Where the picked bytes go: DuckDB-WASM's `registerFileBuffer` in the browser (the name is the
 * path), a folder in tests. Returns the path `read_csv` opens.
 */
export interface FileRegistry {
  register(name: string, bytes: Uint8Array): Promise<string>;
  drop(path: string): Promise<void>;
}

/**
 * The fresh database the data is checked on: in the browser, another in-memory database of the
 * same engine (already visible to the workspace's connection as `alias`); `attach` makes it so
 * where it is not.
 */
export type OpenCheckDatabase = (
  alias: string,
) => Promise<{ connection: Connection; attach: () => Promise<void> }>;

export const OWN_DATA_KEY = 'own-data';
/** The lab's word for this data: in the data label, the grade report, the terminal. */
export const OWN_DATA_LABEL = 'your own Olist CSVs';

let registrations = 0;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The course files among the picked ones (Kaggle names or short names, `.csv` or `.csv.gz`);
 * others (sellers, reviews…) are ignored and listed. Throws a RawDataError when a table is
 * missing or picked twice.
 */
export function sortPicked(picked: { name: string; blob: Blob }[]): {
  files: OwnFile[];
  ignored: string[];
} {
  const files: OwnFile[] = [];
  const ignored: string[] = [];
  for (const { name, blob } of picked) {
    const table = tableForFileName(name);
    if (!table) ignored.push(name);
    else {
      const other = files.find((f) => f.table === table);
      if (other)
        throw new RawDataError(
          `Two files hold ${table}: ${other.displayName} and ${name}; pick one.`,
          name,
        );
      files.push({ table, displayName: name, blob });
    }
  }
  const missing = COURSE_TABLES.filter((t) => !files.some((f) => f.table === t));
  if (missing.length > 0) {
    const names = missing.map((t) => `${KAGGLE_NAMES[t]}.csv (or ${t}.csv)`).join(', ');
    throw new RawDataError(
      `Missing ${missing.join(', ')}: pick all five course files at once (${names}).` +
        (ignored.length ? ` Not course files: ${ignored.join(', ')}.` : ''),
    );
  }
  return { files, ignored };
}

export interface RegisteredOwnData {
  source: Extract<DataSource, { kind: 'files' }>;
  /** Drops the registered files (when the data is not used after all, or replaced). */
  release: () => Promise<void>;
}

/**
 * Reads the files' bytes, checks each is complete (a cut-off download or gzip stream), digests
 * them and registers them with DuckDB under names of their own (`own-<digest>-<n>-orders.csv.gz`),
 * which any database of the page can read: the workspace's and the Grade tab's.
 */
export async function registerOwnFiles(
  registry: FileRegistry,
  files: OwnFile[],
): Promise<RegisteredOwnData & { digest: string }> {
  const read = await Promise.all(
    files.map(async (file) => {
      const bytes = new Uint8Array(await file.blob.arrayBuffer());
      await checkCsvComplete(bytes, file.displayName);
      return { file, bytes, sha256: await sha256Hex(bytes) };
    }),
  );
  const digest = await digestCourseFiles(
    Object.fromEntries(read.map((r) => [r.file.table, r.sha256])),
  );
  // Names of their own per registration: dropping an earlier pick never drops a later one.
  const registration = (++registrations).toString(36);
  const registered: RawFile[] = [];
  const release = async () => {
    for (const f of registered) await registry.drop(f.path).catch(() => undefined);
  };
  try {
    for (const { file, bytes } of read) {
      const name = `own-${digest}-${registration}-${file.table}.csv${isGzip(bytes) ? '.gz' : ''}`;
      const path = await registry.register(name, bytes); // the bytes move to DuckDB's worker
      registered.push({ table: file.table, path, displayName: file.displayName });
    }
  } catch (error) {
    await release();
    throw error;
  }
  return {
    digest,
    source: {
      kind: 'files',
      files: registered,
      label: `${OWN_DATA_LABEL} (${files.length} files picked in this browser)`,
      digest,
    },
    release,
  };
}

/**
 * Checks `source` on a fresh database (`openCheck`): imported, cut-off chosen, timeline started.
 * Then replaces the workspace's data with it: `lab_full` copied over, the timeline reset at that
 * cut-off. Throws, the workspace untouched, when the check fails.
 */
export async function loadOwnData(
  connection: Connection,
  source: DataSource,
  openCheck: OpenCheckDatabase,
  alias = 'own_data_check',
): Promise<LabDataInfo> {
  const check = await openCheck(alias);
  let checked: LabDataInfo;
  try {
    checked = await loadLabData(check.connection, source);
  } catch (error) {
    await check.connection.close().catch(() => undefined);
    await connection.exec(`DETACH DATABASE IF EXISTS ${alias}`).catch(() => undefined);
    throw error;
  }
  await check.connection.close();
  await check.attach();
  return loadLabData(connection, source, {
    cutoff: checked.cutoffDay,
    fillFull: (c) => copyPrebuilt(c, alias), // detaches it
  });
}

/** The student's own data kept in this browser, or null. */
export async function readOwnData(store: KeyValueStore): Promise<OwnData | null> {
  const value = (await store.get(OWN_DATA_KEY)) as Partial<OwnData> | undefined;
  if (!value || typeof value.digest !== 'string' || !Array.isArray(value.files)) return null;
  if (Array.isArray(value.notKept))
    return { digest: value.digest, files: [], notKept: value.notKept.map(String) };
  const files = value.files.filter(
    (f): f is OwnFile =>
      typeof f === 'object' &&
      f !== null &&
      COURSE_TABLES.includes(f.table) &&
      typeof f.displayName === 'string' &&
      f.blob instanceof Blob,
  );
  return files.length === value.files.length ? { digest: value.digest, files } : null;
}

/**
 * Keeps the choice with the files' bytes. When the browser refuses them (storage full, a private
 * window), keeps only their names, so the next visit can say why the lab is back on the course
 * data, and rejects.
 */
export async function saveOwnData(store: KeyValueStore, data: OwnData): Promise<void> {
  try {
    await store.set(OWN_DATA_KEY, data);
  } catch (error) {
    const names = data.files.map((f) => f.displayName);
    await store
      .set(OWN_DATA_KEY, { digest: data.digest, files: [], notKept: names })
      .catch(() => undefined);
    throw error;
  }
}

export async function forgetOwnData(store: KeyValueStore): Promise<void> {
  await store.delete(OWN_DATA_KEY);
}

/** The sizes in words, for the terminal ("5 files, 21.9 MB"). */
export function describeFiles(files: { blob: Blob }[]): string {
  const bytes = files.reduce((sum, f) => sum + f.blob.size, 0);
  return `${files.length} file${files.length === 1 ? '' : 's'}, ${(bytes / 1e6).toFixed(1)} MB`;
}
