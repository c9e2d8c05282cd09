/**
 * One student's page: their latest model (the UI shows it as a diff against the starter), their
 * run log (dbt commands and data events, newest last), the grade history and the latest report.
 */
import type { GradeReport } from '@/lib/grader/types';
import type { Store } from '../db';
import type { Student } from '../db/schema';

export interface StudentDetail {
  student: { id: string; name: string; joinedAt: string; lastSeenAt: string };
  files: Record<string, string> | null;
  submittedAt: string | null;
  log: { time: string; kind: string; payload: unknown }[];
  grades: {
    id: string;
    submittedAt: string;
    status: string;
    passed: boolean | null;
    browserPassed: boolean;
    error: string | null;
    at: string;
    graderVersion: string;
  }[];
  /** The server's report of the newest finished grade: the step table and the checks. */
  report: GradeReport | null;
}

const LOG_LIMIT = 300;

/** The page of `student` (the route has found them in the instructor's class already). */
export async function studentDetail(store: Store, student: Student): Promise<StudentDetail> {
  const studentId = student.id;
  const [latest, events, grades] = await Promise.all([
    store.db
      .selectFrom('submissions')
      .select(['files', 'created_at'])
      .where('student_id', '=', studentId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    store.db
      .selectFrom('progress_events')
      .select(['client_time', 'kind', 'payload'])
      .where('student_id', '=', studentId)
      .where('kind', 'in', ['dbt_command', 'data_event'])
      .orderBy('client_time', 'desc')
      .limit(LOG_LIMIT)
      .execute(),
    store.db
      .selectFrom('grades')
      .innerJoin('submissions', 'submissions.id', 'grades.submission_id')
      .select([
        'grades.id',
        'grades.status',
        'grades.passed',
        'grades.error',
        'grades.queued_at',
        'grades.finished_at',
        'grades.grader_version',
        'submissions.created_at as submitted_at',
        'submissions.browser_passed',
      ])
      .where('grades.student_id', '=', studentId)
      .orderBy('grades.queued_at', 'desc')
      .execute(),
  ]);
  const newestDone = grades.find((g) => g.status === 'done');
  const report = newestDone
    ? await store.db
        .selectFrom('grades')
        .select('report')
        .where('id', '=', newestDone.id)
        .executeTakeFirst()
    : undefined;
  return {
    student: {
      id: student.id,
      name: student.display_name,
      joinedAt: student.joined_at,
      lastSeenAt: student.last_seen_at,
    },
    files: latest ? (JSON.parse(latest.files) as Record<string, string>) : null,
    submittedAt: latest?.created_at ?? null,
    log: events.reverse().map((e) => ({
      time: e.client_time,
      kind: e.kind,
      payload: JSON.parse(e.payload) as unknown,
    })),
    grades: grades.map((g) => ({
      id: g.id,
      submittedAt: g.submitted_at,
      status: g.status,
      passed: g.passed === null ? null : g.passed === 1,
      browserPassed: g.browser_passed === 1,
      error: g.error,
      at: g.finished_at ?? g.queued_at,
      graderVersion: g.grader_version,
    })),
    report: report?.report ? (JSON.parse(report.report) as GradeReport) : null,
  };
}
