import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contactId, err, type DomainError, type Result } from '@leadpulse/core';
import { TaskQuerySchema, UpdateTaskBodySchema } from '@leadpulse/contract';
import type { Tasks } from '../../app/scenario-app.js';
import type { TaskRecord } from '../../app/scenario-ports.js';
import { instantFrom, toTaskDocument } from '../follow-up-documents.js';
import { parseBody } from '../parse-body.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

type IdParams = { Params: { id: string } };

/** The email whose tasks the caller is limited to: a sales user's own; null for marketers, admins and the admin token. */
function ownEmailOnly(request: FastifyRequest): string | null {
  const principal = request.principal;
  return principal?.kind === 'session' && principal.role === 'sales' ? principal.user.email : null;
}

const forbidden = (email: string): DomainError => ({ code: 'forbidden', message: `A sales user sees and updates only the tasks assigned to them (${email}).` });

/**
 * Tasks for the sales team. Both routes need only `read`, so sales can use them; what a sales user may touch is then
 * narrowed here to the tasks assigned to their own email, since the role table cannot express ownership.
 */
export function registerTaskRoutes(http: FastifyInstance, app: { readonly tasks: Tasks }) {
  const tasks = () => app.tasks;

  // A sales user's own task; anyone else's is answered as not found, so ids of others' tasks reveal nothing.
  async function ownTask(id: string, email: string): Promise<Result<TaskRecord, DomainError>> {
    const task = await tasks().get(id);
    if (task.ok && task.value.assignee.toLowerCase() !== email.toLowerCase()) return err({ code: 'task_not_found', message: `No task assigned to you (${email}) has the id ${id}.` });
    return task;
  }

  http.get('/api/v1/tasks', withAccess('read'), async (request, reply) => {
    const query = parseInput(TaskQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const own = ownEmailOnly(request);
    if (own !== null && query.value.assignee !== undefined && query.value.assignee.toLowerCase() !== own.toLowerCase()) return sendError(reply, forbidden(own));
    const { assignee, contactId: contact, ...rest } = query.value;
    const found = await tasks().list({ ...rest, ...(own !== null ? { assignee: own } : assignee ? { assignee } : {}), ...(contact ? { contactId: contactId(contact) } : {}) });
    return { tasks: found.map(toTaskDocument) };
  });

  http.patch<IdParams>('/api/v1/tasks/:id', withAccess('read'), async (request, reply) => {
    const body = parseBody(request, UpdateTaskBodySchema);
    if (!body.ok) return sendError(reply, body.error);
    const own = ownEmailOnly(request);
    if (own !== null) {
      const task = await ownTask(request.params.id, own);
      if (!task.ok) return sendError(reply, task.error);
    }
    const { status, assignee, snoozedUntil } = body.value;
    // Sales work their own tasks (done, snoozed); handing one to someone else is for admins and marketers.
    if (own !== null && assignee !== undefined && assignee.toLowerCase() !== own.toLowerCase()) return sendError(reply, forbidden(own));
    const patch = {
      ...(status !== undefined ? { status } : {}),
      ...(assignee !== undefined ? { assignee: assignee.trim().toLowerCase() } : {}),
      ...(snoozedUntil !== undefined ? { snoozedUntil: snoozedUntil === null ? null : instantFrom(snoozedUntil) } : {}),
    };
    const principal = request.principal;
    const updated = await tasks().update(request.params.id, patch, principal?.kind === 'session' ? principal.user.email : null);
    return updated.ok ? toTaskDocument(updated.value) : sendError(reply, updated.error);
  });
}
