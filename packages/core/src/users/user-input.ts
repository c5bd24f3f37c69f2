import type { Issue } from '../shared/issue.js';

/** Shorter passwords are refused; a generated one is far longer. */
export const MIN_PASSWORD_LENGTH = 10;

/** Emails are compared lowercased and trimmed, so `Ana@Example.fr` and `ana@example.fr` are one user. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

// Deliberately loose: one @, something on each side, a dot in the domain (or localhost for the first admin).
const EMAIL = /^[^\s@]+@([^\s@.]+\.)+[^\s@.]+$|^[^\s@]+@localhost$/;

/** Issues with a new user's email and password; empty when both are acceptable. */
export function checkUserInput(input: { email?: string; password?: string }): Issue[] {
  const issues: Issue[] = [];
  if (input.email !== undefined && !EMAIL.test(normalizeEmail(input.email))) {
    issues.push({ code: 'invalid_email', path: ['email'], message: `expected an email address such as ana@example.fr, got ${JSON.stringify(input.email)}` });
  }
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    issues.push({ code: 'weak_password', path: ['password'], message: `a password needs at least ${MIN_PASSWORD_LENGTH} characters` });
  }
  return issues;
}
