import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sendError } from './send-error.js';
import { withAccess } from './route-access.js';

interface LoadedScript {
  readonly plain: Buffer;
  readonly gzipped: Buffer;
  readonly etag: string;
}

/** Reads the built tracker once; null when `npm run build` has not produced it. */
export function loadTrackerScript(): LoadedScript | null {
  try {
    const plain = readFileSync(createRequire(import.meta.url).resolve('@leadpulse/tracker/lp.js'));
    return { plain, gzipped: gzipSync(plain, { level: 9 }), etag: `"${createHash('sha256').update(plain).digest('base64url').slice(0, 16)}"` };
  } catch {
    return null;
  }
}

/**
 * `GET /lp.js`: the website tracker. Cached for an hour and revalidated by ETag, so a new version reaches sites
 * within the hour without a change to their snippet; sent gzipped to browsers that accept it.
 */
export function registerTrackerScript(http: FastifyInstance, script = loadTrackerScript()) {
  http.get('/lp.js', withAccess('public'), async (request, reply) => {
    if (!script) return sendError(reply, { code: 'tracker_not_built', message: 'The tracker script was not built: run `npm run build` (or `npm start`), then restart.' });
    reply.header('content-type', 'application/javascript; charset=utf-8');
    reply.header('cache-control', 'public, max-age=3600, stale-while-revalidate=86400');
    reply.header('etag', script.etag);
    reply.header('vary', 'Accept-Encoding');
    reply.header('access-control-allow-origin', '*');
    if (request.headers['if-none-match'] === script.etag) return reply.code(304).send();
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      reply.header('content-encoding', 'gzip');
      return reply.send(script.gzipped);
    }
    return reply.send(script.plain);
  });
}
