import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import { openDatabase, ping } from './index';
import { MIGRATIONS } from './migrations';

describe.each(STORE_KINDS)('the database on %s', (kind) => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
  });

  it('is created and migrated on first open, and opens again without migrating twice', async () => {
    store = await openTestStore(kind);
    expect(await ping(store)).toBe(true);
    const applied = await store.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(applied.map((r) => (r as { name: string }).name)).toEqual(Object.keys(MIGRATIONS));
    const again = await openDatabase(store.config);
    expect(await ping(again)).toBe(true);
    await again.close();
  });

  it('cascades a class delete to its students and their records', async () => {
    store = await openTestStore(kind);
    const now = new Date().toISOString();
    await store.db
      .insertInto('instructors')
      .values({ id: 'i1', name: 'Ana', password_hash: 'x', created_at: now })
      .execute();
    await store.db
      .insertInto('classes')
      .values({ id: 'c1', name: 'Day 11', join_code: 'ABC123', created_by: 'i1', created_at: now })
      .execute();
    await store.db
      .insertInto('students')
      .values({
        id: 's1',
        class_id: 'c1',
        display_name: 'Bo',
        token_hash: 'h',
        joined_at: now,
        last_seen_at: now,
      })
      .execute();
    await store.db
      .insertInto('progress_events')
      .values({
        id: 'e1',
        student_id: 's1',
        class_id: 'c1',
        kind: 'lesson_done',
        payload: '{}',
        client_time: now,
        received_at: now,
      })
      .execute();
    await store.db.deleteFrom('classes').where('id', '=', 'c1').execute();
    expect(await store.db.selectFrom('students').selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom('progress_events').selectAll().execute()).toEqual([]);
  });
});

describe.runIf(STORE_KINDS.includes('postgres'))('the PostgreSQL pool', () => {
  it('survives the server ending its idle connections, and reconnects', async () => {
    const store = await openTestStore('postgres');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      await admin.end();
      await vi.waitFor(() => expect(warn).toHaveBeenCalled(), { timeout: 5_000 });
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/PostgreSQL closed an idle connection/);
      expect(await ping(store)).toBe(true);
    } finally {
      warn.mockRestore();
      await store.dispose();
    }
  });
});
