/**
 * The `grades` table as a work list: pure database steps, the same on SQLite and PostgreSQL. A grade
 * row is made (queued) before any queue hears of it, so the row is the source of truth and a queue
 * is only a way to wake a worker: whoever claims the row does the work, everyone else walks away.
 *
 * Lifecycle: queued → running (claimGrade, attempts + 1) → done | error (finishGrade), or back to
 * queued after a crash of the worker machinery (failAttempt) until the attempts run out. A row left
 * `running` by a worker that died is claimed again once its `started_at` is older than the stale
 * limit, and the attempts bound that too (a submission that kills its worker every time ends as an
 * error instead of looping).
 */
import { randomUUID } from 'node:crypto';
import type { GradeReport } from '@/lib/grader/types';
import type { Store } from '../db';
import type { Grade, GradeStatus } from '../db/schema';

/** A `running` row older than this belongs to a worker that died (the sandbox's wall clock is far shorter). */
export const STALE_RUNNING_MS = 3 * 60_000;

export const DEFAULT_MAX_ATTEMPTS = 3;

/** Longest error text stored on a grade row. */
const MAX_ERROR_LENGTH = 4000;

/**
 * What grading a submission produced: a report, or the sandbox's verdict that the model broke its
 * limits (time, memory, output) — the shape `gradeInSandbox` returns.
 */
export type GradeOutcome =
  | { kind: 'report'; report: GradeReport; ms: number }
  | { kind: 'error'; message: string; ms: number };

export interface ClaimOptions {
  /** A stale `running` row is claimed again only while its attempts are below this. */
  maxAttempts?: number;
  staleMs?: number;
  now?: Date;
}

function iso(now: Date = new Date()): string {
  return now.toISOString();
}

function staleBefore(now: Date, staleMs: number): string {
  return new Date(now.getTime() - staleMs).toISOString();
}

