/**
 * `npm run worker`: a dedicated grading worker. With `DATABASE_URL` (PostgreSQL) it works the
 * pg-boss queue shared with the app and any other workers — run as many as the machine allows (set
 * `LAB_IN_APP_WORKER=0` on the app to leave all grading to them). Without it, it works the SQLite
 * queue in the data folder, which exactly one process should do (the app with
 * `LAB_IN_APP_WORKER=0`, and this worker). `LAB_WORKER_CONCURRENCY` (default 1) grades that many at
 * once. Stops cleanly on SIGINT/SIGTERM, finishing the grades in hand.
 */
import { openDatabase } from '../lib/server/db';
import { gradeInSandbox, graderVersion } from '../lib/server/grading/index';
import { PgBossGradeQueue, SqliteGradeQueue, type GradeQueue } from '../lib/server/grading/queue';
import { startGradingWorker } from '../lib/server/grading/worker';

function concurrencyFromEnv(): number {
  const raw = process.env.LAB_WORKER_CONCURRENCY;
  if (!raw) return 1;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 16)
    throw new Error('LAB_WORKER_CONCURRENCY must be an integer from 1 to 16');
  return value;
}

function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

async function main(): Promise<void> {
  const concurrency = concurrencyFromEnv();
  const store = await openDatabase();
  let queue: GradeQueue;
  let where: string;
  if (store.config.kind === 'postgres') {
    queue = new PgBossGradeQueue(store, store.config.url, { concurrency });
    where = `pg-boss queue on ${describeDatabase(store.config.url)}`;
  } else {
    queue = new SqliteGradeQueue(store, { concurrency });
    where = `SQLite queue in ${store.config.file}`;
    console.log(
      'DATABASE_URL is not set: working the SQLite queue. Only one process should work it — start the app with LAB_IN_APP_WORKER=0.',
    );
  }
  const worker = await startGradingWorker(store, {
    queue,
    grade: (files) => gradeInSandbox(files),
  });
  console.log(
    `Grading worker ready: ${where}, grader ${graderVersion()}, concurrency ${concurrency} (pid ${process.pid}).`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: finishing the grades in hand, then stopping.`);
    worker
      .stop()
      .then(() => store.close())
      .then(
        () => {
          console.log('Grading worker stopped.');
          process.exit(0);
        },
        (error: unknown) => {
          console.error(
            `Grading worker did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`,
          );
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`Grading worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
