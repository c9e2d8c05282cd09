import { afterEach, describe, expect, it } from 'vitest';
import type { GradeReport } from '@/lib/grader/types';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import {
  claimGrade,
  failAttempt,
  nextQueued,
  queueGrade,
  regradeAll,
  STALE_RUNNING_MS,
  type GradeOutcome,
} from './jobs';
import { SqliteGradeQueue } from './queue';
import { processGrade, startGradingWorker, type GradeFunction } from './worker';

const FILES = { 'models/fct_orders.sql': 'select 1 as order_id', 'dbt_project.yml': 'name: lab' };

function report(passed: boolean): GradeReport {
  return {
    passed,
    model: 'fct_orders',
    checks: [
      {
        id: 'materialized_incremental',
        title: 'Incremental',
        status: passed ? 'pass' : 'fail',
        message: '',
        hint: '',
        evidence: {},
      },
    ],
    steps: [],
    info: [],
    scenario: { data: 'test', cutoffDay: '2018-01-01', windowDays: 3 },
    durationMs: 5,
  };
}

const passing: GradeFunction = async () => ({ kind: 'report', report: report(true), ms: 5 });

/** An instructor and a class, then students and submissions on demand. */
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
  let n = 0;
  return {
    async student(id: string, classId = 'c1') {
      await store.db
        .insertInto('students')
        .values({
          id,
          class_id: classId,
          display_name: id,
          token_hash: `h-${id}`,
          joined_at: now,
          last_seen_at: now,
        })
        .execute();
      return id;
    },
    async submission(studentId: string, files: unknown = FILES, createdAt?: string) {
      n += 1;
      const id = `sub-${n}`;
      await store.db
        .insertInto('submissions')
        .values({
          id,
          student_id: studentId,
          class_id: 'c1',
          client_id: `client-${n}`,
          files: typeof files === 'string' ? files : JSON.stringify(files),
          browser_report: '{}',
          browser_passed: 0,
          created_at: createdAt ?? new Date(Date.now() + n).toISOString(),
        })
        .execute();
      return id;
    },
  };
}

