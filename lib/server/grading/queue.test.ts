import { afterEach, describe, expect, it } from 'vitest';
import type { GradeReport } from '@/lib/grader/types';
import { openTestStore, STORE_KINDS, type StoreKind, type TestStore } from '../testing/stores';
import { queueGrade, STALE_RUNNING_MS } from './jobs';
import { createGradeQueue, PgBossGradeQueue, SqliteGradeQueue, type GradeQueue } from './queue';
import { startGradingWorker, type GradeFunction, type GradingWorker } from './worker';

const FILES = { 'models/fct_orders.sql': 'select 1 as order_id' };

const REPORT: GradeReport = {
  passed: true,
  model: 'fct_orders',
  checks: [],
  steps: [],
  info: [],
  scenario: { data: 'test', cutoffDay: '2018-01-01', windowDays: 3 },
  durationMs: 5,
};

/** An instructor, a class and one student; submissions on demand. */
async function seed(store: TestStore) {
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
  let n = 0;
  return {
    /** Stores a submission and queues a grade of it (the app's order: stored, then queued). */
    async queuedGrade(): Promise<string> {
      n += 1;
      await store.db
        .insertInto('submissions')
        .values({
          id: `sub-${n}`,
          student_id: 's1',
          class_id: 'c1',
          client_id: `client-${n}`,
          files: JSON.stringify(FILES),
          browser_report: '{}',
          browser_passed: 1,
          created_at: new Date().toISOString(),
        })
        .execute();
      return queueGrade(store, `sub-${n}`, 'v1');
    },
  };
}

