import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Store } from '../db';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import { hitRateLimit } from './rate-limit';

const T0 = Date.UTC(2030, 0, 1);
const WINDOW = 60_000;

describe.each(STORE_KINDS)('the rate limit on %s', (kind) => {
  let store: TestStore | null = null;
  let other: Store | null = null;
  afterEach(async () => {
    await other?.close();
    other = null;
    await store?.dispose();
    store = null;
  });

  const hit = (s: Store, key: string, now: number, limit = 3) =>
    hitRateLimit(s, key, { limit, windowMs: WINDOW, now });

  it('allows `limit` attempts in a window, then refuses with the wait until a slot frees', async () => {
    store = await openTestStore(kind);
    expect(await hit(store, 'login:1.2.3.4', T0)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect((await hit(store, 'login:1.2.3.4', T0 + 10_000)).allowed).toBe(true);
    expect((await hit(store, 'login:1.2.3.4', T0 + 20_000)).allowed).toBe(true);
    expect(await hit(store, 'login:1.2.3.4', T0 + 30_000)).toEqual({
      allowed: false,
      retryAfterSeconds: 31, // the first attempt leaves the window at T0 + 60 s
    });
    // another key is counted apart
    expect((await hit(store, 'login:Ana', T0 + 30_000)).allowed).toBe(true);
    // a refused attempt does not count: once the first leaves, one more is allowed
    expect((await hit(store, 'login:1.2.3.4', T0 + 60_001)).allowed).toBe(true);
    expect((await hit(store, 'login:1.2.3.4', T0 + 60_002)).allowed).toBe(false);
  });

  it('deletes the attempts that left the window, and keeps no refused ones', async () => {
    store = await openTestStore(kind);
    for (let i = 0; i < 6; i++) await hit(store, 'k', T0 + i);
    const count = async () =>
      (await store!.db.selectFrom('login_attempts').select('at').where('key', '=', 'k').execute())
        .length;
    expect(await count()).toBe(3);
    await hit(store, 'k', T0 + WINDOW + 10);
    expect(await count()).toBe(1);
  });

  it('is shared by processes on the same database', async () => {
    store = await openTestStore(kind);
    other = await openDatabase(store.config);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => hit(i % 2 ? store! : other!, 'login:shared', T0 + i)),
    );
    const allowed = results.filter((r) => r.allowed).length;
    // racing attempts may refuse one another while a slot is free, never allow one too many
    expect(allowed).toBeLessThanOrEqual(3);
    let more = 0;
    while ((await hit(store, 'login:shared', T0 + 10 + more)).allowed) more++;
    expect(allowed + more).toBe(3);
  });

  it('stores a long key as its digest', async () => {
    store = await openTestStore(kind);
    const long = `login:${'x'.repeat(10_000)}`;
    expect((await hit(store, long, T0, 1)).allowed).toBe(true);
    expect((await hit(store, long, T0 + 1, 1)).allowed).toBe(false);
    const [row] = await store.db.selectFrom('login_attempts').select('key').execute();
    expect(row?.key).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('rejects options that cannot limit anything', async () => {
    store = await openTestStore(kind);
    await expect(hitRateLimit(store, 'k', { limit: 0, windowMs: 1 })).rejects.toThrow(RangeError);
    await expect(hitRateLimit(store, 'k', { limit: 1, windowMs: NaN })).rejects.toThrow(RangeError);
  });
});
