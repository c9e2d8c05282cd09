/**
 * First-run setup, as Jupyter does it: while no instructor exists, each start prints a link with
 * a fresh one-time token; whoever opens it creates the first instructor. Only the token's sha-256
 * is stored, and a new start replaces it, so only the latest link works.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Store } from '../db';
import {
  insertInstructor,
  invalidCredentials,
  normalizeInstructorName,
  type InstructorResult,
} from './instructors';
import { hashPassword } from './password';
import { safeEqual, sha256Hex } from './signed-cookie';

const KEY = 'setup_token_hash';

async function hasInstructor(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('instructors').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** A new setup token while no instructor exists (print it in a link), else null. */
export async function ensureSetupToken(store: Store): Promise<string | null> {
  if (await hasInstructor(store.db)) {
    // an instructor added from the CLI leaves a stale token behind
    await store.db.deleteFrom('app_settings').where('key', '=', KEY).execute();
    return null;
  }
  const token = randomBytes(32).toString('base64url');
  const hash = sha256Hex(token);
  await store.db
    .insertInto('app_settings')
    .values({ key: KEY, value: hash })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: hash }))
    .execute();
  return token;
}

export async function completeSetup(
  store: Store,
  token: string,
  name: string,
  password: string,
): Promise<InstructorResult> {
  const taken = {
    ok: false,
    status: 409,
    message: 'Setup is already done: sign in instead.',
  } as const;
  const wrongToken = {
    ok: false,
    status: 403,
    message: 'This setup link is not valid: use the latest link the server printed.',
  } as const;
  if (await hasInstructor(store.db)) return taken;
  const stored = await store.db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', KEY)
    .executeTakeFirst();
  // A request that lost a race to a setup that finished in between finds no token: it is "taken".
  if (typeof token !== 'string' || !stored || !safeEqual(sha256Hex(token), stored.value))
    return (await hasInstructor(store.db)) ? taken : wrongToken;
  const invalid = invalidCredentials(name, password);
  if (invalid) return invalid;
  // hashed before the transaction, so the slow part holds no lock
  const passwordHash = await hashPassword(password);
  return store.db.transaction().execute(async (trx) => {
    // Deleting the token claims it: of two requests racing with the same token, one deletes it
    // and goes on; the other deletes nothing (PostgreSQL waits for the first to commit).
    const claimed = await trx
      .deleteFrom('app_settings')
      .where('key', '=', KEY)
      .where('value', '=', stored.value)
      .executeTakeFirst();
    if (claimed.numDeletedRows === 0n) return (await hasInstructor(trx)) ? taken : wrongToken;
    const normalized = normalizeInstructorName(name)!;
    const instructor = await insertInstructor(trx, normalized, passwordHash);
    // the CLI added this very name meanwhile: setup is over either way
    if (!instructor)
      return { ...taken, message: `An instructor named "${normalized}" already exists.` };
    return { ok: true, instructor } as const;
  });
}
