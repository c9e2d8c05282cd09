/**
 * A sliding-window limit kept in `login_attempts`, so every process on the database shares it.
 * Logins use it twice, with `login:<ip>` and `login:<name>`, at 10 per 10 minutes.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../db';
import { sha256Hex } from './signed-cookie';

export const LOGIN_LIMIT = { limit: 10, windowMs: 10 * 60 * 1000 } as const;

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  now?: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** 0 when allowed; else whole seconds until an attempt would be allowed again. */
  retryAfterSeconds: number;
}

// Keys carry what a client typed (a name): a long one is stored as its digest.
const MAX_KEY_LENGTH = 200;

export async function hitRateLimit(
  store: Store,
  key: string,
  { limit, windowMs, now = Date.now() }: RateLimitOptions,
): Promise<RateLimitResult> {
  // the options are the caller's constants, not client input: a wrong one is a bug to see at once
  if (!Number.isInteger(limit) || limit < 1 || !(windowMs > 0) || !Number.isFinite(now))
    throw new RangeError(
      'hitRateLimit needs an integer limit >= 1, a windowMs > 0 and a finite now',
    );
  const text = String(key);
  const storedKey = text.length > MAX_KEY_LENGTH ? `sha256:${sha256Hex(text)}` : text;
  const since = new Date(now - windowMs).toISOString();
  await store.db
    .deleteFrom('login_attempts')
    .where('key', '=', storedKey)
    .where('at', '<', since)
    .execute();
  // Record first, then count: two processes racing for the last slot both see the other and
  // both refuse, rather than both getting in.
  const id = randomUUID();
  await store.db
    .insertInto('login_attempts')
    .values({ id, key: storedKey, at: new Date(now).toISOString() })
    .execute();
  const rows = await store.db
    .selectFrom('login_attempts')
    .select(['id', 'at'])
    .where('key', '=', storedKey)
    .where('at', '>=', since)
    .orderBy('at')
    .execute();
  if (rows.length <= limit) return { allowed: true, retryAfterSeconds: 0 };
  // A refused attempt is not kept, so a flood neither grows the table nor extends the wait.
  await store.db.deleteFrom('login_attempts').where('id', '=', id).execute();
  const kept = rows.filter((row) => row.id !== id);
  // The next attempt is allowed once all but limit - 1 of the kept ones have left the window;
  // an attempt still counts at exactly `windowMs` old, hence the + 1.
  const freeing = kept[kept.length - limit];
  const freeAt = freeing ? Date.parse(freeing.at) + windowMs + 1 : now;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
}
