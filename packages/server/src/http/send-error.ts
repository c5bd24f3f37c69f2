import type { FastifyReply } from 'fastify';
import type { DomainError } from '@leadpulse/core';
import { statusOf } from './error-status.js';

/** Answers `{ error: { code, message, issues? } }` with the status from the one table. */
export function sendError(reply: FastifyReply, error: DomainError, extra: Record<string, unknown> = {}) {
  const { code, message, issues } = error;
  return reply.code(statusOf(code)).send({ error: { code, message, ...extra, ...(issues ? { issues } : {}) } });
}
