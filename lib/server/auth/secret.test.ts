import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Store } from '../db';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import { getCookieSecret } from './secret';

describe.each(STORE_KINDS)('the cookie secret on %s', (kind) => {
  let store: TestStore | null = null;
  const others: Store[] = [];
  afterEach(async () => {
    for (const other of others.splice(0)) await other.close();
    await store?.dispose();
    store = null;
  });

  it('is 32 random bytes, made once and stored', async () => {
    store = await openTestStore(kind);
    const secret = await getCookieSecret(store);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const row = await store.db
      .selectFrom('app_settings')
      .select('value')
      .where('key', '=', 'cookie_secret')
      .executeTakeFirstOrThrow();
    expect(row.value).toBe(secret);
    expect(await getCookieSecret(store)).toBe(secret);
  });

  it('is the same for processes that ask for it at the same time', async () => {
    store = await openTestStore(kind);
    for (let i = 0; i < 3; i++) others.push(await openDatabase(store.config));
    const secrets = await Promise.all([store, ...others].map((s) => getCookieSecret(s)));
    expect(new Set(secrets).size).toBe(1);
    const rows = await store.db.selectFrom('app_settings').selectAll().execute();
    expect(rows.filter((r) => r.key === 'cookie_secret')).toHaveLength(1);
  });

  it('refuses a stored secret that was tampered with', async () => {
    store = await openTestStore(kind);
    await store.db.insertInto('app_settings').values({ key: 'cookie_secret', value: '' }).execute();
    await expect(getCookieSecret(store)).rejects.toThrow(/64 hex digits/);
  });
});
