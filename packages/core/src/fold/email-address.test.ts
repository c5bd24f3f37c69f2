import { expect, it } from 'vitest';
import { isEmailAddress } from './email-address.js';

it('takes addresses up to RFC 5321 length only', () => {
  expect(isEmailAddress('claire.martin@example.fr')).toBe(true);
  expect(isEmailAddress(`${'a'.repeat(243)}@example.fr`)).toBe(true);
  expect(isEmailAddress(`${'a'.repeat(244)}@example.fr`)).toBe(false);
  expect(isEmailAddress('not an email')).toBe(false);
});
