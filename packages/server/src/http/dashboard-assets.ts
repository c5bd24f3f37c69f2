import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './send-error.js';
import { withAccess } from './route-access.js';

interface Asset {
  readonly type: string;
  readonly plain: Buffer;
  readonly gzipped: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** The built dashboard (packages/dashboard/dist), read once; null when it was not built. */
export function loadDashboard(dir = fileURLToPath(new URL('../../../dashboard/dist/', import.meta.url))): Map<string, Asset> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const assets = new Map<string, Asset>();
  const add = (path: string, file: string) => {
    const plain = readFileSync(file);
    assets.set(path, { type: TYPES[extname(file)] ?? 'application/octet-stream', plain, gzipped: gzipSync(plain, { level: 9 }) });
  };
  add('/', join(dir, 'index.html'));
  const assetDir = join(dir, 'assets');
  if (existsSync(assetDir)) for (const name of readdirSync(assetDir)) add(`/assets/${name}`, join(assetDir, name));
  return assets;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  reply.header('content-type', asset.type);
  reply.header('vary', 'Accept-Encoding');
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    reply.header('content-encoding', 'gzip');
    return reply.send(asset.gzipped);
  }
  return reply.send(asset.plain);
}

/**
 * The dashboard at `/`: one page (screens live in the URL's hash) and its hashed assets, cached for a year since
 * their names change with their content. The page itself is always revalidated, so a new build shows at once.
 */
export function registerDashboard(http: FastifyInstance, assets = loadDashboard()) {
  http.get('/', withAccess('public'), async (request, reply) => {
    if (!assets) return sendError(reply, { code: 'dashboard_not_built', message: 'The dashboard was not built: run `npm run build` (or `npm start`), then restart.' });
    reply.header('cache-control', 'no-cache');
    reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'");
    reply.header('x-content-type-options', 'nosniff');
    return send(request, reply, assets.get('/')!);
  });
  http.get<{ Params: { name: string } }>('/assets/:name', withAccess('public'), async (request, reply) => {
    const asset = assets?.get(`/assets/${request.params.name}`);
    if (!asset) return sendError(reply, { code: 'not_found', message: `No dashboard asset named ${request.params.name}.` });
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return send(request, reply, asset);
  });
}
