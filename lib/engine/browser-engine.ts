/**
 * Starts DuckDB-WASM once per page (a module-level promise is the guard: React runs effects twice in
 * development, and two workers compiling the wasm at once fail). The bundles are the app's own
 * static files (copied at build time), so nothing is fetched from another origin.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import type { Connection } from './connection';
import { takeDatabaseChoice } from './database-choice';
import { engineBase, takeEarlyEngine, type EarlyEngine } from './early-start';
import { openWasmConnection } from './wasm-connection';

export interface BrowserEngine {
  db: duckdb.AsyncDuckDB;
  connection: Connection;
  /** Milliseconds from the first call to a usable connection. */
  startupMs: number;
  /** The DuckDB version running, e.g. `v1.4.3`. */
  version: string;
  /**
   * Where the main database lives: in the browser's private storage (OPFS), kept between visits,
   * or in the page's memory (storage unavailable, refused, or held by another tab of the lab).
   */
  storage: { kind: 'kept' } | { kind: 'memory'; reason?: string };
}

let started: Promise<BrowserEngine> | null = null;

/**
 * A connection to a brand-new, empty in-memory database inside the same DuckDB-WASM instance: grading
 * runs there so it never reads or changes the student's workspace. Calling it again with the same
 * name drops the previous one first.
 */
export async function openFreshDatabase(name: string): Promise<Connection> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad database name: ${name}`);
  const { db, connection } = await startBrowserEngine();
  await connection.exec(`DETACH DATABASE IF EXISTS ${name}`);
  await connection.exec(`ATTACH ':memory:' AS ${name}`);
  return openWasmConnection(db, [`USE ${name}`]);
}

// Files registered with the engine, by URL: the Grade tab attaches the same prebuilt file the
// workspace loaded, without fetching and copying its bytes into the worker again.
const registered = new Map<string, Promise<string>>();

async function registerServedFile(db: duckdb.AsyncDuckDB, url: string): Promise<string> {
  let name = registered.get(url);
  if (!name) {
    name = (async () => {
      // the bytes the page's first script fetched, when it fetched this file
      const early = earlyData && (await earlyData.catch(() => null));
      earlyData = null;
      let bytes: ArrayBuffer;
      if (early?.url === url) bytes = early.bytes;
      else {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        bytes = await response.arrayBuffer();
      }
      // the name DuckDB sees: a served `.gz` arrives inflated (Content-Encoding)
      const fileName = url.split('/').pop()!.replace(/\.gz$/, '');
      await db.registerFileBuffer(fileName, new Uint8Array(bytes));
      return fileName;
    })();
    registered.set(url, name);
    name.catch(() => registered.delete(url));
  }
  return name;
}

/**
 * Fetches a DuckDB database file the app serves and attaches it read-only as `alias` (the lab's
 * prebuilt data). Returns the release, which detaches it; the bytes stay registered for the next
 * attach (a file the size of the lab's data, ~20 MB).
 */
export async function attachDatabaseFile(url: string, alias: string): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`Bad database name: ${alias}`);
  const { db, connection } = await startBrowserEngine();
  const name = await registerServedFile(db, url);
  await connection.exec(`DETACH DATABASE IF EXISTS ${alias}`);
  await connection.exec(`ATTACH '${name.replace(/'/g, "''")}' AS ${alias} (READ_ONLY)`);
  return async () => {
    await connection.exec(`DETACH DATABASE IF EXISTS ${alias}`);
  };
}

export function startBrowserEngine(): Promise<BrowserEngine> {
  started ??= boot().catch((error: unknown) => {
    started = null; // let a later call try again
    throw error;
  });
  return started;
}

/**
 * DuckDB-WASM's files as the build copies them into `public/duckdb/<version>/` (the wasm stored
 * gzip-compressed and served immutable; the workers patched so V8 caches the compiled wasm, see
 * scripts/build-wasm-assets.ts and next.config.ts).
 */
function appBundles(): duckdb.DuckDBBundles {
  const base = engineBase(duckdb.PACKAGE_VERSION);
  return {
    mvp: {
      mainModule: `${base}/duckdb-mvp.wasm.gz`,
      mainWorker: `${base}/duckdb-browser-mvp.precompile.worker.js`,
    },
    eh: {
      mainModule: `${base}/duckdb-eh.wasm.gz`,
      mainWorker: `${base}/duckdb-browser-eh.precompile.worker.js`,
    },
  };
}

