import type { FastifyInstance } from 'fastify';
import type { LeadPulseApp } from '../../app/leadpulse-app.js';
import type { FeedCursor, FeedItem } from '../../app/stage-feed.js';
import { toStageChangeDocument } from '../contact-document.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

export interface StageFeedOptions {
  /** How often the store is asked for new changes; the store is shared, so changes made by any process show. */
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
  /** Open streams this process serves at most, and at most per caller (a session, or the admin token). */
  readonly maxStreams?: number;
  readonly maxStreamsPerCaller?: number;
}

const encodeCursor = (c: FeedCursor) => `${c.at}:${c.id}`;
function decodeCursor(text: string | undefined): FeedCursor | null | 'invalid' {
  if (!text) return null;
  const match = /^(\d{1,16}):(.{0,200})$/.exec(text);
  return match ? { at: Number(match[1]), id: match[2]! } : 'invalid';
}

const frame = (item: FeedItem) =>
  `id: ${encodeCursor(item.change)}\nevent: stage-change\ndata: ${JSON.stringify({ contactId: item.change.contactId, email: item.email, labels: item.labels, ...toStageChangeDocument(item.change) })}\n\n`;

/**
 * `GET /api/v1/events/stage-changes`: a server-sent event stream of stage changes. It starts with the `backlog`
 * newest ones (20 by default) unless the client resumes with `Last-Event-ID` (or `?after=`), then polls the store.
 */
export function registerStageFeedRoute(http: FastifyInstance, app: LeadPulseApp, options: StageFeedOptions = {}) {
  const pollMs = options.pollMs ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  // Open streams never end on their own: the server ends them when it closes, or shutting down would wait forever.
  const open = new Set<() => void>();
  const maxStreams = options.maxStreams ?? 200;
  const maxPerCaller = options.maxStreamsPerCaller ?? 8;
  const perCaller = new Map<string, number>();
  http.addHook('preClose', async () => {
    for (const end of open) end();
  });
  http.get<{ Querystring: { after?: string; backlog?: string } }>('/api/v1/events/stage-changes', withAccess('read'), async (request, reply) => {
    const resumed = decodeCursor((request.headers['last-event-id'] as string | undefined) ?? request.query.after);
    if (resumed === 'invalid') return sendError(reply, { code: 'invalid_query', message: 'The cursor (Last-Event-ID or after) must look like <epoch ms>:<id>.' });
    const backlog = Math.min(100, Math.max(0, Number(request.query.backlog ?? 20) || 0));
    // Each stream holds a socket and polls the store: a cap keeps a loop of reconnects from exhausting either.
    const caller = request.principal?.kind === 'session' ? `session:${request.principal.session.id}` : 'token';
    const callerStreams = perCaller.get(caller) ?? 0;
    if (open.size >= maxStreams || callerStreams >= maxPerCaller) {
      return sendError(reply, { code: 'rate_limited', message: `Too many open live feeds (${open.size >= maxStreams ? `${maxStreams} in all` : `${maxPerCaller} for you`}); close one, or retry later.`, retryAfterMs: 30_000 });
    }
    const first = resumed ? await app.stageFeed(resumed, 100) : backlog > 0 ? await app.stageFeed(null, backlog) : [];
    perCaller.set(caller, callerStreams + 1);

    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    out.write(`retry: ${Math.max(pollMs, 1000)}\n\n`);
    let cursor: FeedCursor = resumed ?? { at: app.now(), id: '' };
    const send = (items: readonly FeedItem[]) => {
      for (const item of items) out.write(frame(item));
      if (items.length > 0) cursor = items[items.length - 1]!.change;
    };
    send(first);

    let polling = false;
    const poll = setInterval(() => {
      if (polling) return;
      polling = true;
      app
        .stageFeed(cursor, 100)
        .then(send)
        // A failed poll is retried at the next tick; the stream stays open.
        .catch((error: unknown) => request.log.warn({ err: error }, 'stage feed poll failed'))
        .finally(() => (polling = false));
    }, pollMs);
    const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), heartbeatMs);
    const end = () => {
      if (!open.has(end)) return;
      const left = (perCaller.get(caller) ?? 1) - 1;
      if (left > 0) perCaller.set(caller, left);
      else perCaller.delete(caller);
      clearInterval(poll);
      clearInterval(heartbeat);
      open.delete(end);
      out.end();
    };
    open.add(end);
    request.raw.on('close', end);
  });
}
