/**
 * Instructor passwords: argon2id (the library's default algorithm and cost) and a length policy.
 * The upper bound keeps a login request from making the server hash megabytes.
 */
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Null when the password is acceptable, else a message to show the person choosing it. */
export function checkPasswordPolicy(plain: unknown): string | null {
  if (typeof plain !== 'string') return 'The password must be text.';
  // code points, so an emoji counts as one character, as the person typing it sees it
  const length = [...plain].length;
  if (length < PASSWORD_MIN_LENGTH)
    return `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH)
    return `The password must have at most ${PASSWORD_MAX_LENGTH} characters.`;
  return null;
}

export function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

/** False for a wrong password, and for a stored hash that is not an argon2 string. */
export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  if (typeof hashed !== 'string' || typeof plain !== 'string') return false;
  if (plain.length > PASSWORD_MAX_LENGTH * 2) return false; // UTF-16 units: 2 per code point at most
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}
