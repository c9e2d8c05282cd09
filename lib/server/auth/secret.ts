/**
 * The key that signs cookies, made on first use and kept in `app_settings`, so every process on
 * the same database signs alike and a restart does not sign everyone out.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../db';

const KEY = 'cookie_secret';
const cache = new WeakMap<Store, Promise<string>>();

async function loadOrCreate(store: Store): Promise<string> {
  // Two processes starting together both insert; the loser's row is ignored and both read the winner's.
  await store.db
    .insertInto('app_settings')
    .values({ key: KEY, value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await store.db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', KEY)
    .executeTakeFirst();
  if (!row || !/^[0-9a-f]{64}$/.test(row.value))
    throw new Error(
      `app_settings.${KEY} is missing or not 64 hex digits: the database was altered`,
    );
  return row.value;
}

export function getCookieSecret(store: Store): Promise<string> {
  let secret = cache.get(store);
  if (!secret) {
    // a failed read is not remembered: the next call tries the database again
    secret = loadOrCreate(store).catch((error: unknown) => {
      cache.delete(store);
      throw error;
    });
    cache.set(store, secret);
  }
  return secret;
}
