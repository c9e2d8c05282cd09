/**
 * The worker's side of a grade: claim the row, read the submission's files, have the injected
 * `grade` function (the sandbox, in production) grade them, store the outcome. The worker process
 * never runs the student's model itself; `grade` is expected to do that out of process.
 *
 * Two kinds of failure: the sandbox's `error` outcome is a verdict on the model (limits broken) and
 * is stored as such; a throw — from loading the files, the grade function, or the database — is
 * the machinery's, so the attempt is given back (`failAttempt`) and the error rethrown for the
 * queue (pg-boss) to retry the job.
 */
import { z } from 'zod';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Store } from '../db';
import {
  abandonStaleGrade,
  claimGrade,
  DEFAULT_MAX_ATTEMPTS,
  failAttempt,
  finishGrade,
  type GradeOutcome,
} from './jobs';
import { createGradeQueue, type GradeQueue } from './queue';

export type GradeFunction = (files: ProjectFiles) => Promise<GradeOutcome>;

export interface ProcessGradeOptions {
  grade: GradeFunction;
  maxAttempts?: number;
  /** Called when a grade reaches `done` or `error` (to wake live dashboards); must not throw. */
  onFinished?: (gradeId: string) => void;
}

export type ProcessResult = 'done' | 'error' | 'requeued' | 'skipped';

const filesSchema = z.record(z.string(), z.string());

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function notify(onFinished: ProcessGradeOptions['onFinished'], gradeId: string): void {
  try {
    onFinished?.(gradeId);
  } catch {
    // a listener's problem is not the grade's
  }
}

async function loadFiles(store: Store, submissionId: string): Promise<ProjectFiles> {
  const row = await store.db
    .selectFrom('submissions')
    .select('files')
    .where('id', '=', submissionId)
    .executeTakeFirst();
  if (!row) throw new Error(`Submission ${submissionId} is gone`);
  let json: unknown;
  try {
    json = JSON.parse(row.files);
  } catch {
    throw new Error(`Submission ${submissionId}: its files are not valid JSON`);
  }
  const parsed = filesSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`Submission ${submissionId}: its files are not a map of path to text`);
  return parsed.data;
}

/**
 * Works one grade. Resolves with what happened (`skipped` when another worker has it or it is
 * settled); rejects — after giving the attempt back — when the machinery failed.
 */
export async function processGrade(
  store: Store,
  gradeId: string,
  options: ProcessGradeOptions,
): Promise<ProcessResult> {
  const { grade, maxAttempts = DEFAULT_MAX_ATTEMPTS, onFinished } = options;
  const claimed = await claimGrade(store, gradeId, { maxAttempts });
  if (!claimed) {
    // a dead worker's row out of attempts is settled here rather than left running for ever
    if (await abandonStaleGrade(store, gradeId, { maxAttempts })) {
      notify(onFinished, gradeId);
      return 'error';
    }
    return 'skipped';
  }
  let outcome: GradeOutcome;
  try {
    const files = await loadFiles(store, claimed.submission_id);
    outcome = await grade(files);
    await finishGrade(store, gradeId, outcome);
  } catch (error) {
    let status: Awaited<ReturnType<typeof failAttempt>> = null;
    try {
      status = await failAttempt(store, gradeId, messageOf(error), maxAttempts);
    } catch {
      // the database is down too: the row stays running and is claimed again once stale
    }
    if (status === 'error') notify(onFinished, gradeId);
    throw error;
  }
  notify(onFinished, gradeId);
  return outcome.kind === 'report' ? 'done' : 'error';
}

export interface GradingWorkerOptions extends ProcessGradeOptions {
  /** The queue to work; `createGradeQueue(store)` by default. */
  queue?: GradeQueue;
}

export interface GradingWorker {
  queue: GradeQueue;
  stop: () => Promise<void>;
}

/** Starts working the store's grade queue in this process. */
export async function startGradingWorker(
  store: Store,
  options: GradingWorkerOptions,
): Promise<GradingWorker> {
  const { queue = createGradeQueue(store), ...processOptions } = options;
  await queue.start(async (gradeId) => {
    await processGrade(store, gradeId, processOptions);
  });
  return { queue, stop: () => queue.stop() };
}
