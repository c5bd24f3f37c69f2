import type { FastifyInstance } from 'fastify';
import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { sendError } from './send-error.js';

const PUBLIC = new Set(['/api/v1/openapi.json']);

/** Every /api/v1 route needs `Authorization: Bearer <admin token>`, except the OpenAPI document. */
export function registerAdminAuth(http: FastifyInstance, app: LeadPulseApp) {
  http.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (!path.startsWith('/api/') || PUBLIC.has(path)) return;
    const header = request.headers.authorization;
    const token = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    const key = await app.authenticateAdmin(token);
    if (!key.ok) return sendError(reply, key.error);
  });
}
