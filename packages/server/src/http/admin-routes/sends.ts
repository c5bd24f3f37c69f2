import type { FastifyInstance } from 'fastify';
import { contactId } from '@leadpulse/core';
import { InboxQuerySchema, SendQuerySchema } from '@leadpulse/contract';
import type { Outbox } from '../../app/scenario-app.js';
import { toSendDocument } from '../follow-up-documents.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

type IdParams = { Params: { id: string } };

/** The outbox: every send with its status, a dead letter's retry, and the local test inbox. */
export function registerSendRoutes(http: FastifyInstance, app: { readonly outbox: Outbox }) {
  const outbox = () => app.outbox;

  http.get('/api/v1/sends', withAccess('read'), async (request, reply) => {
    const query = parseInput(SendQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const { contactId: contact, ...rest } = query.value;
    const page = await outbox().list({ ...rest, ...(contact ? { contactId: contactId(contact) } : {}) });
    return { sends: page.sends.map(toSendDocument), nextCursor: page.nextCursor };
  });

  // The router prefers a static segment to `:id`, so `inbox` is never taken for a send id.
  http.get('/api/v1/sends/inbox', withAccess('read'), async (request, reply) => {
    const query = parseInput(InboxQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const messages = await outbox().testInbox({ limit: query.value.limit });
    // `local` says it plainly: with no relay, messages went to the mail sink in the data directory, nothing left the machine.
    const local = outbox().local;
    return { local, smtp: !local, messages: messages.map((m) => ({ ...m, at: new Date(m.at).toISOString() })) };
  });

  http.get<IdParams>('/api/v1/sends/:id', withAccess('read'), async (request, reply) => {
    const found = await outbox().get(request.params.id);
    return found.ok ? toSendDocument(found.value) : sendError(reply, found.error);
  });

  http.post<IdParams>('/api/v1/sends/:id/retry', withAccess('operate'), async (request, reply) => {
    const retried = await outbox().retry(request.params.id);
    return retried.ok ? toSendDocument(retried.value) : sendError(reply, retried.error);
  });
}