let bundleFiles: string[] = [];
let earlyData: EarlyEngine['data'] | null = null;

/**
 * The app's files this engine has fetched so far (its wasm and worker, the database files it
 * attached): what the offline cache must hold for the next visit (lib/offline/client.ts).
 */
export function servedEngineFiles(): string[] {
  return [...bundleFiles, ...registered.keys()];
}

async function boot(): Promise<BrowserEngine> {
  const begin = performance.now();
  const bundle = await duckdb.selectBundle(appBundles());
  bundleFiles = [bundle.mainModule, bundle.mainWorker!];
  const early = takeEarlyEngine();
  let worker: Worker;
  if (early && early.workerUrl === bundle.mainWorker) {
    worker = early.worker; // started with the page (early-start.ts)
    earlyData = early.data;
  } else {
    early?.worker.terminate();
    worker = new Worker(bundle.mainWorker!);
  }
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  mark('lab:engine-instantiate');
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  mark('lab:engine-instantiated');
  const storage = await openDatabase(db, takeDatabaseChoice());
  mark('lab:engine-open');
  const connection = await openWasmConnection(db);
  const version = await db.getVersion();
  return { db, connection, version, storage, startupMs: performance.now() - begin };
}

/** A User Timing mark: where a visit's time goes, for the benchmark and the browser's profiler. */
export function mark(name: string): void {
  try {
    performance.mark(name);
  } catch {
    // no User Timing
  }
}

// Keep DuckDB's own types in the Arrow output; the adapter converts them (see arrow-values.ts).
const QUERY_CONFIG = {
  castBigIntToDouble: false,
  castDecimalToDouble: false,
  castTimestampToDate: false,
};

/** Another tab (or the page being reloaded, not yet gone) holds the file's access handle. */
const HELD = /Access Handles? cannot be created|NoModificationAllowed|another open Access Handle/i;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens `path`; a kept database that cannot be opened falls back to memory (the lab then rebuilds
 * its tables from the journal, as without storage). A file held by a page being reloaded is
 * released within moments, so a held file is tried again for about a second first.
 */
async function openDatabase(
  db: duckdb.AsyncDuckDB,
  path: string,
): Promise<BrowserEngine['storage']> {
  if (path === ':memory:') {
    await db.open({ path, query: QUERY_CONFIG });
    return { kind: 'memory' };
  }
  let reason = '';
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      await db.open({
        path,
        accessMode: duckdb.DuckDBAccessMode.READ_WRITE,
        opfs: { fileHandling: 'auto' },
        query: QUERY_CONFIG,
      });
      return { kind: 'kept' };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
      if (!HELD.test(reason)) break;
      reason = 'the lab is open in another tab';
      await sleep(200);
    }
  }
  await db.open({ path: ':memory:', query: QUERY_CONFIG });
  // A file that cannot be opened (damaged, from an incompatible DuckDB) would fail on every visit:
  // the next one starts a new file. The journal still rebuilds the tables.
  if (reason !== 'the lab is open in another tab') await removeKeptFile(path);
  return { kind: 'memory', reason };
}

async function removeKeptFile(path: string): Promise<void> {
  try {
    const [folder, file] = path.replace(/^opfs:\/\//, '').split('/');
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(folder!);
    for (const name of [file!, `${file!}.wal`]) await dir.removeEntry(name).catch(() => undefined);
  } catch {
    // no storage, or nothing there
  }
}

/**
 * Registers bytes the page holds (the student's own CSVs, read from their disk) under `name`, for
 * every database of the page to read; the bytes move to the engine's worker. Returns the name.
 */
export async function registerFileBytes(name: string, bytes: Uint8Array): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`Bad file name: ${name}`);
  const { db } = await startBrowserEngine();
  await db.registerFileBuffer(name, bytes);
  return name;
}

/** Drops a file registered with `registerFileBytes`, freeing its bytes. */
export async function dropRegisteredFile(name: string): Promise<void> {
  const { db } = await startBrowserEngine();
  await db.dropFile(name);
}
