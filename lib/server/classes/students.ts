/**
 * Students: a display name, no password and no email. Joining makes a token the student's cookie
 * carries (its hash is stored); the same browser rejoining with the same name resumes its record.
 */
import { randomUUID } from 'node:crypto';
import { newStudentToken } from '../auth/student-session';
import type { Store } from '../db';
import type { Student } from '../db/schema';
import { classByCode } from './classes';

export function checkDisplayName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'Type the name your instructor will see.';
  if (trimmed.length > 60) return 'A name has at most 60 characters.';
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return 'A name cannot hold control characters.';
  return null;
}

export type JoinOutcome =
  | {
      ok: true;
      student: Student;
      /** The new student's token, for their cookie (none when an existing record resumed). */
      token: string | null;
      classId: string;
      className: string;
      resumed: boolean;
    }
  | { ok: false; status: 403 | 404 | 422; message: string };

/**
 * Joins the class with this code. `current` is the student the browser's cookie proves, if any:
 * rejoining the same class from that browser resumes the same record (and keeps its cookie).
 */
export async function joinClass(
  store: Store,
  code: string,
  displayName: string,
  current: Student | null,
): Promise<JoinOutcome> {
  const problem = checkDisplayName(displayName);
  if (problem) return { ok: false, status: 422, message: problem };
  const klass = await classByCode(store, code);
  if (!klass)
    return {
      ok: false,
      status: 404,
      message: 'No class has this code: check it with your instructor.',
    };
  const now = new Date().toISOString();
  if (current && current.class_id === klass.id) {
    const name = displayName.trim();
    await store.db
      .updateTable('students')
      .set({ display_name: name, last_seen_at: now })
      .where('id', '=', current.id)
      .execute();
    return {
      ok: true,
      student: { ...current, display_name: name, last_seen_at: now },
      token: null,
      classId: klass.id,
      className: klass.name,
      resumed: true,
    };
  }
  if (!klass.joining_open)
    return {
      ok: false,
      status: 403,
      message: 'This class is closed to new students: ask your instructor.',
    };
  const { token, hash } = newStudentToken();
  const student: Student = {
    id: randomUUID(),
    class_id: klass.id,
    display_name: displayName.trim(),
    token_hash: hash,
    joined_at: now,
    last_seen_at: now,
  };
  await store.db.insertInto('students').values(student).execute();
  return { ok: true, student, token, classId: klass.id, className: klass.name, resumed: false };
}

export async function touchStudent(store: Store, studentId: string): Promise<void> {
  await store.db
    .updateTable('students')
    .set({ last_seen_at: new Date().toISOString() })
    .where('id', '=', studentId)
    .execute();
}

export async function studentInClass(
  store: Store,
  classId: string,
  studentId: string,
): Promise<Student | null> {
  const row = await store.db
    .selectFrom('students')
    .selectAll()
    .where('id', '=', studentId)
    .where('class_id', '=', classId)
    .executeTakeFirst();
  return row ?? null;
}

export async function renameStudent(store: Store, studentId: string, name: string): Promise<void> {
  await store.db
    .updateTable('students')
    .set({ display_name: name.trim() })
    .where('id', '=', studentId)
    .execute();
}

export async function removeStudent(store: Store, studentId: string): Promise<void> {
  await store.db.deleteFrom('students').where('id', '=', studentId).execute();
}
