/**
 * `npm run bench:classes`: a bounded load test of the classes server on loopback. It builds nothing:
 * run `npm run build` first. For each store (SQLite with one app process; PostgreSQL, when
 * `TEST_DATABASE_URL` is set, with two app processes sharing the queue) it starts the production
 * server on a fresh database, makes a class, then lets N students (default 200) join and submit at
 * the same moment: a join, then one sync with three events and a grade attempt each. It reports
 * requests per second, p50/p95 latency, any 5xx, whether every row arrived, and how long the
 * grading queue takes to drain. The submitted model has a Jinja error, so each server grading is
 * quick and the drain measures the queue and the sandbox start, not the grader's SQL. It also times
 * the dashboard's query for a class of 1,000 students. Everything stops by itself (time limits).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addInstructor } from '@/lib/server/auth';
import { classDashboard } from '@/lib/server/classes/dashboard';
import { openDatabase, type Store } from '@/lib/server/db';
import type { StoreConfig } from '@/lib/server/db/config';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '200' },
    'drain-limit': { type: 'string', default: '600' },
  },
});
const STUDENTS = Number(values.students);
const DRAIN_LIMIT_MS = Number(values['drain-limit']) * 1000;
const PASSWORD = 'load test password';
const BROKEN_MODEL = readFileSync('lib/grader/fixtures/broken-jinja.sql', 'utf8');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function waitForServer(url: string, limitMs = 60_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not start within ${limitMs / 1000} s`);
}

function startApp(port: number, env: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      env: { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return child;
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
    return times.sort((a, b) => a - b)[2]!;
  } finally {
    await store.close();
  }
}

async function run(label: string, config: StoreConfig, ports: number[]) {
  // The instructor exists before the servers start (the CLI's way), so no setup link is needed.
  const setup = await openDatabase(config);
  const added = await addInstructor(setup, 'Load', PASSWORD);
  if (!added.ok) throw new Error(added.message);
  await setup.close();
  const env: Record<string, string> = {
    LAB_DATA_DIR: config.dataDir,
    DATABASE_URL: config.kind === 'postgres' ? config.url : '',
  };
  const apps = ports.map((port) => startApp(port, env));
  const bases = ports.map((port) => `http://127.0.0.1:${port}`);
  let store: Store | null = null;
  try {
    await Promise.all(bases.map((base) => waitForServer(`${base}/teach`)));
    const login = await post(bases[0]!, '/api/auth/login', { name: 'Load', password: PASSWORD });
    const klass = await post(bases[0]!, '/api/teach/classes', { name: 'Load test' }, login.cookie);
    const { id: classId, join_code: code } = (
      klass.body as { class: { id: string; join_code: string } }
    ).class;

    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: STUDENTS }, async (_, i) => {
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
                files: { 'models/marts/fct_orders.sql': BROKEN_MODEL },
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
    const count = async (table: 'students' | 'submissions' | 'progress_events') =>
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
      students: await count('students'),
      submissions: await count('submissions'),
      events: await count('progress_events'),
    };
    const drainStarted = performance.now();
    let pending = Infinity;
    while (pending > 0 && performance.now() - drainStarted < DRAIN_LIMIT_MS) {
      const row = await store.db
        .selectFrom('grades')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('class_id', '=', classId)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirstOrThrow();
      pending = Number(row.n);
      if (pending > 0) await new Promise((r) => setTimeout(r, 1000));
    }
    const graded = await store.db
      .selectFrom('grades')
      .select(['status'])
      .where('class_id', '=', classId)
      .execute();
    const summary = {
      store: label,
      appProcesses: ports.length,
      students: STUDENTS,
      requests: requests.length,
      requestsPerSecond: Math.round(requests.length / (wall / 1000)),
      submissionsPerSecond: Math.round(STUDENTS / (wall / 1000)),
      p50ms: Math.round(percentile(latencies, 50)),
      p95ms: Math.round(percentile(latencies, 95)),
      serverErrors: failed,
      refused,
      arrived,
      allArrived:
        arrived.students === STUDENTS &&
        arrived.submissions === STUDENTS &&
        arrived.events === STUDENTS * 3,
      grades: graded.length,
      gradedDone: graded.filter((g) => g.status === 'done').length,
      drained: pending === 0,
      drainSeconds: Math.round((performance.now() - drainStarted) / 100) / 10,
    };
    console.log(JSON.stringify(summary));
    return summary;
  } finally {
    await store?.close();
    for (const app of apps) app.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    for (const app of apps) if (app.exitCode === null) app.kill('SIGKILL');
  }
}

async function main() {
  if (!existsSync('.next/BUILD_ID'))
    throw new Error('No production build: run `npm run build` first.');
  const overall = setTimeout(() => {
    console.error('The load test ran over 20 minutes and was stopped.');
    process.exit(2);
  }, 20 * 60_000);
  overall.unref();
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-load-'));
    dirs.push(dir);
    return dir;
  };
  try {
    const sqliteDir = fresh();
    console.log(
      `dashboard query at 1,000 students × 5 grades, SQLite: ${Math.round(await dashboardAtScale({ kind: 'sqlite', file: path.join(sqliteDir, 'scale.sqlite'), dataDir: sqliteDir }))} ms (median of 5)`,
    );
    const dir = fresh();
    await run(
      'sqlite',
      { kind: 'sqlite', file: path.join(dir, 'lab.sqlite'), dataDir: dir },
      [3201],
    );
    const admin = process.env.TEST_DATABASE_URL;
    if (!admin) {
      console.log('TEST_DATABASE_URL is not set: the PostgreSQL half is skipped.');
      return;
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
        if (phase === 'scale')
          console.log(
            `dashboard query at 1,000 students × 5 grades, PostgreSQL: ${Math.round(await dashboardAtScale(config))} ms (median of 5)`,
          );
        else await run('postgres', config, [3202, 3203]);
      } finally {
        const cleanup = new pg.Client({ connectionString: admin });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      }
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
