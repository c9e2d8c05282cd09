import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import {
  INSTRUCTOR_COOKIE,
  INSTRUCTOR_SESSION_SECONDS,
  instructorCookie,
  readInstructor,
} from './instructor-session';
import { addInstructor, resetPassword } from './instructors';
import { getCookieSecret } from './secret';
import { signValue } from './signed-cookie';

const PASSWORD = 'a long enough password';

describe.each(STORE_KINDS)('the instructor session on %s', (kind) => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
  });

  async function ana(s: TestStore) {
    const added = await addInstructor(s, 'Ana', PASSWORD);
    if (!added.ok) throw new Error(added.message);
    return added.instructor;
  }

  it('is an httpOnly, lax, 7-day cookie that reads back as the instructor', async () => {
    store = await openTestStore(kind);
    const instructor = await ana(store);
    const cookie = await instructorCookie(store, instructor, false);
    expect(cookie).toMatchObject({
      name: INSTRUCTOR_COOKIE,
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false, maxAge: 604_800 },
    });
    expect((await instructorCookie(store, instructor, true)).options.secure).toBe(true);
    expect(await readInstructor(store, cookie.value)).toEqual(instructor);
  });

  it('ends after 7 days', async () => {
    store = await openTestStore(kind);
    const instructor = await ana(store);
    const now = Date.now();
    const { value } = await instructorCookie(store, instructor, false, now);
    const expiry = now + INSTRUCTOR_SESSION_SECONDS * 1000;
    expect(await readInstructor(store, value, expiry - 2000)).not.toBeNull();
    expect(await readInstructor(store, value, expiry + 1000)).toBeNull();
  });

  it('is signed out by a password reset', async () => {
    store = await openTestStore(kind);
    const instructor = await ana(store);
    const old = await instructorCookie(store, instructor, false);
    const reset = await resetPassword(store, 'Ana', 'another long password');
    expect(await readInstructor(store, old.value)).toBeNull();
    if (!reset.ok) throw new Error(reset.message);
    const fresh = await instructorCookie(store, reset.instructor, false);
    expect(await readInstructor(store, fresh.value)).toMatchObject({ session_version: 2 });
  });

  it('refuses a missing, forged or student cookie, and a removed instructor', async () => {
    store = await openTestStore(kind);
    const instructor = await ana(store);
    const secret = await getCookieSecret(store);
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(await readInstructor(store, undefined)).toBeNull();
    expect(await readInstructor(store, 'garbage')).toBeNull();
    const signed = (payload: Record<string, unknown>) =>
      signValue({ purpose: 'instructor', exp, ...payload }, secret);
    expect(await readInstructor(store, signed({ id: instructor.id, v: 1 }))).not.toBeNull();
    expect(await readInstructor(store, signed({ id: instructor.id, v: '1' }))).toBeNull();
    expect(await readInstructor(store, signed({ id: instructor.id }))).toBeNull();
    expect(await readInstructor(store, signed({ id: 'someone else', v: 1 }))).toBeNull();
    expect(
      await readInstructor(
        store,
        signValue({ purpose: 'student', id: instructor.id, v: 1, exp }, secret),
      ),
    ).toBeNull();
    expect(
      await readInstructor(
        store,
        signValue({ purpose: 'instructor', id: instructor.id, v: 1, exp }, 'f'.repeat(64)),
      ),
    ).toBeNull();
    const cookie = await instructorCookie(store, instructor, false);
    await store.db.deleteFrom('instructors').where('id', '=', instructor.id).execute();
    expect(await readInstructor(store, cookie.value)).toBeNull();
  });
});
