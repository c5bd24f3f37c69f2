import type { FastifyReply } from 'fastify';
import type { DomainError } from '@leadpulse/core';
import { statusOf } from './error-status.js';

// Seconds a client should wait before retrying when the refusal does not say.
const DEFAULT_RETRY_AFTER: Readonly<Record<number, number>> = { 429: 60, 503: 5 };

/** Answers `{ error: { code, message, issues? } }` with the status from the one table, and `Retry-After` on 429 and 503. */
export function sendError(reply: FastifyReply, error: DomainError, extra: Record<string, unknown> = {}) {
  const { code, message, issues } = error;
  const status = statusOf(code);
  const retryAfter = error.retryAfterMs === undefined ? DEFAULT_RETRY_AFTER[status] : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  if (retryAfter !== undefined && !reply.hasHeader('retry-after')) reply.header('retry-after', String(retryAfter));
  return reply.code(status).send({ error: { code, message, ...extra, ...(issues ? { issues } : {}) } });
}
