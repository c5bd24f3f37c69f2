import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from './password-hash.js';

describe('password hashing', () => {
  it('round-trips, refuses a wrong password, and salts every hash', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
  });

  it('never matches a malformed hash', async () => {
    for (const stored of ['', 'bcrypt$x', 'scrypt$0$8$1$c2FsdA$aGFzaA', 'scrypt$32768$8$1$$']) expect(await verifyPassword('whatever12', stored)).toBe(false);
  });

  it('generates long passwords', () => {
    expect(generatePassword()).toHaveLength(20);
    expect(generatePassword()).not.toBe(generatePassword());
  });
});
