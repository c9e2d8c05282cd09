/**
 * A student's session: one cookie per browser naming the class, the student and a random token
 * whose sha-256 the students row keeps. Joining another class replaces the cookie. The cookie is
 * signed over the class id, so a cookie for class A never opens class B.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../db';
import type { Student } from '../db/schema';
import { getCookieSecret } from './secret';
import { cookieFor, safeEqual, sha256Hex, signValue, verifyValue } from './signed-cookie';
import type { CookieToSet } from './signed-cookie';

export const STUDENT_COOKIE = 'lab_student';
export const STUDENT_SESSION_SECONDS = 180 * 24 * 60 * 60;

/** A fresh token for a joining student: the token goes in the cookie, the hash in `token_hash`. */
export function newStudentToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256Hex(token) };
}

export interface StudentSession {
  classId: string;
  studentId: string;
  token: string;
}

export async function studentCookie(
  store: Store,
  session: StudentSession,
  secure: boolean,
  nowMs: number = Date.now(),
): Promise<CookieToSet> {
  const value = signValue(
    {
      purpose: 'student',
      classId: session.classId,
      studentId: session.studentId,
      token: session.token,
      exp: Math.floor(nowMs / 1000) + STUDENT_SESSION_SECONDS,
    },
    await getCookieSecret(store),
  );
  return cookieFor(STUDENT_COOKIE, value, STUDENT_SESSION_SECONDS, secure);
}

/**
 * The student the cookie names, or null for a missing, forged or expired cookie, a student who
 * was removed, a token that does not match, or a class other than `expectedClassId` when given.
 */
export async function readStudent(
  store: Store,
  cookieValue: string | undefined,
  expectedClassId?: string,
  nowMs: number = Date.now(),
): Promise<Student | null> {
  if (!cookieValue) return null;
  const payload = verifyValue(cookieValue, await getCookieSecret(store), nowMs);
  if (payload?.purpose !== 'student') return null;
  const { classId, studentId, token } = payload;
  if (typeof classId !== 'string' || typeof studentId !== 'string' || typeof token !== 'string')
    return null;
  if (expectedClassId !== undefined && classId !== expectedClassId) return null;
  const student = await store.db
    .selectFrom('students')
    .selectAll()
    .where('id', '=', studentId)
    .where('class_id', '=', classId)
    .executeTakeFirst();
  return student && safeEqual(sha256Hex(token), student.token_hash) ? student : null;
}
