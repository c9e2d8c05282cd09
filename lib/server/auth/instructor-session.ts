/**
 * The instructor's session: a signed cookie naming the instructor and the `session_version` it
 * was made under. A password reset bumps the version, which signs out every older cookie.
 */
import type { Store } from '../db';
import type { Instructor } from '../db/schema';
import { getCookieSecret } from './secret';
import { cookieFor, signValue, verifyValue, type CookieToSet } from './signed-cookie';

export const INSTRUCTOR_COOKIE = 'lab_instructor';
export const INSTRUCTOR_SESSION_SECONDS = 7 * 24 * 60 * 60;

export async function instructorCookie(
  store: Store,
  instructor: Pick<Instructor, 'id' | 'session_version'>,
  secure: boolean,
  nowMs: number = Date.now(),
): Promise<CookieToSet> {
  const value = signValue(
    {
      purpose: 'instructor',
      id: instructor.id,
      v: instructor.session_version,
      exp: Math.floor(nowMs / 1000) + INSTRUCTOR_SESSION_SECONDS,
    },
    await getCookieSecret(store),
  );
  return cookieFor(INSTRUCTOR_COOKIE, value, INSTRUCTOR_SESSION_SECONDS, secure);
}

/** The signed-in instructor, or null for a missing, forged, expired or outdated cookie. */
export async function readInstructor(
  store: Store,
  cookieValue: string | undefined,
  nowMs: number = Date.now(),
): Promise<Instructor | null> {
  if (!cookieValue) return null;
  const payload = verifyValue(cookieValue, await getCookieSecret(store), nowMs);
  if (payload?.purpose !== 'instructor') return null;
  const { id, v } = payload;
  if (typeof id !== 'string' || typeof v !== 'number') return null;
  const instructor = await store.db
    .selectFrom('instructors')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return instructor && Number(instructor.session_version) === v ? instructor : null;
}
