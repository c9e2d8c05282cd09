/**
 * What the instructor's dashboard shows, from a handful of indexed queries per class (no report
 * bodies): the roster with each student's lessons, last activity, the server's latest verdict per
 * check, disagreement with the browser, attempts and a "stuck" signal; per check, how many pass.
 */
import { CHECK_IDS, type CheckId, type CheckStatus } from '@/lib/grader/types';
import type { Store } from '../db';
import type { GradeStatus } from '../db/schema';

/** Several graded attempts failing on the same check, or this long without activity, is "stuck". */
export const STUCK_ATTEMPTS = 3;
export const IDLE_MINUTES = 20;

export interface RosterRow {
  id: string;
  name: string;
  joinedAt: string;
  lastSeenAt: string;
  /** Page slug → when it was marked done. */
  lessonsDone: Record<string, string>;
  attempts: number;
  /** The server's latest grade of the latest submission. */
  grade: {
    status: GradeStatus;
    passed: boolean | null;
    checks: Partial<Record<CheckId, CheckStatus>>;
    error: string | null;
    at: string;
    stale: boolean;
  } | null;
  browserPassed: boolean | null;
  /** The browser and the server disagree on the latest submission (pass/fail or any check). */
  disagreement: boolean;
  stuck: string | null;
}

export interface Dashboard {
  students: RosterRow[];
  perCheck: Record<CheckId, number>;
  graded: number;
  /** Changes whenever anything on the dashboard may have: the live view polls it. */
  version: string;
}

const parseChecks = (text: string | null): Partial<Record<CheckId, CheckStatus>> => {
  if (!text) return {};
  try {
    return JSON.parse(text) as Partial<Record<CheckId, CheckStatus>>;
  } catch {
    return {};
  }
};

const parseBrowserChecks = (
  text: string,
): { passed: boolean; checks: Partial<Record<CheckId, CheckStatus>> } | null => {
  try {
    const report = JSON.parse(text) as {
      passed: boolean;
      checks: { id: CheckId; status: CheckStatus }[];
    };
    return {
      passed: report.passed,
      checks: Object.fromEntries(report.checks.map((c) => [c.id, c.status])),
    };
  } catch {
    return null;
  }
};

/** A cheap fingerprint of the class's state: new students, events, submissions and grade changes. */
export async function dashboardVersion(store: Store, classId: string): Promise<string> {
  const [students, grades] = await Promise.all([
    store.db
      .selectFrom('students')
      .select((eb) => [eb.fn.count<number>('id').as('n'), eb.fn.max('last_seen_at').as('seen')])
      .where('class_id', '=', classId)
      .executeTakeFirst(),
    store.db
      .selectFrom('grades')
      .select((eb) => [
        eb.fn.count<number>('id').as('n'),
        eb.fn.max('queued_at').as('queued'),
        eb.fn.max('started_at').as('started'),
        eb.fn.max('finished_at').as('finished'),
      ])
      .where('class_id', '=', classId)
      .executeTakeFirst(),
  ]);
  return [
    students?.n,
    students?.seen,
    grades?.n,
    grades?.queued,
    grades?.started,
    grades?.finished,
  ].join('|');
}

