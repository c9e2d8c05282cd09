/**
 * A student's progress events and grade attempts, stored as the browser sends them. Both are
 * idempotent by the browser's ids: a resend after a lost answer stores nothing twice.
 */
import { randomUUID } from 'node:crypto';
import type { ProgressEventInput, SubmissionInput } from '@/lib/course/class-protocol';
import type { Store } from '../db';
import type { Student } from '../db/schema';

export async function recordEvents(
  store: Store,
  student: Student,
  events: ProgressEventInput[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const now = new Date().toISOString();
  await store.db
    .insertInto('progress_events')
    .values(
      events.map((e) => ({
        id: e.id,
        student_id: student.id,
        class_id: student.class_id,
        kind: e.kind,
        payload: JSON.stringify(e.payload),
        client_time: e.time,
        received_at: now,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return events.map((e) => e.id);
}

/**
 * Stores a grade attempt (before anything is queued, so nothing is lost if queueing fails) and
 * returns its id, and whether it is new. The same client id from the same student is one attempt.
 */
export async function storeSubmission(
  store: Store,
  student: Student,
  submission: SubmissionInput,
): Promise<{ id: string; created: boolean }> {
  const id = randomUUID();
  const inserted = await store.db
    .insertInto('submissions')
    .values({
      id,
      student_id: student.id,
      class_id: student.class_id,
      client_id: submission.clientId,
      files: JSON.stringify(submission.files),
      browser_report: JSON.stringify(submission.report),
      browser_passed: submission.report.passed ? 1 : 0,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.columns(['student_id', 'client_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { id, created: true };
  // A resend (or a concurrent one that won the race): answer with the stored attempt's id.
  const stored = await store.db
    .selectFrom('submissions')
    .select('id')
    .where('student_id', '=', student.id)
    .where('client_id', '=', submission.clientId)
    .executeTakeFirstOrThrow();
  return { id: stored.id, created: false };
}

/** Whether a submission has been queued for grading at least once. */
export async function hasGrade(store: Store, submissionId: string): Promise<boolean> {
  const row = await store.db
    .selectFrom('grades')
    .select('id')
    .where('submission_id', '=', submissionId)
    .executeTakeFirst();
  return row !== undefined;
}
