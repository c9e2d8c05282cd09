/**
 * Who is asking, for route handlers: the instructor behind the session cookie (or 401), the
 * student behind the class cookie, and the same-origin rule for anything that changes state.
 */
import type { NextRequest } from 'next/server';
import { INSTRUCTOR_COOKIE, readInstructor, readStudent, sameOrigin, STUDENT_COOKIE } from './auth';
import type { Store } from './db';
import type { Instructor, Student } from './db/schema';
import { HttpError } from './http';

export { INSTRUCTOR_COOKIE, STUDENT_COOKIE };

export function requireSameOrigin(request: Request): void {
  if (!sameOrigin(request))
    throw new HttpError(403, 'Cross-origin request refused: use the app itself.');
}

export function isSecure(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto');
  return (forwarded ?? new URL(request.url).protocol.replace(':', '')) === 'https';
}

export async function requireInstructor(store: Store, request: NextRequest): Promise<Instructor> {
  const instructor = await readInstructor(store, request.cookies.get(INSTRUCTOR_COOKIE)?.value);
  if (!instructor) throw new HttpError(401, 'Sign in as an instructor first.');
  return instructor;
}

export async function currentStudent(
  store: Store,
  request: NextRequest,
  classId?: string,
): Promise<Student | null> {
  return readStudent(store, request.cookies.get(STUDENT_COOKIE)?.value, classId);
}

export function clientAddress(request: Request): string {
  return (
    request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ||
    request.headers.get('x-real-ip') ||
    'local'
  );
}
