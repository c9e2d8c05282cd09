/**
 * How grade ids reach a worker. The grade row is always stored (queued) first, so a queue only has
 * to wake someone; losing a wake-up costs time, never a grade.
 *
 * - SQLite: one process works the queue, in-process, over the `grades` table itself (polled, and
 *   woken at once by `enqueue`). Rows left queued or stale-running by an earlier process are picked
 *   up when it starts.
 * - PostgreSQL: pg-boss (its own `pgboss` schema in the same database) shares the work between any
 *   number of app and `npm run worker` processes; a job whose worker died expires and is retried.
 *   Each working process also sweeps the `grades` table now and then, so a row whose job was never
 *   sent (a crash between insert and send) or whose retries ran out while its worker was dead still
 *   gets graded.
 */
import type PgBoss from 'pg-boss';
import type { Store } from '../db';
import { nextQueued } from './jobs';

export type GradeHandler = (gradeId: string) => Promise<void>;

export interface GradeQueue {
  /** Wakes a worker for a stored, queued grade. Works without `start` (an enqueue-only process). */
  enqueue(gradeId: string): Promise<void>;
  /** Starts working the queue in this process: `handler` gets each grade id. */
  start(handler: GradeHandler): Promise<void>;
  /** Stops taking work and waits for the grades in hand (and closes connections). */
  stop(): Promise<void>;
}

type ErrorReporter = (error: unknown, gradeId?: string) => void;

const defaultReporter: ErrorReporter = (error, gradeId) => {
  console.error(
    `[grading] ${gradeId ? `grade ${gradeId}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
  );
};

export interface SqliteGradeQueueOptions {
  pollMs?: number;
  concurrency?: number;
  onError?: ErrorReporter;
}

/** The in-process queue over the `grades` table (one working process per database). */
export class SqliteGradeQueue implements GradeQueue {
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly onError: ErrorReporter;
  private handler: GradeHandler | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();
  private wakePending = false;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    options: SqliteGradeQueueOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 500;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.onError = options.onError ?? defaultReporter;
  }

  async enqueue(gradeId: string): Promise<void> {
    void gradeId; // the row is the queue: just look at it now
    this.wake();
  }

  async start(handler: GradeHandler): Promise<void> {
    if (this.running) throw new Error('The grade queue is already started');
    this.handler = handler;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
    this.loop = null;
    this.handler = null;
  }

  private wake(): void {
    this.wakePending = true;
    this.wakeUp?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakePending) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.wakePending = false;
      try {
        const free = this.concurrency - this.inFlight.size;
        if (free > 0) {
          const ids = await nextQueued(this.store, free + this.inFlight.size);
          for (const id of ids) {
            if (!this.running || this.inFlight.size >= this.concurrency) break;
            if (!this.inFlight.has(id)) this.dispatch(id);
          }
        }
      } catch (error) {
        this.onError(error);
      }
      if (!this.running) break;
      await this.sleep(this.pollMs);
      this.wakeUp = null;
    }
  }

  private dispatch(gradeId: string): void {
    const handler = this.handler!;
    const work = (async () => {
      try {
        await handler(gradeId);
        this.wake(); // a slot is free: take the next one now
      } catch (error) {
        // the handler recorded the failed attempt; the next poll retries it (no hot loop)
        this.onError(error, gradeId);
      } finally {
        this.inFlight.delete(gradeId);
      }
    })();
    this.inFlight.set(gradeId, work);
  }
}

export const PG_BOSS_QUEUE = 'grade';

export interface PgBossGradeQueueOptions {
  concurrency?: number;
  /** pg-boss retries of a job whose handler threw or whose worker died. */
  retryLimit?: number;
  /** Seconds before a retry. */
  retryDelay?: number;
  /** A job active longer than this is failed by pg-boss and retried: a little over the sandbox's wall clock. */
  expireInSeconds?: number;
  /** How often an idle pg-boss worker asks for a job. */
  pollingIntervalSeconds?: number;
  /** How often a working process looks for queued grades without a live job (0: only at start). */
  sweepMs?: number;
  onError?: ErrorReporter;
}

interface GradeJobData {
  gradeId: string;
}

