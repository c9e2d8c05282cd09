/**
 * Tests run against both stores: a fresh SQLite file in a temporary folder always, and a fresh
 * PostgreSQL database when `TEST_DATABASE_URL` names a server whose role may create databases
 * (`.ci/run` starts Debian's PostgreSQL and sets it; on a laptop without one the PostgreSQL half
 * skips, with a note). Set `REQUIRE_POSTGRES=1` to make a missing server a failure instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Store } from '../db';

export type StoreKind = 'sqlite' | 'postgres';

const postgresUrl = process.env.TEST_DATABASE_URL;

if (!postgresUrl && process.env.REQUIRE_POSTGRES === '1')
  throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');

/** The stores these tests can run on here, for `describe.each`. */
export const STORE_KINDS: StoreKind[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];

if (!postgresUrl) console.warn('TEST_DATABASE_URL is not set: server tests run on SQLite only.');

export interface TestStore extends Store {
  /** Drops what was made for the test (the SQLite folder or the PostgreSQL database). */
  dispose: () => Promise<void>;
}

export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lab-server-test-'));
  if (kind === 'sqlite') {
    const store = await openDatabase({
      kind: 'sqlite',
      file: path.join(dataDir, 'lab.sqlite'),
      dataDir,
    });
    return {
      ...store,
      dispose: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const { default: pg } = await import('pg');
  const name = `lab_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  const store = await openDatabase({ kind: 'postgres', url: url.toString(), dataDir });
  return {
    ...store,
    dispose: async () => {
      await store.close();
      const cleanup = new pg.Client({ connectionString: postgresUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
