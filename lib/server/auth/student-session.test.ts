import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import { getCookieSecret } from './secret';
import { signValue } from './signed-cookie';
import {
  STUDENT_COOKIE,
  STUDENT_SESSION_SECONDS,
  newStudentToken,
  readStudent,
  studentCookie,
} from './student-session';

async function seed(store: TestStore) {
  const now = new Date().toISOString();
  await store.db
    .insertInto('instructors')
    .values({ id: 'i1', name: 'Ana', password_hash: 'x', created_at: now })
    .execute();
  for (const id of ['A', 'B'])
    await store.db
      .insertInto('classes')
      .values({
        id,
        name: `Class ${id}`,
        join_code: `CODE${id}`,
        created_by: 'i1',
        created_at: now,
      })
      .execute();
  const { token, hash } = newStudentToken();
  await store.db
    .insertInto('students')
    .values({
      id: 's1',
      class_id: 'A',
      display_name: 'Bo',
      token_hash: hash,
      joined_at: now,
      last_seen_at: now,
    })
    .execute();
  return { classId: 'A', studentId: 's1', token };
}

describe('student tokens', () => {
  it('are 32 random bytes whose sha-256 is the hash', () => {
    const { token, hash } = newStudentToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(newStudentToken().token).not.toBe(token);
  });
});

describe.each(STORE_KINDS)('the student session on %s', (kind) => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
  });

  it('is a 180-day cookie that reads back as the student, in its class', async () => {
    store = await openTestStore(kind);
    const session = await seed(store);
    const cookie = await studentCookie(store, session, true);
    expect(cookie).toMatchObject({
      name: STUDENT_COOKIE,
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true, maxAge: 15_552_000 },
    });
    expect(await readStudent(store, cookie.value)).toMatchObject({ id: 's1', class_id: 'A' });
    expect(await readStudent(store, cookie.value, 'A')).toMatchObject({ id: 's1' });
    const later = Date.now() + STUDENT_SESSION_SECONDS * 1000 + 1000;
    expect(await readStudent(store, cookie.value, 'A', later)).toBeNull();
  });

  it('never opens another class', async () => {
    store = await openTestStore(kind);
    const session = await seed(store);
    const { value } = await studentCookie(store, session, false);
    expect(await readStudent(store, value, 'B')).toBeNull();
    // the class id swapped in the payload: the signature no longer matches
    const [payloadPart, signature] = value.split('.');
    const payload = JSON.parse(Buffer.from(payloadPart!, 'base64url').toString());
    const swapped = Buffer.from(JSON.stringify({ ...payload, classId: 'B' })).toString('base64url');
    expect(await readStudent(store, `${swapped}.${signature}`)).toBeNull();
    expect(await readStudent(store, `${swapped}.${signature}`, 'B')).toBeNull();
    // even correctly signed, the student is not in class B
    const signedForB = await studentCookie(store, { ...session, classId: 'B' }, false);
    expect(await readStudent(store, signedForB.value, 'B')).toBeNull();
  });

  it('refuses a wrong token, a removed student, an instructor cookie and junk', async () => {
    store = await openTestStore(kind);
    const session = await seed(store);
    const wrongToken = await studentCookie(store, { ...session, token: 'guess' }, false);
    expect(await readStudent(store, wrongToken.value)).toBeNull();
    const secret = await getCookieSecret(store);
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(
      await readStudent(store, signValue({ purpose: 'instructor', ...session, exp }, secret)),
    ).toBeNull();
    expect(
      await readStudent(
        store,
        signValue({ purpose: 'student', ...session, token: 7, exp }, secret),
      ),
    ).toBeNull();
    expect(await readStudent(store, undefined)).toBeNull();
    expect(await readStudent(store, '')).toBeNull();
    expect(await readStudent(store, 'a.b')).toBeNull();
    const cookie = await studentCookie(store, session, false);
    await store.db.deleteFrom('students').where('id', '=', 's1').execute();
    expect(await readStudent(store, cookie.value, 'A')).toBeNull();
  });
});
