/**
 * The server's tables, as Kysely sees them. Portable across SQLite and PostgreSQL on purpose:
 * ids are text (UUIDs made by the app), times are ISO-8601 text, JSON is text, booleans are 0/1
 * integers, so one set of queries and migrations serves both stores.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface InstructorsTable {
  id: string;
  name: string;
  password_hash: string;
  /** Bumped on a password reset: cookies made before it stop working. */
  session_version: Generated<number>;
  created_at: string;
}

export interface LoginAttemptsTable {
  id: string;
  /** What is limited: the client address and the name tried. */
  key: string;
  at: string;
}

export interface ClassesTable {
  id: string;
  name: string;
  join_code: string;
  joining_open: Generated<number>;
  created_by: string;
  created_at: string;
}

export interface StudentsTable {
  id: string;
  class_id: string;
  display_name: string;
  /** sha-256 of the token the student's cookie carries; the token itself is never stored. */
  token_hash: string;
  joined_at: string;
  last_seen_at: string;
}

export interface ProgressEventsTable {
  /** Made by the browser, so a retried send is stored once. */
  id: string;
  student_id: string;
  class_id: string;
  kind: string;
  payload: string;
  client_time: string;
  received_at: string;
}

export interface SubmissionsTable {
  id: string;
  student_id: string;
  class_id: string;
  /** Made by the browser: a retried submission gets the same id back. */
  client_id: string;
  files: string;
  browser_report: string;
  browser_passed: number;
  created_at: string;
}

export type GradeStatus = 'queued' | 'running' | 'done' | 'error';

export interface GradesTable {
  id: string;
  submission_id: string;
  student_id: string;
  class_id: string;
  /** A hash of the grader's code and scenario: "re-grade all" knows what is stale. */
  grader_version: string;
  status: GradeStatus;
  report: string | null;
  /** JSON `{ checkId: status }` of the report, for the dashboard (the report itself is large). */
  checks: string | null;
  passed: number | null;
  error: string | null;
  attempts: Generated<number>;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface Database {
  app_settings: AppSettingsTable;
  instructors: InstructorsTable;
  login_attempts: LoginAttemptsTable;
  classes: ClassesTable;
  students: StudentsTable;
  progress_events: ProgressEventsTable;
  submissions: SubmissionsTable;
  grades: GradesTable;
}

export type Instructor = Selectable<InstructorsTable>;
export type ClassRow = Selectable<ClassesTable>;
export type Student = Selectable<StudentsTable>;
export type ProgressEvent = Selectable<ProgressEventsTable>;
export type Submission = Selectable<SubmissionsTable>;
export type Grade = Selectable<GradesTable>;
export type NewGrade = Insertable<GradesTable>;
export type GradeUpdate = Updateable<GradesTable>;