export async function classDashboard(
  store: Store,
  classId: string,
  currentGraderVersion: string,
  now = new Date(),
): Promise<Dashboard> {
  const [students, lessons, grades, submissions, version] = await Promise.all([
    store.db
      .selectFrom('students')
      .select(['id', 'display_name', 'joined_at', 'last_seen_at'])
      .where('class_id', '=', classId)
      .orderBy('display_name')
      .execute(),
    store.db
      .selectFrom('progress_events')
      .select(['student_id', 'payload', 'client_time'])
      .where('class_id', '=', classId)
      .where('kind', '=', 'lesson_done')
      .orderBy('client_time')
      .execute(),
    store.db
      .selectFrom('grades')
      .select([
        'student_id',
        'submission_id',
        'status',
        'passed',
        'checks',
        'error',
        'grader_version',
        'queued_at',
        'finished_at',
      ])
      .where('class_id', '=', classId)
      .orderBy('queued_at')
      .execute(),
    store.db
      .selectFrom('submissions')
      .select(['id', 'student_id', 'browser_report', 'created_at'])
      .where('class_id', '=', classId)
      .orderBy('created_at')
      .execute(),
    dashboardVersion(store, classId),
  ]);

  const done = new Map<string, Record<string, string>>();
  for (const event of lessons) {
    const { page, done: isDone } = JSON.parse(event.payload) as { page: string; done: boolean };
    const pages = done.get(event.student_id) ?? {};
    if (isDone) pages[page] = event.client_time;
    else delete pages[page];
    done.set(event.student_id, pages);
  }
  const bySubmission = new Map(submissions.map((s) => [s.id, s]));
  const latestSubmission = new Map<string, (typeof submissions)[number]>();
  const attempts = new Map<string, number>();
  for (const s of submissions) {
    latestSubmission.set(s.student_id, s);
    attempts.set(s.student_id, (attempts.get(s.student_id) ?? 0) + 1);
  }
  const gradesByStudent = new Map<string, (typeof grades)[number][]>();
  for (const g of grades) {
    const own = gradesByStudent.get(g.student_id);
    if (own) own.push(g);
    else gradesByStudent.set(g.student_id, [g]);
  }

  const perCheck = Object.fromEntries(CHECK_IDS.map((id) => [id, 0])) as Record<CheckId, number>;
  let graded = 0;
  const roster: RosterRow[] = students.map((student) => {
    const latest = latestSubmission.get(student.id);
    const own = gradesByStudent.get(student.id) ?? [];
    // The newest grade of the newest submission: its verdict is the student's current one.
    const current = latest
      ? [...own].reverse().find((g) => g.submission_id === latest.id)
      : undefined;
    const checks = parseChecks(current?.checks ?? null);
    if (current?.status === 'done') {
      graded++;
      for (const id of CHECK_IDS) if (checks[id] === 'pass') perCheck[id]++;
    }
    const browser = latest ? parseBrowserChecks(latest.browser_report) : null;
    const disagreement =
      current?.status === 'done' &&
      browser !== null &&
      (browser.passed !== (current.passed === 1) ||
        CHECK_IDS.some(
          (id) => browser.checks[id] !== undefined && browser.checks[id] !== checks[id],
        ));
    return {
      id: student.id,
      name: student.display_name,
      joinedAt: student.joined_at,
      lastSeenAt: student.last_seen_at,
      lessonsDone: done.get(student.id) ?? {},
      attempts: attempts.get(student.id) ?? 0,
      grade: current
        ? {
            status: current.status,
            passed: current.passed === null ? null : current.passed === 1,
            checks,
            error: current.error,
            at: current.finished_at ?? current.queued_at,
            stale: current.grader_version !== currentGraderVersion,
          }
        : null,
      browserPassed: browser ? browser.passed : null,
      disagreement,
      stuck: stuckReason(own, bySubmission, student.last_seen_at, now),
    };
  });
  return { students: roster, perCheck, graded, version };
}

/** Why a student looks stuck, or null. */
function stuckReason(
  grades: {
    status: GradeStatus;
    passed: number | null;
    checks: string | null;
    submission_id: string;
  }[],
  submissions: Map<string, unknown>,
  lastSeenAt: string,
  now: Date,
): string | null {
  const finished = grades.filter((g) => g.status === 'done' && submissions.has(g.submission_id));
  const last = finished.slice(-STUCK_ATTEMPTS);
  if (last.length === STUCK_ATTEMPTS && last.every((g) => g.passed === 0)) {
    const firstFailing = last.map((g) =>
      CHECK_IDS.find((id) => parseChecks(g.checks)[id] !== 'pass'),
    );
    if (firstFailing[0] && firstFailing.every((id) => id === firstFailing[0]))
      return `${firstFailing[0]} failing over ${STUCK_ATTEMPTS} attempts`;
  }
  const passedOnce = finished.some((g) => g.passed === 1);
  const idleMinutes = (now.getTime() - Date.parse(lastSeenAt)) / 60_000;
  if (!passedOnce && idleMinutes >= IDLE_MINUTES)
    return `no activity for ${Math.floor(idleMinutes)} minutes`;
  return null;
}
