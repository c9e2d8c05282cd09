import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import { addInstructor, verifyLogin } from './instructors';
import { completeSetup, ensureSetupToken } from './setup';

const PASSWORD = 'a long enough password';

describe.each(STORE_KINDS)('first-run setup on %s', (kind) => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
  });

  const storedHash = async (s: TestStore) =>
    (
      await s.db
        .selectFrom('app_settings')
        .select('value')
        .where('key', '=', 'setup_token_hash')
        .executeTakeFirst()
    )?.value;

  it('creates the first instructor with the latest token, once', async () => {
    store = await openTestStore(kind);
    const first = await ensureSetupToken(store);
    const token = await ensureSetupToken(store);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toBe(first);
    expect(await storedHash(store)).toMatch(/^[0-9a-f]{64}$/);
    expect(await completeSetup(store, first!, 'Ana', PASSWORD)).toMatchObject({
      ok: false,
      status: 403,
    });
    const done = await completeSetup(store, token!, ' Ana ', PASSWORD);
    expect(done).toMatchObject({ ok: true, instructor: { name: 'Ana' } });
    expect(await verifyLogin(store, 'Ana', PASSWORD)).not.toBeNull();
    expect(await storedHash(store)).toBeUndefined();
    expect(await completeSetup(store, token!, 'Bo', PASSWORD)).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(await ensureSetupToken(store)).toBeNull();
  });

  it('checks the token before the name and password, and keeps it after a 422', async () => {
    store = await openTestStore(kind);
    const token = (await ensureSetupToken(store))!;
    expect(await completeSetup(store, 'wrong', '', 'short')).toMatchObject({ status: 403 });
    expect(
      await completeSetup(store, undefined as unknown as string, 'Ana', PASSWORD),
    ).toMatchObject({ status: 403 });
    expect(await completeSetup(store, token, '   ', PASSWORD)).toMatchObject({ status: 422 });
    expect(await completeSetup(store, token, 'x'.repeat(61), PASSWORD)).toMatchObject({
      status: 422,
    });
    expect(await completeSetup(store, token, 'Ana', 'short')).toMatchObject({
      status: 422,
      message: expect.stringMatching(/at least 10/),
    });
    expect(await completeSetup(store, token, 'Ana', PASSWORD)).toMatchObject({ ok: true });
  });

  it('refuses every token before setup was started', async () => {
    store = await openTestStore(kind);
    expect(await completeSetup(store, '', 'Ana', PASSWORD)).toMatchObject({ status: 403 });
  });

  it('lets one of two racing requests with the same token through', async () => {
    store = await openTestStore(kind);
    const token = (await ensureSetupToken(store))!;
    const results = await Promise.all([
      completeSetup(store, token, 'Ana', PASSWORD),
      completeSetup(store, token, 'Bo', PASSWORD),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ status: 409 });
    expect(await store.db.selectFrom('instructors').selectAll().execute()).toHaveLength(1);
  });

  it('offers no token, and drops a stale one, once an instructor was added otherwise', async () => {
    store = await openTestStore(kind);
    const token = (await ensureSetupToken(store))!;
    await addInstructor(store, 'Ana', PASSWORD);
    expect(await completeSetup(store, token, 'Bo', PASSWORD)).toMatchObject({ status: 409 });
    expect(await ensureSetupToken(store)).toBeNull();
    expect(await storedHash(store)).toBeUndefined();
  });
});
