import type { z } from 'zod';
import { issuesFromZod, err, ok, type DomainError, type Result } from '@leadpulse/core';

/** Validates query or body input against a contract schema; issues keep zod's paths. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, code: 'invalid_query' | 'invalid_body' = 'invalid_query'): Result<z.infer<T>, DomainError> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issues = issuesFromZod(parsed.error.issues);
  return err({ code, message: issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '), issues });
}
