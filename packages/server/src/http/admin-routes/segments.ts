import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { SegmentContactsQuerySchema, SegmentSizesQuerySchema, type SegmentDocument } from '@leadpulse/contract';
import type { SegmentAdmin, SegmentView } from '../../app/segments/segment-admin.js';
import { segmentCsv } from '../../app/segments/segment-csv.js';
import { toContactDocument } from '../contact-document.js';
import { readJsonBody } from '../parse-body.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

type IdParams = { Params: { id: string } };

export function toSegmentDocument(view: SegmentView): SegmentDocument {
  const { definition } = view;
  return {
    id: view.id,
    key: view.key,
    name: view.name,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    where: definition.where as unknown as SegmentDocument['where'],
    ...(definition.purchasingPower !== undefined ? { purchasingPower: definition.purchasingPower as SegmentDocument['purchasingPower'] } : {}),
    version: view.version,
    status: view.status,
    size: view.size,
    createdAt: new Date(view.createdAt).toISOString(),
    updatedAt: new Date(view.updatedAt).toISOString(),
  };
}

/** A file name safe in Content-Disposition: the key is a slug already, this keeps it so. */
const fileNameOf = (key: string) => `segment-${key.replace(/[^\w.-]/g, '_')}.csv`;

/**
 * Segments (DESIGN 3.5): reading needs `read`; saving, deleting, previewing and exporting (addresses leave the
 * product) need `operate`. `{id}` is a segment id or its key.
 */
export function registerSegmentRoutes(http: FastifyInstance, app: { readonly segments: SegmentAdmin; now(): number }) {
  const segments = () => app.segments;

  http.get('/api/v1/segments', withAccess('read'), async () => ({ segments: (await segments().list()).map(toSegmentDocument) }));

  http.post('/api/v1/segments', withAccess('operate'), async (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const created = await segments().create(body.value);
    return created.ok ? reply.code(201).send(toSegmentDocument(created.value)) : sendError(reply, created.error);
  });

  // Registered before `:id`; the router prefers the static segment anyway.
  http.post('/api/v1/segments/preview', withAccess('operate'), async (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const previewed = await segments().preview(body.value);
    if (!previewed.ok) return sendError(reply, previewed.error);
    const { sample, ...rest } = previewed.value;
    const now = app.now();
    return { ...rest, sample: sample.map((view) => toContactDocument(view, now)) };
  });

  http.get<IdParams>('/api/v1/segments/:id', withAccess('read'), async (request, reply) => {
    const found = await segments().get(request.params.id);
    return found.ok ? toSegmentDocument(found.value) : sendError(reply, found.error);
  });

  http.put<IdParams>('/api/v1/segments/:id', withAccess('operate'), async (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const updated = await segments().update(request.params.id, body.value);
    return updated.ok ? toSegmentDocument(updated.value) : sendError(reply, updated.error);
  });

  http.delete<IdParams>('/api/v1/segments/:id', withAccess('operate'), async (request, reply) => {
    const removed = await segments().remove(request.params.id);
    return removed.ok ? removed.value : sendError(reply, removed.error);
  });

  http.get<IdParams>('/api/v1/segments/:id/contacts', withAccess('read'), async (request, reply) => {
    const query = parseInput(SegmentContactsQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const page = await segments().contacts(request.params.id, { limit: query.value.limit, ...(query.value.cursor ? { cursor: query.value.cursor } : {}) });
    if (!page.ok) return sendError(reply, page.error);
    const now = app.now();
    return { contacts: page.value.contacts.map((view) => toContactDocument(view, now, query.value.lang)), nextCursor: page.value.nextCursor };
  });

  http.get<IdParams>('/api/v1/segments/:id/breakdown', withAccess('read'), async (request, reply) => {
    const breakdown = await segments().breakdown(request.params.id);
    return breakdown.ok ? { byStage: breakdown.value } : sendError(reply, breakdown.error);
  });

  http.get<IdParams>('/api/v1/segments/:id/sizes', withAccess('read'), async (request, reply) => {
    const query = parseInput(SegmentSizesQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const sizes = await segments().sizes(request.params.id, query.value.days);
    return sizes.ok ? { points: sizes.value } : sendError(reply, sizes.error);
  });

  http.get<IdParams>('/api/v1/segments/:id/export', withAccess('operate'), async (request, reply) => {
    const found = await segments().get(request.params.id);
    if (!found.ok) return sendError(reply, found.error);
    const rows = await segments().exportRows(found.value.id);
    if (!rows.ok) return sendError(reply, rows.error);
    request.log.info({ segmentId: found.value.id }, 'segment.exported');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileNameOf(found.value.key)}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(segmentCsv(rows.value)));
  });
}
