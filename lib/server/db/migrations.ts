/**
 * Versioned migrations, run at start by `openDatabase`. Written with Kysely's schema builder so the
 * same steps create the same tables on SQLite and PostgreSQL. Never edit a released migration: add
 * the next one.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('app_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('instructors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('session_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('login_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('login_attempts_key_at')
      .on('login_attempts')
      .columns(['key', 'at'])
      .execute();
    await db.schema
      .createTable('classes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('join_code', 'text', (c) => c.notNull().unique())
      .addColumn('joining_open', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'text', (c) => c.notNull().references('instructors.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('students')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('class_id', 'text', (c) =>
        c.notNull().references('classes.id').onDelete('cascade'),
      )
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('students_class')
      .on('students')
      .columns(['class_id', 'display_name'])
      .execute();
    await db.schema
      .createTable('progress_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('student_id', 'text', (c) =>
        c.notNull().references('students.id').onDelete('cascade'),
      )
      .addColumn('class_id', 'text', (c) =>
        c.notNull().references('classes.id').onDelete('cascade'),
      )
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('client_time', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('events_student_time')
      .on('progress_events')
      .columns(['student_id', 'received_at'])
      .execute();
    await db.schema
      .createIndex('events_class_time')
      .on('progress_events')
      .columns(['class_id', 'received_at'])
      .execute();
    await db.schema
      .createTable('submissions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('student_id', 'text', (c) =>
        c.notNull().references('students.id').onDelete('cascade'),
      )
      .addColumn('class_id', 'text', (c) =>
        c.notNull().references('classes.id').onDelete('cascade'),
      )
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('files', 'text', (c) => c.notNull())
      .addColumn('browser_report', 'text', (c) => c.notNull())
      .addColumn('browser_passed', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('submissions_student_client', ['student_id', 'client_id'])
      .execute();
    await db.schema
      .createIndex('submissions_student_time')
      .on('submissions')
      .columns(['student_id', 'created_at'])
      .execute();
    await db.schema
      .createTable('grades')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('submission_id', 'text', (c) =>
        c.notNull().references('submissions.id').onDelete('cascade'),
      )
      .addColumn('student_id', 'text', (c) =>
        c.notNull().references('students.id').onDelete('cascade'),
      )
      .addColumn('class_id', 'text', (c) =>
        c.notNull().references('classes.id').onDelete('cascade'),
      )
      .addColumn('grader_version', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('report', 'text')
      .addColumn('passed', 'integer')
      .addColumn('error', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('queued_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema
      .createIndex('grades_status')
      .on('grades')
      .columns(['status', 'queued_at'])
      .execute();
    await db.schema
      .createIndex('grades_submission')
      .on('grades')
      .columns(['submission_id'])
      .execute();
    await db.schema
      .createIndex('grades_class_student')
      .on('grades')
      .columns(['class_id', 'student_id', 'queued_at'])
      .execute();
  },
};

/** Each grade's check statuses apart from its report: the dashboard reads them for a whole class. */
const gradeChecks: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('grades').addColumn('checks', 'text').execute();
  },
};

export const MIGRATIONS: Record<string, Migration> = {
  '001_initial': initial,
  '002_grade_checks': gradeChecks,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