function clip(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** Queues a grading of a stored submission; returns the new grade's id. */
export async function queueGrade(
  store: Store,
  submissionId: string,
  graderVersion: string,
): Promise<string> {
  const submission = await store.db
    .selectFrom('submissions')
    .select(['student_id', 'class_id'])
    .where('id', '=', submissionId)
    .executeTakeFirst();
  if (!submission) throw new Error(`No submission ${submissionId} to grade`);
  const id = randomUUID();
  await store.db
    .insertInto('grades')
    .values({
      id,
      submission_id: submissionId,
      student_id: submission.student_id,
      class_id: submission.class_id,
      grader_version: graderVersion,
      status: 'queued',
      queued_at: iso(),
    })
    .execute();
  return id;
}

/**
 * Takes a grade for this worker: from `queued`, or from a `running` left by a dead worker (started
 * longer than the stale limit ago, attempts left). One statement, so of two workers racing for a
 * row exactly one gets it; the other (and anyone asking about a row that is done) gets null.
 */
export async function claimGrade(
  store: Store,
  gradeId: string,
  options: ClaimOptions = {},
): Promise<Grade | null> {
  const {
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    staleMs = STALE_RUNNING_MS,
    now = new Date(),
  } = options;
  const row = await store.db
    .updateTable('grades')
    .set((eb) => ({
      status: 'running' as GradeStatus,
      attempts: eb('attempts', '+', 1),
      started_at: iso(now),
    }))
    .where('id', '=', gradeId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([
          eb('status', '=', 'running'),
          eb('started_at', '<', staleBefore(now, staleMs)),
          eb('attempts', '<', maxAttempts),
        ]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Ends a `running` grade whose worker died on its last allowed attempt: status `error`. Returns
 * whether it did (false when the row is not stale, not out of attempts, or not running).
 */
export async function abandonStaleGrade(
  store: Store,
  gradeId: string,
  options: ClaimOptions = {},
): Promise<boolean> {
  const {
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    staleMs = STALE_RUNNING_MS,
    now = new Date(),
  } = options;
  const result = await store.db
    .updateTable('grades')
    .set({
      status: 'error',
      error: clip(
        `The grading worker stopped without an answer on each of ${maxAttempts} attempts.`,
      ),
      finished_at: iso(now),
    })
    .where('id', '=', gradeId)
    .where('status', '=', 'running')
    .where('started_at', '<', staleBefore(now, staleMs))
    .where('attempts', '>=', maxAttempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Stores a grading's result on a `running` grade: `done` with the report, or — for the sandbox's
 * `error` outcome (the model broke the limits) — `error` with the message, a final verdict
 * (`passed` 0) that is not retried. Returns false when the row was not running (already settled).
 */
export async function finishGrade(
  store: Store,
  gradeId: string,
  outcome: GradeOutcome,
  now: Date = new Date(),
): Promise<boolean> {
  const values =
    outcome.kind === 'report'
      ? {
          status: 'done' as const,
          report: JSON.stringify(outcome.report),
          // The check statuses apart, so the dashboard never reads whole reports.
          checks: JSON.stringify(
            Object.fromEntries(outcome.report.checks.map((c) => [c.id, c.status])),
          ),
          passed: outcome.report.passed ? 1 : 0,
          error: null,
        }
      : {
          status: 'error' as const,
          report: null,
          checks: null,
          passed: 0,
          error: clip(outcome.message),
        };
  const result = await store.db
    .updateTable('grades')
    .set({ ...values, finished_at: iso(now) })
    .where('id', '=', gradeId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * A crash of the worker machinery (not a verdict on the model) during a `running` grade: back to
 * `queued` (the reason kept in `error`) while attempts < maxAttempts, else `error` with the reason.
 * Returns the row's new status, or null when it was not running.
 */
export async function failAttempt(
  store: Store,
  gradeId: string,
  reason: string,
  maxAttempts: number = DEFAULT_MAX_ATTEMPTS,
  now: Date = new Date(),
): Promise<'queued' | 'error' | null> {
  const requeued = await store.db
    .updateTable('grades')
    .set({ status: 'queued', error: clip(reason), started_at: null })
    .where('id', '=', gradeId)
    .where('status', '=', 'running')
    .where('attempts', '<', maxAttempts)
    .executeTakeFirst();
  if (Number(requeued.numUpdatedRows) > 0) return 'queued';
  const failed = await store.db
    .updateTable('grades')
    .set({
      status: 'error',
      passed: null,
      error: clip(`Grading failed after ${maxAttempts} attempts: ${reason}`),
      finished_at: iso(now),
    })
    .where('id', '=', gradeId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(failed.numUpdatedRows) > 0 ? 'error' : null;
}

/** Ids of grades waiting for a worker — queued, and stale running — oldest first. */
export async function nextQueued(
  store: Store,
  limit: number,
  options: { staleMs?: number; now?: Date } = {},
): Promise<string[]> {
  const { staleMs = STALE_RUNNING_MS, now = new Date() } = options;
  const rows = await store.db
    .selectFrom('grades')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'running'), eb('started_at', '<', staleBefore(now, staleMs))]),
      ]),
    )
    .orderBy('queued_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * "Re-grade all": queues a grade of every student's latest submission in the class whose latest
 * grade is missing or of another grader version (with `force`, of every latest submission, except
 * those with a grade of this version still queued or running). Returns the new grade ids; the
 * caller hands them to the queue.
 */
export async function regradeAll(
  store: Store,
  classId: string,
  graderVersion: string,
  options: { force?: boolean } = {},
): Promise<string[]> {
  return store.db.transaction().execute(async (trx) => {
    const submissions = await trx
      .selectFrom('submissions')
      .select(['id', 'student_id', 'class_id', 'created_at'])
      .where('class_id', '=', classId)
      .orderBy('student_id')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const latest = new Map<string, (typeof submissions)[number]>();
    for (const s of submissions) if (!latest.has(s.student_id)) latest.set(s.student_id, s);
    if (latest.size === 0) return [];

    const grades = await trx
      .selectFrom('grades')
      .select(['submission_id', 'grader_version', 'status', 'queued_at'])
      .where('class_id', '=', classId)
      .where(
        'submission_id',
        'in',
        [...latest.values()].map((s) => s.id),
      )
      .orderBy('queued_at')
      .orderBy('id')
      .execute();
    const latestGrade = new Map<string, (typeof grades)[number]>();
    for (const g of grades) latestGrade.set(g.submission_id, g); // ascending: the last one wins

    const now = iso();
    const rows = [...latest.values()]
      .filter((s) => {
        const grade = latestGrade.get(s.id);
        if (!grade || grade.grader_version !== graderVersion) return true;
        if (!options.force) return false;
        return grade.status !== 'queued' && grade.status !== 'running';
      })
      .map((s) => ({
        id: randomUUID(),
        submission_id: s.id,
        student_id: s.student_id,
        class_id: s.class_id,
        grader_version: graderVersion,
        status: 'queued' as const,
        queued_at: now,
      }));
    if (rows.length > 0) await trx.insertInto('grades').values(rows).execute();
    return rows.map((r) => r.id);
  });
}
