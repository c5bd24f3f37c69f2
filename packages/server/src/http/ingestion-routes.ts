import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Issue } from '@leadpulse/core';
import type { IngestOutcome, LeadPulseApp } from '../app/leadpulse-app.js';
import { decodeBody, parseJson } from './decode-body.js';
import { sendError } from './send-error.js';
import { splitEnvelope } from './split-envelope.js';
import { withAccess } from './route-access.js';

const ROUTES: readonly { readonly paths: readonly string[]; readonly type?: string }[] = [
  { paths: ['/v1/track', '/v1/t'], type: 'track' },
  { paths: ['/v1/identify', '/v1/i'], type: 'identify' },
  { paths: ['/v1/page', '/v1/p'], type: 'page' },
  { paths: ['/v1/screen', '/v1/s'], type: 'screen' },
  { paths: ['/v1/group', '/v1/g'], type: 'group' },
  { paths: ['/v1/alias', '/v1/a'], type: 'alias' },
  { paths: ['/v1/batch', '/v1/b', '/v1/import'] },
];

/** The write key from HTTP Basic auth: the username, with an empty password. */
export function basicUsername(header: string | undefined): string | undefined {
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const username = decoded.split(':')[0];
  return username ? username : undefined;
}

// Ingestion reads a write key, never a cookie: browsers are let in without credentials, so no page can make a
// visitor's browser send its cookies along.
function corsHeaders(reply: FastifyReply, origin: string | undefined) {
  if (!origin) return;
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'Origin');
}

/** DESIGN 3.1: Segment-compatible ingestion. One call to app.ingest per request; a 2xx means durable. */
export function registerIngestionRoutes(http: FastifyInstance, app: LeadPulseApp) {
  const handle = (impliedType: string | undefined) => async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    corsHeaders(reply, origin);
    const text = decodeBody(request.body as Buffer | undefined, request.headers['content-encoding']);
    if (!text.ok) return sendError(reply, text.error);
    const body = parseJson(text.value);
    if (!body.ok) return sendError(reply, body.error);
    const envelope = splitEnvelope(body.value, { batch: impliedType === undefined, bodyBytes: Buffer.byteLength(text.value) });
    if (!envelope.ok) return sendError(reply, envelope.error);

    const key = await app.authenticateWriteKey(basicUsername(request.headers.authorization) ?? envelope.value.writeKey);
    if (!key.ok) return sendError(reply, key.error);
    if (origin && key.value.allowedOrigins.length > 0 && !key.value.allowedOrigins.includes(origin)) {
      return sendError(reply, { code: 'origin_not_allowed', message: `Origin ${origin} is not allowed for this write key; add it with \`leadpulse keys\` or in the settings.` });
    }

    const { events, oversized } = envelope.value;
    const skipped = new Set(oversized.map((o) => o.index));
    const kept = events.map((event, index) => ({ event, index })).filter(({ index }) => !skipped.has(index));
    const result = await app.ingest(
      kept.map((k) => k.event),
      { receivedAt: app.now(), ip: request.ip, userAgent: request.headers['user-agent'], impliedType, idPrefix: `${request.id}-${Date.now().toString(36)}` },
    );
    const issues: (Issue & { index: number })[] = oversized.map((o) => ({ ...o.issue, index: o.index }));
    result.outcomes.forEach((outcome: IngestOutcome, i) => {
      if (outcome.status !== 'rejected') return;
      for (const issue of outcome.issues) issues.push({ ...issue, index: kept[i]!.index });
    });
    if (issues.length === 0) return reply.send({ success: true });
    const rejected = new Set(issues.map((i) => i.index)).size;
    const stored = events.length - rejected;
    return sendError(
      reply,
      {
        code: 'events_rejected',
        message: `${rejected} of ${events.length} event(s) were rejected; the ${stored} other(s) were stored.`,
        issues: issues.sort((a, b) => a.index - b.index).map(({ index, code, path, message }) => ({ index, code, path, message })),
      },
      { accepted: stored },
    );
  };

  for (const route of ROUTES) {
    for (const path of route.paths) {
      http.post(path, withAccess('write_key'), handle(route.type));
      // Browsers preflight JSON posts; text/plain posts need no preflight.
      http.options(path, withAccess('public'), async (request, reply) => {
        corsHeaders(reply, request.headers.origin ?? '*');
        reply.header('access-control-allow-methods', 'POST, OPTIONS');
        reply.header('access-control-allow-headers', 'Authorization, Content-Type, Content-Encoding');
        reply.header('access-control-max-age', '86400');
        return reply.code(204).send();
      });
    }
  }
}
