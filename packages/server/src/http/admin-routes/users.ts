import type { FastifyInstance } from 'fastify';
import { CreateUserBodySchema, UpdateUserBodySchema } from '@leadpulse/contract';
import type { LeadPulseApp } from '../../app/leadpulse-app.js';
import type { UserRecord } from '../../app/user-ports.js';
import { parseBody } from '../parse-body.js';
import { sendError } from '../send-error.js';
import { userDocument } from './session.js';
import { withAccess } from '../route-access.js';

const userDetail = (user: UserRecord) => ({
  ...userDocument(user),
  createdAt: new Date(user.createdAt).toISOString(),
  disabledAt: user.disabledAt === null ? null : new Date(user.disabledAt).toISOString(),
});

/** Admin-only user management (withAccess); the last admin is protected by the use cases. */
export function registerUserRoutes(http: FastifyInstance, app: LeadPulseApp) {
  http.get('/api/v1/users', withAccess('administer'), async () => ({ users: (await app.users.listUsers()).map(userDetail) }));

  http.post('/api/v1/users', withAccess('administer'), async (request, reply) => {
    const body = parseBody(request, CreateUserBodySchema);
    if (!body.ok) return sendError(reply, body.error);
    const created = await app.users.addUser(body.value);
    if (!created.ok) return sendError(reply, created.error);
    const { user, password } = created.value;
    return reply.code(201).send({ user: userDetail(user), ...(password ? { password } : {}) });
  });

  http.patch<{ Params: { id: string } }>('/api/v1/users/:id', withAccess('administer'), async (request, reply) => {
    const body = parseBody(request, UpdateUserBodySchema);
    if (!body.ok) return sendError(reply, body.error);
    const updated = await app.users.updateUser(request.params.id, body.value);
    return updated.ok ? { user: userDetail(updated.value) } : sendError(reply, updated.error);
  });

  http.delete<{ Params: { id: string } }>('/api/v1/users/:id', withAccess('administer'), async (request, reply) => {
    const removed = await app.users.removeUser(request.params.id);
    return removed.ok ? { deleted: true } : sendError(reply, removed.error);
  });
}
