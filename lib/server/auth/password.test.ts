import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';

describe('passwords', () => {
  it('hash with argon2id and verify only the same password', async () => {
    const hashed = await hashPassword('correct horse battery');
    expect(hashed.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hashed, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hashed, 'correct horse batterY')).toBe(false);
    // a fresh salt each time
    expect(await hashPassword('correct horse battery')).not.toBe(hashed);
  });

  it('verify as false, without throwing, against a hash that is not argon2', async () => {
    expect(await verifyPassword('not a hash', 'whatever12345')).toBe(false);
    expect(await verifyPassword('', '')).toBe(false);
    expect(await verifyPassword(undefined as unknown as string, 'x')).toBe(false);
  });

  it('require 10 to 200 characters, counting an emoji as one', () => {
    expect(checkPasswordPolicy('123456789')).toMatch(/at least 10/);
    expect(checkPasswordPolicy('1234567890')).toBeNull();
    expect(checkPasswordPolicy('x'.repeat(200))).toBeNull();
    expect(checkPasswordPolicy('x'.repeat(201))).toMatch(/at most 200/);
    expect(checkPasswordPolicy('🔑'.repeat(10))).toBeNull();
    expect(checkPasswordPolicy('🔑'.repeat(200))).toBeNull();
    expect(checkPasswordPolicy(42)).toMatch(/text/);
  });
});
