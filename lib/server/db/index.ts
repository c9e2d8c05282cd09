/**
 * The server's database: one Kysely instance over SQLite (better-sqlite3) or PostgreSQL (pg),
 * migrated to the latest version when it opens. `getDatabase()` is the process-wide instance the
 * routes use; tests open their own with `openDatabase`.
 */
import { mkdirSync } from 'node:fs';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { storeConfigFromEnv, type StoreConfig } from './config';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type { Database } from './schema';

export interface Store {
  db: Kysely<Database>;
  kind: StoreConfig['kind'];
  config: StoreConfig;
  close: () => Promise<void>;
}

async function dialectFor(config: StoreConfig) {
  if (config.kind === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const { default: SQLite } = await import('better-sqlite3');
    const database = new SQLite(config.file);
    // WAL lets the dashboard read while a grade is written; foreign keys make deletes cascade.
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    return new SqliteDialect({ database });
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  // An idle connection the server ends (a restart, an admin's terminate) is dropped by the pool,
  // which then emits 'error': with no listener that would crash the process.
  pool.on('error', (error) => {
    console.warn(`PostgreSQL closed an idle connection: ${error.message}`);
  });
  return new PostgresDialect({ pool });
}

export async function openDatabase(config: StoreConfig = storeConfigFromEnv()): Promise<Store> {
  const db = new Kysely<Database>({ dialect: await dialectFor(config) });
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(
      `Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error ?? 'unknown error')}`,
    );
  }
  return { db, kind: config.kind, config, close: () => db.destroy() };
}

// On globalThis, as Next.js may load this module once per bundle: one pool per process.
const holder = globalThis as typeof globalThis & { __labDatabase?: Promise<Store> | null };

/** The process's database, opened (and migrated) on first use; a failed open is retried next time. */
export function getDatabase(): Promise<Store> {
  holder.__labDatabase ??= openDatabase().catch((error: unknown) => {
    holder.__labDatabase = null;
    throw error;
  });
  return holder.__labDatabase;
}

/** A cheap query that proves the store answers (health checks, tests). */
export async function ping(store: Store): Promise<boolean> {
  await sql`select 1`.execute(store.db);
  return true;
}
