import type { FastifyInstance } from 'fastify';
import { CreateKeyBodySchema } from '@leadpulse/contract';
import type { LeadPulseApp } from '../../app/leadpulse-app.js';
import type { ApiKey } from '../../app/ports.js';
import { parseBody } from '../parse-body.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

const keyDocument = ({ hash: _hash, ...key }: ApiKey) => ({
  ...key,
  createdAt: new Date(key.createdAt).toISOString(),
  revokedAt: key.revokedAt === null ? null : new Date(key.revokedAt).toISOString(),
});

export function registerKeyRoutes(http: FastifyInstance, app: LeadPulseApp) {
  http.get('/api/v1/keys', withAccess('administer'), async () => ({ keys: (await app.listKeys()).map(keyDocument) }));

  http.post('/api/v1/keys', withAccess('administer'), async (request, reply) => {
    const body = parseBody(request, CreateKeyBodySchema);
    if (!body.ok) return sendError(reply, body.error);
    const created = await app.createKey(body.value.kind, { label: body.value.label, allowedOrigins: body.value.allowedOrigins });
    return reply.code(201).send({ key: keyDocument(created.key), secret: created.secret });
  });

  http.delete<{ Params: { id: string } }>('/api/v1/keys/:id', withAccess('administer'), async (request, reply) => {
    const revoked = await app.revokeKey(request.params.id);
    return revoked.ok ? revoked.value : sendError(reply, revoked.error);
  });
}
