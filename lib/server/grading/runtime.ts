/**
 * Server grading as the app wires it: one instance per process. Submissions are queued on the
 * store's queue (pg-boss on PostgreSQL, the in-process table queue on SQLite) and, unless
 * `LAB_IN_APP_WORKER=0`, this process also works the queue with the real sandbox — so a single
 * `next start` grades on its own, and on PostgreSQL dedicated `npm run worker` processes can take
 * the work over (set `LAB_IN_APP_WORKER=0` on the app then). On SQLite exactly one process should
 * work the queue: the app, or one `npm run worker` with `LAB_IN_APP_WORKER=0` on the app.
 */
import type { Store } from '../db';
import { gradeInSandbox, graderVersion } from './index';
import { queueGrade, regradeAll as regradeAllJobs } from './jobs';
import { createGradeQueue, type GradeQueue } from './queue';
import { startGradingWorker } from './worker';

export interface ServerGrading {
  /** Queues a grading of a stored submission with the current grader; returns the grade id. */
  enqueue(submissionId: string): Promise<string>;
  /** Queues the class's stale latest submissions (all of them with `force`); returns the grade ids. */
  regradeAll(classId: string, options?: { force?: boolean }): Promise<string[]>;
  /** Calls `listener` when a grade worked by this process is done or failed; returns an unsubscribe. */
  onFinished(listener: (gradeId: string) => void): () => void;
  /** Whether this process works the queue. */
  readonly working: boolean;
  stop(): Promise<void>;
}

export function inAppWorkerEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LAB_IN_APP_WORKER !== '0';
}

async function create(store: Store): Promise<ServerGrading> {
  const queue: GradeQueue = createGradeQueue(store);
  const listeners = new Set<(gradeId: string) => void>();
  const working = inAppWorkerEnabled();
  const worker = working
    ? await startGradingWorker(store, {
        queue,
        grade: (files) => gradeInSandbox(files),
        onFinished: (gradeId) => {
          for (const listener of listeners) {
            try {
              listener(gradeId);
            } catch {
              // one dashboard's failure is not the others'
            }
          }
        },
      })
    : null;

  /** The row is stored: a lost wake-up only delays it (workers sweep for queued rows). */
  async function wake(gradeId: string): Promise<void> {
    try {
      await queue.enqueue(gradeId);
    } catch (error) {
      console.error(
        `[grading] grade ${gradeId} is stored but its queue did not answer (a worker's sweep will find it): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  return {
    working,
    async enqueue(submissionId) {
      const gradeId = await queueGrade(store, submissionId, graderVersion());
      await wake(gradeId);
      return gradeId;
    },
    async regradeAll(classId, options) {
      const ids = await regradeAllJobs(store, classId, graderVersion(), options);
      for (const id of ids) await wake(id);
      return ids;
    },
    onFinished(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      listeners.clear();
      if (worker) await worker.stop();
      else await queue.stop();
    },
  };
}

const KEY = Symbol.for('incremental-lab.server-grading');
type Holder = { [KEY]?: Promise<ServerGrading> };

/**
 * The process's server grading, started on first call (kept on `globalThis` so a dev server's
 * module reloads do not start a second worker). A failed start is tried again on the next call.
 */
export function startServerGrading(store: Store): Promise<ServerGrading> {
  const holder = globalThis as Holder;
  holder[KEY] ??= create(store).catch((error: unknown) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

/** Stops the process's server grading, if started (shutdown, tests). */
export async function stopServerGrading(): Promise<void> {
  const holder = globalThis as Holder;
  const running = holder[KEY];
  delete holder[KEY];
  await (await running?.catch(() => null))?.stop();
}
