import { err, isNestedTooDeep, ok, type DomainError, type Issue, type Result } from '@leadpulse/core';

export const MAX_EVENT_BYTES = 32 * 1024;

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Envelope {
  /** The events in request order, as sent; the ones listed in `oversized` must not be ingested. */
  readonly events: readonly unknown[];
  readonly oversized: readonly { readonly index: number; readonly issue: Issue }[];
  /** `writeKey` from the body (top level, or the first event that has one). */
  readonly writeKey: string | undefined;
}

/**
 * Splits a request body into events. A batch is `{ batch: [...], context?, sentAt?, writeKey? }`: its
 * top-level `context` and `sentAt` apply to events that lack them (an event's own fields win).
 */
export function splitEnvelope(body: unknown, options: { batch: boolean; bodyBytes?: number }): Result<Envelope, DomainError> {
  if (!isPlain(body)) return err({ code: 'invalid_body', message: 'Expected a JSON object.' });
  let raw: unknown[];
  if (options.batch) {
    if (!Array.isArray(body['batch'])) return err({ code: 'invalid_body', message: 'Expected "batch" to be an array of events.', issues: [{ code: 'invalid_type', path: ['batch'], message: 'expected an array' }] });
    const shared = isPlain(body['context']) ? body['context'] : null;
    const sentAt = body['sentAt'];
    raw = body['batch'].map((event) => {
      if (!isPlain(event)) return event;
      const merged: Plain = { ...event };
      if (shared) merged['context'] = { ...shared, ...(isPlain(event['context']) ? event['context'] : {}) };
      if (merged['sentAt'] === undefined && sentAt !== undefined) merged['sentAt'] = sentAt;
      return merged;
    });
  } else raw = [body];

  const oversized: { index: number; issue: Issue }[] = [];
  // No event can be over the limit when the whole body is not: skip re-serializing each one.
  const mayHaveOversized = options.bodyBytes === undefined || options.bodyBytes > MAX_EVENT_BYTES;
  if (mayHaveOversized) raw.forEach((event, index) => {
    // JSON.stringify recurses and overflows the stack on hostile nesting; the pipeline rejects such an event as too_deep.
    if (isNestedTooDeep(event)) return;
    const size = Buffer.byteLength(JSON.stringify(event) ?? '');
    if (size > MAX_EVENT_BYTES) oversized.push({ index, issue: { code: 'event_too_large', path: [], message: `the event is ${size} bytes; the limit is ${MAX_EVENT_BYTES} (32 KB)` } });
  });
  const perEventKey = raw.find((e): e is Plain => isPlain(e) && typeof e['writeKey'] === 'string') as Plain | undefined;
  const writeKey = typeof body['writeKey'] === 'string' ? body['writeKey'] : (perEventKey?.['writeKey'] as string | undefined);
  return ok({ events: raw, oversized, writeKey });
}
