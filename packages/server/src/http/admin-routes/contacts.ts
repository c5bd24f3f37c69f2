import type { FastifyInstance } from 'fastify';
import { contactId } from '@leadpulse/core';
import { ContactListQuerySchema, LookupQuerySchema, PrivacyQuerySchema, TimelineQuerySchema } from '@leadpulse/contract';
import type { LeadPulseApp, TimelineEntry } from '../../app/leadpulse-app.js';
import { toContactDocument, toStageChangeDocument } from '../contact-document.js';
import { toContactExportDocument } from '../contact-export-document.js';
import { toEnrolmentDocument, toSendDocument } from '../follow-up-documents.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

type IdParams = { Params: { id: string } };

// The contact document shows the newest enrolments and sends; the full lists are under /scenarios and /sends.
const FOLLOW_UPS_SHOWN = 20;

const timelineDocument = (entry: TimelineEntry) => {
  const at = new Date(entry.at).toISOString();
  if (entry.kind === 'event') return { kind: entry.kind, at, event: { ...entry.event, at: new Date(entry.event.at).toISOString(), receivedAt: new Date(entry.event.receivedAt).toISOString() } };
  if (entry.kind === 'stage_change') return { kind: entry.kind, at, change: toStageChangeDocument(entry.change) };
  if (entry.kind === 'send') {
    const { id, channel, status, subject, scenarioId, stepId, messageId, sentAt } = entry.send;
    return { kind: entry.kind, at, send: { id, channel, status, subject, scenarioId, stepId, messageId, sentAt: sentAt === null ? null : new Date(sentAt).toISOString() } };
  }
  return { kind: entry.kind, at, merge: entry.merge };
};

export function registerContactRoutes(http: FastifyInstance, app: LeadPulseApp) {
  http.get('/api/v1/contacts', withAccess('read'), async (request, reply) => {
    const query = parseInput(ContactListQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    if (query.value.segment) {
      // The segment's stored members (by id or key), paged like the list; the other filters do not apply.
      const page = await app.segments.contacts(query.value.segment, { limit: query.value.limit, ...(query.value.cursor ? { cursor: query.value.cursor } : {}) });
      if (!page.ok) return sendError(reply, page.error);
      return { contacts: page.value.contacts.map((v) => toContactDocument(v, app.now(), query.value.lang)), nextCursor: page.value.nextCursor };
    }
    const { stage, q, source, trait, seenAfter, seenBefore, limit, cursor, sort } = query.value;
    const split = trait?.indexOf(':') ?? -1;
    const { page, views } = await app.listContacts({
      stage,
      q,
      source,
      trait: trait && split > 0 ? { key: trait.slice(0, split), value: trait.slice(split + 1) } : undefined,
      seenAfter: seenAfter ? Date.parse(seenAfter) : undefined,
      seenBefore: seenBefore ? Date.parse(seenBefore) : undefined,
      limit,
      cursor,
      sort,
    });
    const now = app.now();
    return { contacts: views.map((v) => toContactDocument(v, now, query.value.lang)), nextCursor: page.nextCursor };
  });

  http.get('/api/v1/contacts/lookup', withAccess('read'), async (request, reply) => {
    const query = parseInput(LookupQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const found = await app.lookupContact(query.value);
    return found.ok ? toContactDocument(found.value, app.now(), query.value.lang) : sendError(reply, found.error);
  });

  http.get<IdParams & { Querystring: { lang?: string } }>('/api/v1/contacts/:id', withAccess('read'), async (request, reply) => {
    const found = await app.getContact(contactId(request.params.id));
    if (!found.ok) return sendError(reply, found.error);
    // Only the single contact carries its follow-ups: a list of 500 contacts would cost 1,000 more reads.
    const followUps = await app.contactFollowUps(found.value.record.id, { limit: FOLLOW_UPS_SHOWN });
    const prediction = await app.predictContact(found.value.record.id);
    return {
      ...toContactDocument(found.value, app.now(), request.query.lang === 'fr' ? 'fr' : 'en'),
      enrolments: followUps.enrolments.map(toEnrolmentDocument),
      sends: followUps.sends.map(toSendDocument),
      ...(prediction ? { prediction } : {}),
    };
  });

  http.get<IdParams>('/api/v1/contacts/:id/timeline', withAccess('read'), async (request, reply) => {
    const query = parseInput(TimelineQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const timeline = await app.contactTimeline(contactId(request.params.id), query.value);
    return timeline.ok ? { entries: timeline.value.map(timelineDocument) } : sendError(reply, timeline.error);
  });

  http.get<IdParams>('/api/v1/contacts/:id/history', withAccess('read'), async (request, reply) => {
    const history = await app.contactHistory(contactId(request.params.id));
    return history.ok ? { changes: history.value.map(toStageChangeDocument) } : sendError(reply, history.error);
  });

  http.get<IdParams>('/api/v1/contacts/:id/explain', withAccess('read'), async (request, reply) => {
    const explained = await app.explainContact(contactId(request.params.id));
    if (!explained.ok) return sendError(reply, explained.error);
    const { nextChangeAt, ...rest } = explained.value;
    return { ...rest, nextChangeAt: nextChangeAt === null ? null : new Date(nextChangeAt).toISOString() };
  });

  http.delete<IdParams>('/api/v1/contacts/:id', withAccess('operate'), async (request, reply) => {
    const query = parseInput(PrivacyQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const erased = await app.eraseContact(contactId(request.params.id), query.value);
    if (!erased.ok) return sendError(reply, erased.error);
    // Contact ids only: the log must not keep what was just erased.
    request.log.info({ contactId: request.params.id, ...erased.value }, 'contact.erased');
    return { erased: true };
  });

  http.get<IdParams>('/api/v1/contacts/:id/export', withAccess('operate'), async (request, reply) => {
    const query = parseInput(PrivacyQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const exported = await app.exportContact(contactId(request.params.id), query.value);
    return exported.ok ? toContactExportDocument(request.params.id, exported.value) : sendError(reply, exported.error);
  });

  http.post<IdParams>('/api/v1/contacts/:id/anonymise', withAccess('operate'), async (request, reply) => {
    const query = parseInput(PrivacyQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const anonymised = await app.anonymiseContact(contactId(request.params.id), query.value);
    if (!anonymised.ok) return sendError(reply, anonymised.error);
    request.log.info({ contactId: request.params.id, ...anonymised.value }, 'contact.anonymised');
    return { anonymised: true, contacts: anonymised.value.contacts };
  });
}
