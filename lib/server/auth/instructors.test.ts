import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import { addInstructor, checkInstructorName, resetPassword, verifyLogin } from './instructors';
import * as password from './password';

// pass-through, to see that an unknown name still costs an argon2 verify
vi.mock('./password', async (original) => {
  const actual = await original<typeof import('./password')>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const PASSWORD = 'a long enough password';

describe('instructor names', () => {
  it('are 1 to 60 characters after trimming, without control characters', () => {
    expect(checkInstructorName('  Ana  ')).toBeNull();
    expect(checkInstructorName('   ')).toMatch(/empty/);
    expect(checkInstructorName('x'.repeat(60))).toBeNull();
    expect(checkInstructorName(`  ${'x'.repeat(60)}  `)).toBeNull();
    expect(checkInstructorName('x'.repeat(61))).toMatch(/at most 60/);
    expect(checkInstructorName('Ana\nBo')).toMatch(/control/);
    expect(checkInstructorName(undefined)).toMatch(/text/);
  });
});

describe.each(STORE_KINDS)('instructors on %s', (kind) => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
  });

  it('are added once per name, trimmed, and sign in with their password only', async () => {
    store = await openTestStore(kind);
    const added = await addInstructor(store, '  Ana ', PASSWORD);
    expect(added).toMatchObject({ ok: true, instructor: { name: 'Ana', session_version: 1 } });
    expect(await addInstructor(store, 'Ana', PASSWORD)).toMatchObject({ ok: false, status: 409 });
    const login = await verifyLogin(store, ' Ana', PASSWORD);
    expect(login?.id).toBe(added.ok && added.instructor.id);
    expect(await verifyLogin(store, 'Ana', `${PASSWORD}!`)).toBeNull();
    expect(await verifyLogin(store, 'ana', PASSWORD)).toBeNull();
  });

  it('are refused with 422 for a bad name or password, and nothing is stored', async () => {
    store = await openTestStore(kind);
    expect(await addInstructor(store, '', PASSWORD)).toMatchObject({ ok: false, status: 422 });
    expect(await addInstructor(store, 'Ana', 'short')).toMatchObject({
      ok: false,
      status: 422,
      message: expect.stringMatching(/at least 10/),
    });
    expect(await resetPassword(store, 'Ana', 'short')).toMatchObject({ ok: false, status: 422 });
    expect(await store.db.selectFrom('instructors').selectAll().execute()).toEqual([]);
  });

  it('get a new password and session version on reset; an unknown name is a 404', async () => {
    store = await openTestStore(kind);
    await addInstructor(store, 'Ana', PASSWORD);
    const reset = await resetPassword(store, 'Ana', 'another long password');
    expect(reset).toMatchObject({ ok: true, instructor: { name: 'Ana', session_version: 2 } });
    expect(await verifyLogin(store, 'Ana', PASSWORD)).toBeNull();
    expect(await verifyLogin(store, 'Ana', 'another long password')).not.toBeNull();
    expect(await resetPassword(store, 'Bo', PASSWORD)).toMatchObject({ ok: false, status: 404 });
  });

  it('cost an argon2 verify at login even when the name is unknown', async () => {
    store = await openTestStore(kind);
    const verify = vi.mocked(password.verifyPassword);
    verify.mockClear();
    expect(await verifyLogin(store, 'Nobody', PASSWORD)).toBeNull();
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]?.[0]).toMatch(/^\$argon2id\$/);
  });

  it('refuse, without throwing, a login with values that are not text', async () => {
    store = await openTestStore(kind);
    await addInstructor(store, 'Ana', PASSWORD);
    expect(await verifyLogin(store, undefined as unknown as string, PASSWORD)).toBeNull();
    expect(await verifyLogin(store, 'Ana', null as unknown as string)).toBeNull();
    expect(await verifyLogin(store, 'Ana', 'x'.repeat(100_000))).toBeNull();
  });
});
