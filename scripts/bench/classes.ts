/**
 * The classes load test (npm run bench:classes, and the server part of npm run bench), on loopback
 * against the production build. For each store (SQLite with one app process; PostgreSQL, when
 * `TEST_DATABASE_URL` is set, with two app processes sharing the queue) it starts the server on a
 * fresh database, makes a class, then lets N students join and submit at the same moment: a join,
 * then one sync with three events and a grade attempt each, while the app's worker re-grades every
 * submission in its sandbox. It reports requests and submissions per second, p50/p95 latency, any
 * 5xx, whether every row arrived, and how many grades the server finished per second, waiting for
 * the queue to drain at most `drainLimitS`. It also times the dashboard's query for a class of
 * 1,000 students. Everything stops by itself (time limits), and every server it starts is stopped.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addInstructor } from '@/lib/server/auth';
import { classDashboard } from '@/lib/server/classes/dashboard';
import { openDatabase, type Store } from '@/lib/server/db';
import type { StoreConfig } from '@/lib/server/db/config';
import { requireBuild, startApp, type AppServer } from './server';

const PASSWORD = 'load test password';

/**
 * What the students submit: a model with a Jinja error (a grading ends at once: the drain measures
 * the queue and the sandbox's start) or the course solution (a real grading of S0–S4 each).
 */
export type SubmittedModel = 'broken' | 'solution';

function modelText(model: SubmittedModel): string {
  const file =
    model === 'broken'
      ? 'lib/grader/fixtures/broken-jinja.sql'
      : 'content/lab/solution/models/marts/fct_orders.sql';
  return readFileSync(file, 'utf8');
}

export interface ClassesRun {
  store: 'sqlite' | 'postgres';
  appProcesses: number;
  students: number;
  requests: number;
  requestsPerSecond: number;
  submissionsPerSecond: number;
  p50ms: number;
  p95ms: number;
  serverErrors: number;
  refused: number;
  arrived: { students: number; submissions: number; events: number };
  allArrived: boolean;
  /** Grades finished (done or error) when the measurement ended, of `students`. */
  gradesFinished: number;
  gradesDone: number;
  drained: boolean;
  /** From the first request to the last finished grade (or the drain limit). */
  gradingSeconds: number;
  gradesPerSecond: number;
}

export interface ClassesFigures {
  model: SubmittedModel;
  /** The dashboard's query for 1,000 students × 5 graded attempts, median of 5 (ms). */
  dashboardMs: { sqlite: number; postgres: number | null };
  runs: ClassesRun[];
  /** Why a store was not measured. */
  skipped: string[];
}