/** The shared queue of a PostgreSQL deployment, on pg-boss. */
export class PgBossGradeQueue implements GradeQueue {
  private readonly concurrency: number;
  private readonly retryLimit: number;
  private readonly retryDelay: number;
  private readonly expireInSeconds: number;
  private readonly pollingIntervalSeconds: number;
  private readonly sweepMs: number;
  private readonly onError: ErrorReporter;
  private boss: Promise<PgBoss> | null = null;
  private workerIds: string[] = [];
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly connectionString: string,
    options: PgBossGradeQueueOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.retryLimit = options.retryLimit ?? 3;
    this.retryDelay = options.retryDelay ?? 10;
    this.expireInSeconds = options.expireInSeconds ?? 120;
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
    this.sweepMs = options.sweepMs ?? 60_000;
    this.onError = options.onError ?? defaultReporter;
  }

  private ready(): Promise<PgBoss> {
    if (this.stopped) return Promise.reject(new Error('The grade queue is stopped'));
    this.boss ??= (async () => {
      const { default: PgBoss } = await import('pg-boss');
      const boss = new PgBoss({
        connectionString: this.connectionString,
        max: 2 + this.concurrency,
        schedule: false, // no cron jobs here
      });
      boss.on('error', (error) => this.onError(error));
      await boss.start();
      try {
        // `short`: at most one waiting job per singleton key, so a grade is queued once
        await boss.createQueue(PG_BOSS_QUEUE, {
          name: PG_BOSS_QUEUE,
          policy: 'short',
          retryLimit: this.retryLimit,
          retryDelay: this.retryDelay,
          expireInSeconds: this.expireInSeconds,
        });
      } catch (error) {
        await boss.stop({ graceful: false }).catch(() => undefined);
        throw error;
      }
      return boss;
    })().catch((error: unknown) => {
      this.boss = null; // try again on the next call
      throw error;
    });
    return this.boss;
  }

  async enqueue(gradeId: string): Promise<void> {
    const boss = await this.ready();
    const data: GradeJobData = { gradeId };
    // null when a job for this grade is already waiting: nothing to do
    await boss.send(PG_BOSS_QUEUE, data, {
      singletonKey: gradeId,
      retryLimit: this.retryLimit,
      retryDelay: this.retryDelay,
      expireInSeconds: this.expireInSeconds,
    });
    for (const id of this.workerIds) boss.notifyWorker(id);
  }

  async start(handler: GradeHandler): Promise<void> {
    if (this.workerIds.length > 0) throw new Error('The grade queue is already started');
    const boss = await this.ready();
    for (let i = 0; i < this.concurrency; i++) {
      const id = await boss.work<GradeJobData>(
        PG_BOSS_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: this.pollingIntervalSeconds },
        async ([job]) => {
          const gradeId = job?.data?.gradeId;
          if (typeof gradeId !== 'string') return; // not ours: complete it and move on
          try {
            await handler(gradeId);
          } catch (error) {
            this.onError(error, gradeId);
            throw error; // pg-boss fails the job and retries it
          }
        },
      );
      this.workerIds.push(id);
    }
    this.sweeping = this.sweep();
    if (this.sweepMs > 0) {
      this.sweepTimer = setInterval(() => {
        this.sweeping ??= this.sweep();
      }, this.sweepMs);
      this.sweepTimer.unref?.();
    }
  }

  /** Sends a job for each grade row waiting without one (the singleton key drops duplicates). */
  private async sweep(): Promise<void> {
    try {
      for (const gradeId of await nextQueued(this.store, 100)) {
        if (this.stopped) break;
        await this.enqueue(gradeId);
      }
    } catch (error) {
      if (!this.stopped) this.onError(error);
    } finally {
      this.sweeping = null;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true; // a sweep in progress ends at its next grade
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.sweeping;
    const boss = await this.boss?.catch(() => null);
    this.boss = null;
    this.workerIds = [];
    // waits (up to 30 s) for the jobs in hand; jobs still active after that fail and are retried
    await boss?.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}

/** The queue for the store: pg-boss on PostgreSQL, the in-process table queue on SQLite. */
export function createGradeQueue(store: Store): GradeQueue {
  return store.config.kind === 'postgres'
    ? new PgBossGradeQueue(store, store.config.url)
    : new SqliteGradeQueue(store);
}
