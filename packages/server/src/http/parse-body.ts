import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { DomainError, Result } from '@leadpulse/core';
import { decodeBody, parseJson } from './decode-body.js';
import { parseInput } from './parse-query.js';

/** Decodes (gzip, deflate) and parses a JSON body: the one way admin routes read a body. */
export function readJsonBody(request: FastifyRequest): Result<unknown, DomainError> {
  const text = decodeBody(request.body as Buffer | undefined, request.headers['content-encoding']);
  return text.ok ? parseJson(text.value) : text;
}

/** Reads a JSON body and validates it against a contract schema. */
export function parseBody<T extends z.ZodType>(request: FastifyRequest, schema: T): Result<z.infer<T>, DomainError> {
  const json = readJsonBody(request);
  return json.ok ? parseInput(schema, json.value, 'invalid_body') : json;
}
