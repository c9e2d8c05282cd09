import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ResponseCookie } from 'next/dist/compiled/@edge-runtime/cookies';
import { clearedCookie, cookieFor, signValue, verifyValue } from './signed-cookie';

const SECRET = 'a'.repeat(64);
const NOW = Date.UTC(2030, 0, 1);
const later = (seconds: number) => Math.floor(NOW / 1000) + seconds;

describe('signed cookie values', () => {
  it('round-trip a payload signed with the same secret', () => {
    const payload = { purpose: 'instructor' as const, id: 'i1', v: 3, exp: later(60) };
    const value = signValue(payload, SECRET);
    expect(value).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyValue(value, SECRET, NOW)).toEqual(payload);
  });

  it('reject another secret, a changed payload and a changed signature', () => {
    const value = signValue({ purpose: 'student', classId: 'A', exp: later(60) }, SECRET);
    expect(verifyValue(value, 'b'.repeat(64), NOW)).toBeNull();
    const [, signature] = value.split('.');
    const forged = Buffer.from(
      JSON.stringify({ purpose: 'student', classId: 'B', exp: later(60) }),
    ).toString('base64url');
    expect(verifyValue(`${forged}.${signature}`, SECRET, NOW)).toBeNull();
    const flipped = value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A');
    expect(verifyValue(flipped, SECRET, NOW)).toBeNull();
    // base64url decoders ignore stray characters; the whole signature text must match
    expect(verifyValue(`${value}A`, SECRET, NOW)).toBeNull();
  });

  it('reject an expired value', () => {
    const value = signValue({ purpose: 'instructor', exp: later(10) }, SECRET);
    expect(verifyValue(value, SECRET, NOW + 9_000)).not.toBeNull();
    expect(verifyValue(value, SECRET, NOW + 10_000)).toBeNull();
  });

  it('reject, without throwing, malformed values and correctly signed but wrong payloads', () => {
    for (const junk of [undefined, null, 42, '', '.', 'abc', 'a.b.c', 'a b.c', 'x'.repeat(5000)])
      expect(verifyValue(junk, SECRET, NOW)).toBeNull();
    const signRaw = (text: string) => {
      const part = Buffer.from(text).toString('base64url');
      return `${part}.${createHmac('sha256', SECRET).update(part).digest('base64url')}`;
    };
    expect(verifyValue(signRaw('{"purpose":"instructor","exp":'), SECRET, NOW)).toBeNull();
    expect(verifyValue(signRaw('[1]'), SECRET, NOW)).toBeNull();
    expect(verifyValue(signRaw('null'), SECRET, NOW)).toBeNull();
    expect(verifyValue(signRaw(`{"purpose":"admin","exp":${later(60)}}`), SECRET, NOW)).toBeNull();
    expect(verifyValue(signRaw('{"purpose":"student","exp":"never"}'), SECRET, NOW)).toBeNull();
    expect(verifyValue(signRaw('{"purpose":"student"}'), SECRET, NOW)).toBeNull();
    expect(
      verifyValue(signRaw(`{"purpose":"student","exp":${later(60)}}`), SECRET, NOW),
    ).not.toBeNull();
    expect(verifyValue(signValue({ purpose: 'student', exp: later(60) }, SECRET), '', NOW)).toBe(
      null,
    );
  });

  it('refuse to sign without a secret', () => {
    expect(() => signValue({ purpose: 'student', exp: later(60) }, '')).toThrow(TypeError);
  });

  it('make cookie options that Next accepts', () => {
    const set: Partial<ResponseCookie> = cookieFor('n', 'v', 60, true).options;
    expect(set).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: true, maxAge: 60 });
    expect(clearedCookie('n', false)).toMatchObject({ value: '', options: { maxAge: 0 } });
  });
});
