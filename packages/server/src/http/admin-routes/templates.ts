import type { FastifyInstance } from 'fastify';
import { contactId } from '@leadpulse/core';
import { TemplatePreviewQuerySchema } from '@leadpulse/contract';
import type { TemplateAdmin } from '../../app/scenario-app.js';
import { toTemplateDocument } from '../follow-up-documents.js';
import { readJsonBody } from '../parse-body.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

type IdParams = { Params: { id: string } };

/** Message templates (Liquid over MJML, EN and FR). The use cases validate bodies: `invalid_template` names field, line and column. */
export function registerTemplateRoutes(http: FastifyInstance, app: { readonly templates: TemplateAdmin }) {
  const templates = () => app.templates;

  http.get('/api/v1/templates', withAccess('read'), async () => ({ templates: (await templates().list()).map(toTemplateDocument) }));

  http.post('/api/v1/templates', withAccess('operate'), async (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const created = await templates().create(body.value);
    return created.ok ? reply.code(201).send(toTemplateDocument(created.value)) : sendError(reply, created.error);
  });

  // An unsaved draft rendered as it would be sent: the editor's live preview (the router prefers the static segment).
  http.post('/api/v1/templates/preview', withAccess('operate'), async (request, reply) => {
    const query = parseInput(TemplatePreviewQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const rendered = await templates().previewDraft(body.value, query.value.contactId ? contactId(query.value.contactId) : undefined);
    return rendered.ok ? rendered.value : sendError(reply, rendered.error);
  });

  http.get<IdParams>('/api/v1/templates/:id', withAccess('read'), async (request, reply) => {
    const found = await templates().get(request.params.id);
    return found.ok ? toTemplateDocument(found.value) : sendError(reply, found.error);
  });

  http.put<IdParams>('/api/v1/templates/:id', withAccess('operate'), async (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const updated = await templates().update(request.params.id, body.value);
    return updated.ok ? toTemplateDocument(updated.value) : sendError(reply, updated.error);
  });

  http.delete<IdParams>('/api/v1/templates/:id', withAccess('operate'), async (request, reply) => {
    const removed = await templates().remove(request.params.id);
    return removed.ok ? removed.value : sendError(reply, removed.error);
  });

  http.get<IdParams>('/api/v1/templates/:id/preview', withAccess('read'), async (request, reply) => {
    const query = parseInput(TemplatePreviewQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const rendered = await templates().preview(request.params.id, query.value.contactId ? contactId(query.value.contactId) : undefined);
    return rendered.ok ? rendered.value : sendError(reply, rendered.error);
  });
}