async function statusOf(store: TestStore, id: string) {
  return store.db.selectFrom('grades').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function allSettled(store: TestStore, ids: string[], status: 'done' | 'error' = 'done') {
  await waitFor(`${ids.length} grades ${status}`, async () => {
    const rows = await store.db
      .selectFrom('grades')
      .select('id')
      .where('id', 'in', ids)
      .where('status', '=', status)
      .execute();
    return rows.length === ids.length;
  });
}

const silent = () => undefined;

interface QueueKind {
  name: string;
  /** `pollMs`: how rarely the table queue looks on its own (pg-boss ignores it). */
  make: (store: TestStore, pollMs?: number) => GradeQueue;
}

function queueKinds(kind: StoreKind): QueueKind[] {
  const kinds: QueueKind[] = [
    {
      name: 'the table queue',
      make: (store, pollMs = 20) => new SqliteGradeQueue(store, { pollMs, onError: silent }),
    },
  ];
  if (kind === 'postgres')
    kinds.push({
      name: 'pg-boss',
      make: (store) =>
        new PgBossGradeQueue(store, (store.config as { url: string }).url, {
          retryDelay: 0,
          pollingIntervalSeconds: 0.5,
          onError: silent,
        }),
    });
  return kinds;
}

describe.each(STORE_KINDS)('grade queues on %s', (kind) => {
  let store: TestStore | null = null;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await store?.dispose();
    store = null;
  });

  async function worker(options: Parameters<typeof startGradingWorker>[1]) {
    const started: GradingWorker = await startGradingWorker(store!, options);
    cleanups.push(started.stop);
    return started;
  }

  function queue(make: QueueKind['make']): GradeQueue {
    const made = make(store!);
    cleanups.push(() => made.stop());
    return made;
  }

  it('picks the queue for the store', async () => {
    store = await openTestStore(kind);
    const made = queue(createGradeQueue);
    expect(made).toBeInstanceOf(kind === 'postgres' ? PgBossGradeQueue : SqliteGradeQueue);
  });

  describe.each(queueKinds(kind))('$name', ({ make }) => {
    it('processes an enqueued grade and stores it as done with the report', async () => {
      store = await openTestStore(kind);
      const s = await seed(store);
      const finished: string[] = [];
      // the table queue polls rarely here: the enqueue itself must wake it
      const q = queue((st) => make(st, 60_000));
      await worker({
        queue: q,
        grade: async () => ({ kind: 'report', report: REPORT, ms: 5 }),
        onFinished: (id) => finished.push(id),
      });
      const gradeId = await s.queuedGrade();
      await q.enqueue(gradeId);
      await allSettled(store, [gradeId]);
      const row = await statusOf(store, gradeId);
      expect(row).toMatchObject({ status: 'done', passed: 1, attempts: 1 });
      expect(JSON.parse(row.report!)).toEqual(REPORT);
      expect(finished).toEqual([gradeId]);
    });

    it('retries a grade whose handler crashes, then marks it error with the reason', async () => {
      store = await openTestStore(kind);
      const s = await seed(store);
      let calls = 0;
      const q = queue(make);
      await worker({
        queue: q,
        maxAttempts: 3,
        grade: async () => {
          calls += 1;
          throw new Error('worker ran out of file handles');
        },
      });
      const gradeId = await s.queuedGrade();
      await q.enqueue(gradeId);
      await allSettled(store, [gradeId], 'error');
      const row = await statusOf(store, gradeId);
      expect(row.attempts).toBe(3);
      expect(row.error).toContain('worker ran out of file handles');
      expect(calls).toBe(3);
    });

    it('picks up grades left queued (and stale running) before it started', async () => {
      store = await openTestStore(kind);
      const s = await seed(store);
      const left = [await s.queuedGrade(), await s.queuedGrade()];
      const dead = await s.queuedGrade();
      await store.db
        .updateTable('grades')
        .set({
          status: 'running',
          attempts: 1,
          started_at: new Date(Date.now() - STALE_RUNNING_MS - 1000).toISOString(),
        })
        .where('id', '=', dead)
        .execute();
      const graded: string[] = [];
      await worker({
        queue: queue(make),
        grade: async (files) => {
          graded.push(Object.keys(files).join());
          return { kind: 'report', report: REPORT, ms: 1 };
        },
      });
      // nobody called enqueue: the rows are the queue
      await allSettled(store, [...left, dead]);
      expect(graded).toHaveLength(3);
      expect(await statusOf(store, dead)).toMatchObject({ status: 'done', attempts: 2 });
    });
  });

  if (kind === 'postgres') {
    it('shares pg-boss work between two processes: each job is processed exactly once', async () => {
      store = await openTestStore(kind);
      const s = await seed(store);
      const url = (store.config as { url: string }).url;
      const options = { pollingIntervalSeconds: 0.5, retryDelay: 0, onError: silent };
      const counts = new Map<string, number>();
      const byProcess = [0, 0];
      const grade =
        (process: 0 | 1): GradeFunction =>
        async (files) => {
          void files;
          byProcess[process]! += 1;
          await new Promise((resolve) => setTimeout(resolve, 30));
          return { kind: 'report', report: REPORT, ms: 30 };
        };
      for (const p of [0, 1] as const) {
        await worker({
          queue: queue(() => new PgBossGradeQueue(store!, url, options)),
          grade: grade(p),
          onFinished: (id) => counts.set(id, (counts.get(id) ?? 0) + 1),
        });
      }
      // an app process that only enqueues (never starts)
      const app = queue(() => new PgBossGradeQueue(store!, url, options));
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(await s.queuedGrade());
      for (const id of ids) {
        await app.enqueue(id);
        await app.enqueue(id); // a retried request: the singleton key drops it
      }
      await allSettled(store, ids);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // any duplicate would show by now
      expect([...counts.entries()].sort()).toEqual(ids.map((id) => [id, 1]).sort());
      expect(byProcess[0]! + byProcess[1]!).toBe(12);
      expect(byProcess[0]).toBeGreaterThan(0);
      expect(byProcess[1]).toBeGreaterThan(0);
      const rows = await store.db.selectFrom('grades').select('attempts').execute();
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
    });
  }
});