export interface ClassesOptions {
  students: number;
  drainLimitS: number;
  model: SubmittedModel;
  log?: (line: string) => void;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

interface Timed {
  status: number;
  ms: number;
  cookie?: string;
  body?: unknown;
}

async function post(
  base: string,
  pathname: string,
  body: unknown,
  cookie?: string,
): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(`${base}${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    const setCookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const parsed: unknown = await response.json().catch(() => null);
    return {
      status: response.status,
      ms: performance.now() - started,
      cookie: setCookie || undefined,
      body: parsed,
    };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

async function dashboardAtScale(config: StoreConfig): Promise<number> {
  const store = await openDatabase(config);
  try {
    const added = await addInstructor(store, 'Scale', PASSWORD);
    if (!added.ok) throw new Error(added.message);
    const classId = randomUUID();
    const now = new Date().toISOString();
    await store.db
      .insertInto('classes')
      .values({
        id: classId,
        name: 'Scale',
        join_code: 'SCALE2',
        created_by: added.instructor.id,
        created_at: now,
      })
      .execute();
    const checks = JSON.stringify({ materialized_incremental: 'pass', idempotent_rerun: 'fail' });
    for (let batch = 0; batch < 10; batch++) {
      const students = Array.from({ length: 100 }, (_, i) => ({
        id: randomUUID(),
        class_id: classId,
        display_name: `s${batch * 100 + i}`,
        token_hash: 'x',
        joined_at: now,
        last_seen_at: now,
      }));
      await store.db.insertInto('students').values(students).execute();
      const submissions = students.flatMap((s) =>
        Array.from({ length: 5 }, () => ({
          id: randomUUID(),
          student_id: s.id,
          class_id: classId,
          client_id: randomUUID(),
          files: '{}',
          browser_report: '{"passed":false,"checks":[]}',
          browser_passed: 0,
          created_at: now,
        })),
      );
      await store.db.insertInto('submissions').values(submissions).execute();
      await store.db
        .insertInto('grades')
        .values(
          submissions.map((s) => ({
            id: randomUUID(),
            submission_id: s.id,
            student_id: s.student_id,
            class_id: classId,
            grader_version: 'v',
            status: 'done' as const,
            report: '{}',
            checks,
            passed: 0,
            error: null,
            queued_at: now,
            started_at: now,
            finished_at: now,
          })),
        )
        .execute();
    }
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const dashboard = await classDashboard(store, classId, 'v');
      times.push(performance.now() - started);
      if (dashboard.students.length !== 1000) throw new Error('the dashboard lost students');
    }
    return Math.round(times.sort((a, b) => a - b)[2]!);
  } finally {
    await store.close();
  }
}

async function loadRun(
  label: ClassesRun['store'],
  config: StoreConfig,
  appProcesses: number,
  options: ClassesOptions,
): Promise<ClassesRun> {
  const { students: count, model } = options;
  // The instructor exists before the servers start (the CLI's way), so no setup link is needed.
  const setup = await openDatabase(config);
  const added = await addInstructor(setup, 'Load', PASSWORD);
  if (!added.ok) throw new Error(added.message);
  await setup.close();
  const env: Record<string, string> = {
    LAB_DATA_DIR: config.dataDir,
    DATABASE_URL: config.kind === 'postgres' ? config.url : '',
  };
  const apps: AppServer[] = [];
  let store: Store | null = null;
  try {
    for (let i = 0; i < appProcesses; i++) apps.push(await startApp(env, { probe: '/teach' }));
    const bases = apps.map((a) => a.base);
    const login = await post(bases[0]!, '/api/auth/login', { name: 'Load', password: PASSWORD });
    const klass = await post(bases[0]!, '/api/teach/classes', { name: 'Load test' }, login.cookie);
    const { id: classId, join_code: code } = (
      klass.body as { class: { id: string; join_code: string } }
    ).class;
    const submitted = modelText(model);

    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const base = bases[i % bases.length]!;
        const join = await post(base, '/api/join', { code, name: `Student ${i}` });
        const time = new Date().toISOString();
        const sync = await post(
          base,
          '/api/sync',
          {
            events: ['overview', 'incremental-concepts', 'implementation-guide'].map((page) => ({
              id: randomUUID(),
              time,
              kind: 'lesson_done',
              payload: { page, done: true },
            })),
            submissions: [
              {
                clientId: randomUUID(),
                time,
                files: { 'models/marts/fct_orders.sql': submitted },
                report: { passed: false, checks: [] },
              },
            ],
          },
          join.cookie,
        );
        return [join, sync];
      }),
    );
    const wall = performance.now() - started;
    const requests = results.flat();
    const latencies = requests.map((r) => r.ms).sort((a, b) => a - b);
    const failed = requests.filter((r) => r.status === 0 || r.status >= 500).length;
    const refused = requests.filter((r) => r.status >= 400 && r.status < 500).length;

    store = await openDatabase(config);
    const rows = async (table: 'students' | 'submissions' | 'progress_events') =>
      Number(
        (
          await store!.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('class_id', '=', classId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const arrived = {
      students: await rows('students'),
      submissions: await rows('submissions'),
      events: await rows('progress_events'),
    };
    const grades = async () =>
      store!.db.selectFrom('grades').select(['status']).where('class_id', '=', classId).execute();
    const deadline = started + options.drainLimitS * 1000;
    let current = await grades();
    let lastFinishedAt = performance.now();
    let finished = current.filter((g) => g.status === 'done' || g.status === 'error').length;
    while (
      (current.length < count ||
        current.some((g) => g.status === 'queued' || g.status === 'running')) &&
      performance.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 500));
      current = await grades();
      const now = current.filter((g) => g.status === 'done' || g.status === 'error').length;
      if (now !== finished) lastFinishedAt = performance.now();
      finished = now;
    }
    const drained =
      current.length >= count && current.every((g) => g.status === 'done' || g.status === 'error');
    const gradingSeconds = ((drained ? lastFinishedAt : performance.now()) - started) / 1000;
    const run: ClassesRun = {
      store: label,
      appProcesses,
      students: count,
      requests: requests.length,
      requestsPerSecond: Math.round(requests.length / (wall / 1000)),
      submissionsPerSecond: Math.round(count / (wall / 1000)),
      p50ms: Math.round(percentile(latencies, 50)),
      p95ms: Math.round(percentile(latencies, 95)),
      serverErrors: failed,
      refused,
      arrived,
      allArrived:
        arrived.students === count && arrived.submissions === count && arrived.events === count * 3,
      gradesFinished: finished,
      gradesDone: current.filter((g) => g.status === 'done').length,
      drained,
      gradingSeconds: Math.round(gradingSeconds * 10) / 10,
      gradesPerSecond: Math.round((finished / gradingSeconds) * 100) / 100,
    };
    options.log?.(`classes ${label}: ${JSON.stringify(run)}`);
    return run;
  } finally {
    await store?.close();
    for (const app of apps) await app.stop();
  }
}

export async function benchClasses(options: ClassesOptions): Promise<ClassesFigures> {
  requireBuild();
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-load-'));
    dirs.push(dir);
    return dir;
  };
  const figures: ClassesFigures = {
    model: options.model,
    dashboardMs: { sqlite: 0, postgres: null },
    runs: [],
    skipped: [],
  };
  try {
    const scaleDir = fresh();
    figures.dashboardMs.sqlite = await dashboardAtScale({
      kind: 'sqlite',
      file: path.join(scaleDir, 'scale.sqlite'),
      dataDir: scaleDir,
    });
    options.log?.(`dashboard query at 1,000 students, SQLite: ${figures.dashboardMs.sqlite} ms`);
    const dir = fresh();
    figures.runs.push(
      await loadRun(
        'sqlite',
        { kind: 'sqlite', file: path.join(dir, 'lab.sqlite'), dataDir: dir },
        1,
        options,
      ),
    );
    const admin = process.env.TEST_DATABASE_URL;
    if (!admin) {
      figures.skipped.push('PostgreSQL: TEST_DATABASE_URL is not set');
      return figures;
    }
    const { default: pg } = await import('pg');
    for (const phase of ['scale', 'load'] as const) {
      const name = `lab_load_${phase}_${Date.now()}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`create database ${name}`);
      await client.end();
      const url = new URL(admin);
      url.pathname = `/${name}`;
      const config: StoreConfig = { kind: 'postgres', url: url.toString(), dataDir: fresh() };
      try {
        if (phase === 'scale') {
          figures.dashboardMs.postgres = await dashboardAtScale(config);
          options.log?.(`dashboard query, PostgreSQL: ${figures.dashboardMs.postgres} ms`);
        } else figures.runs.push(await loadRun('postgres', config, 2, options));
      } finally {
        const cleanup = new pg.Client({ connectionString: admin });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      }
    }
    return figures;
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
