import { describe, expect, it } from 'vitest';
import { checkUserInput, normalizeEmail } from './user-input.js';
import { roleAllows } from './roles.js';

describe('roles', () => {
  it.each([
    ['admin', 'administer', true],
    ['admin', 'read', true],
    ['marketer', 'operate', true],
    ['marketer', 'administer', false],
    ['sales', 'read', true],
    ['sales', 'operate', false],
  ] as const)('%s holds %s: %s', (role, permission, expected) => {
    expect(roleAllows(role, permission)).toBe(expected);
  });
});

describe('user input', () => {
  it('normalizes emails and checks them with the password length', () => {
    expect(normalizeEmail('  Ana@Example.FR ')).toBe('ana@example.fr');
    expect(checkUserInput({ email: 'ana@example.fr', password: '0123456789' })).toEqual([]);
    expect(checkUserInput({ email: 'admin@localhost' })).toEqual([]);
    expect(checkUserInput({ email: 'ana', password: 'short' }).map((i) => i.code)).toEqual(['invalid_email', 'weak_password']);
  });
});
