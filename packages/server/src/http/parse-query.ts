import type { z } from 'zod';
import { err, ok, type DomainError, type Result } from '@leadpulse/core';

/** Validates query or body input against a contract schema; issues keep zod's paths. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, code: 'invalid_query' | 'invalid_body' = 'invalid_query'): Result<z.infer<T>, DomainError> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((i) => ({ code: i.code, path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
  return err({ code, message: issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '), issues });
}
