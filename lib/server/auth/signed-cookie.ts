/**
 * Signed cookie values: `base64url(JSON).base64url(HMAC-SHA256)`. The signature covers the exact
 * payload text, and the signature text is compared as a whole, so no other spelling of a value
 * verifies. Pure functions over node:crypto.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type CookiePurpose = 'instructor' | 'student';

export interface SignedPayload {
  purpose: CookiePurpose;
  /** Expiry, epoch seconds. */
  exp: number;
  [field: string]: unknown;
}

/** What Next's `cookies().set(name, value, options)` takes. */
export interface CookieToSet {
  name: string;
  value: string;
  options: {
    httpOnly: true;
    sameSite: 'lax';
    path: '/';
    secure: boolean;
    /** Seconds. */
    maxAge: number;
  };
}

// Real values are a few hundred characters; a cap keeps junk from costing a big HMAC or parse.
const MAX_VALUE_LENGTH = 4096;
const SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Constant-time string comparison (only the lengths may leak). */
export function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** For secrets the database keeps only a digest of (student tokens, the setup token). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function mac(payloadPart: string, secret: string): string {
  return createHmac('sha256', secret).update(payloadPart).digest('base64url');
}

export function signValue(payload: SignedPayload, secret: string): string {
  // a programming error, not bad input: signing with no key would make forgeable cookies
  if (!secret) throw new TypeError('signValue needs a secret');
  const payloadPart = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${payloadPart}.${mac(payloadPart, secret)}`;
}

/** The payload when the value is well-formed, signed with `secret` and not expired; else null. */
export function verifyValue(
  value: unknown,
  secret: string,
  nowMs: number = Date.now(),
): SignedPayload | null {
  if (typeof value !== 'string' || !secret) return null;
  if (value.length > MAX_VALUE_LENGTH || !SHAPE.test(value)) return null;
  const [payloadPart = '', signature = ''] = value.split('.');
  if (!safeEqual(signature, mac(payloadPart, secret))) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const { purpose, exp } = payload as Record<string, unknown>;
  if (purpose !== 'instructor' && purpose !== 'student') return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp * 1000 <= nowMs) return null;
  return payload as SignedPayload;
}

/** Options that make the browser drop a cookie (sign out). */
export function clearedCookie(name: string, secure: boolean): CookieToSet {
  return {
    name,
    value: '',
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: 0 },
  };
}

export function cookieFor(
  name: string,
  value: string,
  maxAgeSeconds: number,
  secure: boolean,
): CookieToSet {
  return {
    name,
    value,
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: maxAgeSeconds },
  };
}
