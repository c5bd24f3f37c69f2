/** An expected outcome: a value, or a refusal the caller must handle. Example: `ok(contact)` or `err({ code: 'contact_not_found', message })`. */
export type Result<T, E = DomainError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** A refusal with a closed, documented snake_case code. */
export interface DomainError {
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly Issue[];
  /** For refusals that end with time (a throttle): how long until a retry may succeed. */
  readonly retryAfterMs?: number;
}

import type { Issue } from './issue.js';