async function gradeRow(store: TestStore, id: string) {
  return store.db.selectFrom('grades').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe.each(STORE_KINDS)('grading jobs and the worker on %s', (kind) => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
  });

  it('queues a grade for a stored submission and works it to done with the report', async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const submission = await s.submission(await s.student('s1'));
    const gradeId = await queueGrade(store, submission, 'v1');
    const queued = await gradeRow(store, gradeId);
    expect(queued).toMatchObject({
      submission_id: submission,
      student_id: 's1',
      class_id: 'c1',
      grader_version: 'v1',
      status: 'queued',
      attempts: 0,
      started_at: null,
    });

    const seen: Record<string, string>[] = [];
    const finished: string[] = [];
    const result = await processGrade(store, gradeId, {
      grade: async (files) => {
        seen.push(files);
        return { kind: 'report', report: report(true), ms: 5 };
      },
      onFinished: (id) => finished.push(id),
    });
    expect(result).toBe('done');
    expect(seen).toEqual([FILES]);
    expect(finished).toEqual([gradeId]);
    const done = await gradeRow(store, gradeId);
    expect(done).toMatchObject({ status: 'done', passed: 1, attempts: 1, error: null });
    expect(JSON.parse(done.report!)).toEqual(report(true));
    expect(done.started_at).not.toBeNull();
    expect(done.finished_at).not.toBeNull();
    // a settled grade is nobody's any more
    expect(await processGrade(store, gradeId, { grade: passing })).toBe('skipped');
  });

  it('stores a failing report as passed 0, and the sandbox error as a final verdict', async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const submission = await s.submission(await s.student('s1'));
    const failing = await queueGrade(store, submission, 'v1');
    await processGrade(store, failing, {
      grade: async () => ({ kind: 'report', report: report(false), ms: 5 }),
    });
    expect(await gradeRow(store, failing)).toMatchObject({ status: 'done', passed: 0 });

    const broke = await queueGrade(store, submission, 'v1');
    const limits: GradeOutcome = {
      kind: 'error',
      message: 'Time limit of 60 s exceeded',
      ms: 60_000,
    };
    expect(await processGrade(store, broke, { grade: async () => limits })).toBe('error');
    expect(await gradeRow(store, broke)).toMatchObject({
      status: 'error',
      passed: 0,
      report: null,
      error: 'Time limit of 60 s exceeded',
      attempts: 1,
    });
    expect(await nextQueued(store, 10)).toEqual([]);
  });

  it('gives a crashed attempt back, then marks the grade error with the reason after maxAttempts', async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const gradeId = await queueGrade(store, await s.submission(await s.student('s1')), 'v1');
    let calls = 0;
    const crashing: GradeFunction = async () => {
      calls += 1;
      throw new Error('sandbox binary not found');
    };
    const finished: string[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      await expect(
        processGrade(store, gradeId, { grade: crashing, maxAttempts: 3 }),
      ).rejects.toThrow('sandbox binary not found');
      expect(await gradeRow(store, gradeId)).toMatchObject({
        status: 'queued',
        attempts: attempt,
        error: 'sandbox binary not found',
        started_at: null,
      });
    }
    await expect(
      processGrade(store, gradeId, {
        grade: crashing,
        maxAttempts: 3,
        onFinished: (id) => finished.push(id),
      }),
    ).rejects.toThrow('sandbox binary not found');
    const failed = await gradeRow(store, gradeId);
    expect(failed).toMatchObject({ status: 'error', attempts: 3, passed: null });
    expect(failed.error).toContain('3 attempts');
    expect(failed.error).toContain('sandbox binary not found');
    expect(finished).toEqual([gradeId]);
    expect(await processGrade(store, gradeId, { grade: crashing })).toBe('skipped');
    expect(calls).toBe(3);
  });

  it('treats unreadable stored files as a failure of the machinery', async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const student = await s.student('s1');
    const notJson = await queueGrade(store, await s.submission(student, '{nope'), 'v1');
    const notStrings = await queueGrade(store, await s.submission(student, { 'a.sql': 1 }), 'v1');
    let calls = 0;
    const grade: GradeFunction = async () => {
      calls += 1;
      return { kind: 'report', report: report(true), ms: 1 };
    };
    await expect(processGrade(store, notJson, { grade })).rejects.toThrow('not valid JSON');
    await expect(processGrade(store, notStrings, { grade })).rejects.toThrow('map of path');
    expect(calls).toBe(0);
    expect(await gradeRow(store, notJson)).toMatchObject({ status: 'queued', attempts: 1 });
  });

  it("claims a dead worker's stale running grade again, but not a live one's", async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const student = await s.student('s1');
    const stale = await queueGrade(store, await s.submission(student), 'v1');
    const live = await queueGrade(store, await s.submission(student), 'v1');
    const exhausted = await queueGrade(store, await s.submission(student), 'v1');
    const longAgo = new Date(Date.now() - STALE_RUNNING_MS - 60_000).toISOString();
    const justNow = new Date(Date.now() - 10_000).toISOString();
    await store.db
      .updateTable('grades')
      .set({ status: 'running', attempts: 1, started_at: longAgo })
      .where('id', '=', stale)
      .execute();
    await store.db
      .updateTable('grades')
      .set({ status: 'running', attempts: 1, started_at: justNow })
      .where('id', '=', live)
      .execute();
    await store.db
      .updateTable('grades')
      .set({ status: 'running', attempts: 3, started_at: longAgo })
      .where('id', '=', exhausted)
      .execute();

    expect(new Set(await nextQueued(store, 10))).toEqual(new Set([stale, exhausted]));
    expect(await processGrade(store, live, { grade: passing })).toBe('skipped');
    expect(await processGrade(store, stale, { grade: passing })).toBe('done');
    expect(await gradeRow(store, stale)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await gradeRow(store, live)).toMatchObject({ status: 'running', attempts: 1 });

    let calls = 0;
    const finished: string[] = [];
    const result = await processGrade(store, exhausted, {
      grade: async () => {
        calls += 1;
        return { kind: 'report', report: report(true), ms: 1 };
      },
      maxAttempts: 3,
      onFinished: (id) => finished.push(id),
    });
    expect(result).toBe('error');
    expect(calls).toBe(0);
    expect(finished).toEqual([exhausted]);
    const abandoned = await gradeRow(store, exhausted);
    expect(abandoned.status).toBe('error');
    expect(abandoned.error).toContain('stopped');
    expect(await nextQueued(store, 10)).toEqual([]);
  });

  it('processes a grade once when two workers race for it', async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const gradeId = await queueGrade(store, await s.submission(await s.student('s1')), 'v1');
    let calls = 0;
    const slow: GradeFunction = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { kind: 'report', report: report(true), ms: 50 };
    };
    const results = await Promise.all([
      processGrade(store, gradeId, { grade: slow }),
      processGrade(store, gradeId, { grade: slow }),
    ]);
    expect(results.sort()).toEqual(['done', 'skipped']);
    expect(calls).toBe(1);
    expect(await gradeRow(store, gradeId)).toMatchObject({ status: 'done', attempts: 1 });
    // and the claim itself: one winner of many
    const another = await queueGrade(store, await s.submission('s1'), 'v1');
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimGrade(store!, another)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('only requeues a running grade on failAttempt, keeping the attempts bounded', async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const gradeId = await queueGrade(store, await s.submission(await s.student('s1')), 'v1');
    expect(await failAttempt(store, gradeId, 'not running', 3)).toBeNull();
    await claimGrade(store, gradeId);
    expect(await failAttempt(store, gradeId, 'worker lost its sandbox', 1)).toBe('error');
    expect(await gradeRow(store, gradeId)).toMatchObject({ status: 'error', attempts: 1 });
  });

  it('lists queued grades oldest first', async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const student = await s.student('s1');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await queueGrade(store, await s.submission(student), 'v1');
      await store.db
        .updateTable('grades')
        .set({ queued_at: new Date(Date.UTC(2030, 0, 3 - i)).toISOString() })
        .where('id', '=', id)
        .execute();
      ids.push(id);
    }
    expect(await nextQueued(store, 10)).toEqual([...ids].reverse());
    expect(await nextQueued(store, 2)).toEqual([ids[2], ids[1]]);
  });

  it("re-grades all: only students whose latest submission's latest grade is stale", async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const t = (minute: number) => new Date(Date.UTC(2030, 0, 1, 9, minute)).toISOString();
    // a: latest submission graded with v2 already
    const a1 = await s.submission(await s.student('a'), FILES, t(1));
    const a2 = await s.submission('a', FILES, t(2));
    await queueGrade(store, a1, 'v1');
    const aGrade = await queueGrade(store, a2, 'v2');
    // b: latest submission graded with v1 only
    const b1 = await s.submission(await s.student('b'), FILES, t(1));
    await queueGrade(store, b1, 'v2');
    const b2 = await s.submission('b', FILES, t(3));
    await queueGrade(store, b2, 'v1');
    // c: an older submission has a v2 grade, the latest none
    const c1 = await s.submission(await s.student('c'), FILES, t(1));
    await queueGrade(store, c1, 'v2');
    const c2 = await s.submission('c', FILES, t(4));
    // d: nothing submitted; e: in another class
    await s.student('d');
    await store.db
      .insertInto('classes')
      .values({
        id: 'c2',
        name: 'Other',
        join_code: 'XYZ789',
        created_by: 'i1',
        created_at: t(0),
      })
      .execute();
    await s.student('e', 'c2');
    await store.db
      .insertInto('submissions')
      .values({
        id: 'e1',
        student_id: 'e',
        class_id: 'c2',
        client_id: 'e1',
        files: '{}',
        browser_report: '{}',
        browser_passed: 0,
        created_at: t(5),
      })
      .execute();

    const ids = await regradeAll(store, 'c1', 'v2');
    expect(ids).toHaveLength(2);
    const rows = await store.db
      .selectFrom('grades')
      .selectAll()
      .where('id', 'in', ids)
      .orderBy('student_id')
      .execute();
    expect(rows.map((r) => [r.student_id, r.submission_id, r.grader_version, r.status])).toEqual([
      ['b', b2, 'v2', 'queued'],
      ['c', c2, 'v2', 'queued'],
    ]);
    expect(await regradeAll(store, 'c1', 'v2')).toEqual([]);

    // force: every latest submission, except those already waiting with this version
    await processGrade(store, aGrade, { grade: passing });
    const forced = await regradeAll(store, 'c1', 'v2', { force: true });
    expect(forced).toHaveLength(1);
    expect(await gradeRow(store, forced[0]!)).toMatchObject({ student_id: 'a', submission_id: a2 });
    expect(await regradeAll(store, 'c1', 'v3')).toHaveLength(3);
  });

  it('starts a worker on an injected queue and reports finished grades', async () => {
    store = await openTestStore(kind);
    const s = await seed(store);
    const gradeId = await queueGrade(store, await s.submission(await s.student('s1')), 'v1');
    const finished: string[] = [];
    const worker = await startGradingWorker(store, {
      queue: new SqliteGradeQueue(store, { pollMs: 20 }),
      grade: passing,
      onFinished: (id) => finished.push(id),
    });
    try {
      const deadline = Date.now() + 10_000;
      while (finished.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await worker.stop();
    }
    expect(finished).toEqual([gradeId]);
    expect(await gradeRow(store, gradeId)).toMatchObject({ status: 'done' });
  });
});
