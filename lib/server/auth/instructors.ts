/**
 * Instructor accounts: add, reset a password (which signs out every old session) and check a
 * login. Names are trimmed and NFC-normalized before they are stored or looked up, and compared
 * exactly (case matters).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Store } from '../db';
import type { Instructor } from '../db/schema';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';

export const NAME_MAX_LENGTH = 60;

export interface AuthFailure {
  ok: false;
  status: 403 | 404 | 409 | 422;
  message: string;
}
export type InstructorResult = { ok: true; instructor: Instructor } | AuthFailure;

/** The name as stored and looked up, or null when it is not text. */
export function normalizeInstructorName(name: unknown): string | null {
  return typeof name === 'string' ? name.normalize('NFC').trim() : null;
}

/** Null when the name is acceptable, else a message for the person choosing it. */
export function checkInstructorName(name: unknown): string | null {
  const normalized = normalizeInstructorName(name);
  if (normalized === null) return 'The name must be text.';
  const length = [...normalized].length;
  if (length === 0) return 'The name must not be empty.';
  if (length > NAME_MAX_LENGTH) return `The name must have at most ${NAME_MAX_LENGTH} characters.`;
  if (/\p{Cc}/u.test(normalized)) return 'The name must not contain control characters.';
  return null;
}

/** A 422 for a name or password a new account may not have, else null. */
export function invalidCredentials(name: unknown, password: unknown): AuthFailure | null {
  const message = checkInstructorName(name) ?? checkPasswordPolicy(password);
  return message ? { ok: false, status: 422, message } : null;
}

/** Inserts unless the name is taken (then undefined); `db` may be a transaction. */
export function insertInstructor(
  db: Kysely<Database>,
  name: string,
  passwordHash: string,
): Promise<Instructor | undefined> {
  return db
    .insertInto('instructors')
    .values({
      id: randomUUID(),
      name,
      password_hash: passwordHash,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function addInstructor(
  store: Store,
  name: string,
  password: string,
): Promise<InstructorResult> {
  const invalid = invalidCredentials(name, password);
  if (invalid) return invalid;
  const normalized = normalizeInstructorName(name)!;
  const instructor = await insertInstructor(store.db, normalized, await hashPassword(password));
  if (!instructor)
    return {
      ok: false,
      status: 409,
      message: `An instructor named "${normalized}" already exists.`,
    };
  return { ok: true, instructor };
}

/** Sets a new password and bumps `session_version`, so cookies made before stop working. */
export async function resetPassword(
  store: Store,
  name: string,
  password: string,
): Promise<InstructorResult> {
  const invalid = invalidCredentials(name, password);
  if (invalid) return invalid;
  const normalized = normalizeInstructorName(name)!;
  const hashed = await hashPassword(password);
  const instructor = await store.db
    .updateTable('instructors')
    .set((eb) => ({
      password_hash: hashed,
      session_version: eb('session_version', '+', 1),
    }))
    .where('name', '=', normalized)
    .returningAll()
    .executeTakeFirst();
  if (!instructor)
    return { ok: false, status: 404, message: `No instructor is named "${normalized}".` };
  return { ok: true, instructor };
}

// Verified against when the name is unknown, so a miss costs what a wrong password costs.
let dummyHash: Promise<string> | undefined;

export async function verifyLogin(
  store: Store,
  name: string,
  password: string,
): Promise<Instructor | null> {
  // no account can have such a name or password: refusing early tells nothing about names
  if (checkInstructorName(name) !== null || typeof password !== 'string') return null;
  const instructor = await store.db
    .selectFrom('instructors')
    .selectAll()
    .where('name', '=', normalizeInstructorName(name)!)
    .executeTakeFirst();
  if (!instructor) {
    dummyHash ??= hashPassword(randomBytes(24).toString('hex'));
    await verifyPassword(await dummyHash, password);
    return null;
  }
  return (await verifyPassword(instructor.password_hash, password)) ? instructor : null;
}
