import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { DomainError, Result } from '@leadpulse/core';
import { decodeBody, parseJson } from './decode-body.js';
import { parseInput } from './parse-query.js';

/** Decodes, parses and validates a JSON body against a contract schema. */
export function parseBody<T extends z.ZodType>(request: FastifyRequest, schema: T): Result<z.infer<T>, DomainError> {
  const text = decodeBody(request.body as Buffer | undefined, request.headers['content-encoding']);
  const json = text.ok ? parseJson(text.value) : text;
  return json.ok ? parseInput(schema, json.value, 'invalid_body') : json;
}
