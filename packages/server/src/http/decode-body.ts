import { gunzipSync, inflateSync } from 'node:zlib';
import { err, ok, type DomainError, type Result } from '@leadpulse/core';

export const MAX_REQUEST_BYTES = 500 * 1024;

/**
 * Turns a raw request body into text: gzip and deflate are decoded with an output cap, so a small
 * compressed bomb cannot expand past the request limit.
 */
export function decodeBody(raw: Buffer | undefined, contentEncoding: string | undefined): Result<string, DomainError> {
  if (!raw || raw.length === 0) return ok('');
  if (raw.length > MAX_REQUEST_BYTES) return err({ code: 'payload_too_large', message: `The request body is ${raw.length} bytes; the limit is ${MAX_REQUEST_BYTES} (500 KB).` });
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  let decoded: Buffer;
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') decoded = gunzipSync(raw, { maxOutputLength: MAX_REQUEST_BYTES + 1 });
    else if (encoding === 'deflate') decoded = inflateSync(raw, { maxOutputLength: MAX_REQUEST_BYTES + 1 });
    else if (encoding === 'identity' || encoding === '') decoded = raw;
    else return err({ code: 'unsupported_encoding', message: `Content-Encoding "${encoding}" is not supported; use gzip, deflate or none.` });
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      return err({ code: 'payload_too_large', message: `The decompressed body is over ${MAX_REQUEST_BYTES} bytes (500 KB).` });
    }
    return err({ code: 'unsupported_encoding', message: `The body is not valid ${encoding} data.` });
  }
  if (decoded.length > MAX_REQUEST_BYTES) return err({ code: 'payload_too_large', message: `The decompressed body is over ${MAX_REQUEST_BYTES} bytes (500 KB).` });
  return ok(decoded.toString('utf8'));
}

/** Parses a decoded body as JSON (an empty body is an empty object). */
export function parseJson(text: string): Result<unknown, DomainError> {
  if (text.trim() === '') return ok({});
  try {
    return ok(JSON.parse(text));
  } catch (cause) {
    return err({ code: 'invalid_json', message: `The body is not valid JSON: ${(cause as Error).message}` });
  }
}
