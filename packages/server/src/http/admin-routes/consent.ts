import type { FastifyInstance } from 'fastify';
import { contactId } from '@leadpulse/core';
import { ConsentUpdateSchema, SuppressionLiftQuerySchema, SuppressionQuerySchema, SUPPRESSION_CHANNEL_VALUES } from '@leadpulse/contract';
import type { Unsubscribe } from '../../app/unsubscribe.js';
import type { SuppressionAdmin } from '../../app/unsubscribe-suppressions.js';
import { parseBody } from '../parse-body.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

/**
 * Consent set through the API (recorded as `Consent Updated` events on the contact) and the suppression list: listed
 * for anyone who reads, lifted by an admin only, a complaint only with confirm=true.
 */
export function registerConsentRoutes(http: FastifyInstance, app: { readonly unsubscribe: Unsubscribe; readonly suppressions: SuppressionAdmin }) {
  http.put<{ Params: { id: string } }>('/api/v1/contacts/:id/consent', withAccess('operate'), async (request, reply) => {
    const body = parseBody(request, ConsentUpdateSchema);
    if (!body.ok) return sendError(reply, body.error);
    const consent = await app.unsubscribe.setConsent(contactId(request.params.id), body.value);
    return consent.ok ? { consent: consent.value } : sendError(reply, consent.error);
  });

  http.get('/api/v1/suppressions', withAccess('read'), async (request, reply) => {
    const query = parseInput(SuppressionQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const page = await app.suppressions.list(query.value);
    return page.ok ? page.value : sendError(reply, page.error);
  });

  http.delete<{ Params: { channel: string; address: string } }>('/api/v1/suppressions/:channel/:address', withAccess('administer'), async (request, reply) => {
    const channel = SUPPRESSION_CHANNEL_VALUES.find((c) => c === request.params.channel);
    if (!channel) return sendError(reply, { code: 'suppression_not_found', message: `The channel is email or sms, not "${request.params.channel}".` });
    const query = parseInput(SuppressionLiftQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const lifted = await app.suppressions.lift(channel, request.params.address, { confirm: query.value.confirm === 'true' });
    if (!lifted.ok) return sendError(reply, lifted.error);
    // The address stays out of the log: the channel and how many rows went say what happened.
    request.log.info({ channel, lifted: lifted.value.lifted }, 'suppression.lifted');
    return lifted.value;
  });
}
