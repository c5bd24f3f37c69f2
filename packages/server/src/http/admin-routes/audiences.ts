import type { FastifyInstance } from 'fastify';
import { AudienceExportQuerySchema, AudienceInputSchema, AudienceSyncBodySchema, AudienceSyncsQuerySchema, type AudienceDocument, type SyncResult } from '@leadpulse/contract';
import type { DomainError } from '@leadpulse/core';
import type { AudienceView } from '../../app/audiences/audience-admin.js';
import type { SyncRecord } from '../../app/audiences/audience-ports.js';
import type { Audiences } from '../../app/audiences/create-audiences.js';
import { parseBody } from '../parse-body.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

type IdParams = { Params: { id: string } };

const iso = (t: number) => new Date(t).toISOString();

export const toSyncResult = (s: SyncRecord): SyncResult => ({ platform: s.platform, at: iso(s.at), added: s.added, removed: s.removed, skipped: s.skipped, status: s.status, ...(s.message ? { message: s.message } : {}) });

export const toAudienceDocument = ({ record, guard, lastSyncs }: AudienceView): AudienceDocument => ({
  id: record.id,
  name: record.name,
  segmentId: record.segmentId,
  platforms: [...record.platforms],
  settings: record.settings,
  createdAt: iso(record.createdAt),
  updatedAt: iso(record.updatedAt),
  guard: { sensitive: [...guard.sensitive], belowMinimum: guard.belowMinimum, minimum: guard.minimum },
  lastSyncs: lastSyncs.map(toSyncResult),
});

// The contract's shape check answers in the audience's own code, with zod's paths.
const asInvalidAudience = (error: DomainError): DomainError => (error.code === 'invalid_body' ? { ...error, code: 'invalid_audience' } : error);
const isEmpty = (body: unknown) => body === undefined || (Buffer.isBuffer(body) && body.length === 0);

/** Ad audiences: CRUD, the CSV in each platform's template, syncs and their history (docs/audiences.md). */
export function registerAudienceRoutes(http: FastifyInstance, app: { readonly audiences: Audiences }) {
  const audiences = () => app.audiences;

  http.get('/api/v1/audiences', withAccess('read'), async () => ({ audiences: (await audiences().list()).map(toAudienceDocument) }));

  http.post('/api/v1/audiences', withAccess('operate'), async (request, reply) => {
    const input = parseBody(request, AudienceInputSchema);
    if (!input.ok) return sendError(reply, asInvalidAudience(input.error));
    const created = await audiences().create(input.value);
    return created.ok ? reply.code(201).send(toAudienceDocument(created.value)) : sendError(reply, created.error);
  });

  http.get<IdParams>('/api/v1/audiences/:id', withAccess('read'), async (request, reply) => {
    const found = await audiences().get(request.params.id);
    return found.ok ? toAudienceDocument(found.value) : sendError(reply, found.error);
  });

  http.put<IdParams>('/api/v1/audiences/:id', withAccess('operate'), async (request, reply) => {
    const input = parseBody(request, AudienceInputSchema);
    if (!input.ok) return sendError(reply, asInvalidAudience(input.error));
    const updated = await audiences().update(request.params.id, input.value);
    return updated.ok ? toAudienceDocument(updated.value) : sendError(reply, updated.error);
  });

  http.delete<IdParams>('/api/v1/audiences/:id', withAccess('operate'), async (request, reply) => {
    const removed = await audiences().remove(request.params.id);
    return removed.ok ? removed.value : sendError(reply, removed.error);
  });

  http.get<IdParams>('/api/v1/audiences/:id/export', withAccess('operate'), async (request, reply) => {
    const query = parseInput(AudienceExportQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const exported = await audiences().export(request.params.id, query.value.platform);
    if (!exported.ok) return sendError(reply, exported.error);
    const skipped = Object.entries(exported.value.skipped).map(([reason, n]) => `${reason}=${n}`).join(',');
    // The file is the platform's template alone; how many were left out, and why, rides in headers.
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audience-${request.params.id}-${query.value.platform}.csv"`)
      .header('x-leadpulse-exported', String(exported.value.exported))
      .header('x-leadpulse-skipped', skipped)
      .send(exported.value.csv);
  });

  http.post<IdParams>('/api/v1/audiences/:id/sync', withAccess('operate'), async (request, reply) => {
    // The body is optional: without one, every platform of the audience is synced.
    const body = isEmpty(request.body) ? parseInput(AudienceSyncBodySchema, {}) : parseBody(request, AudienceSyncBodySchema);
    if (!body.ok) return sendError(reply, body.error);
    const synced = await audiences().sync(request.params.id, body.value.platforms ? { platforms: body.value.platforms } : {});
    if (!synced.ok) return sendError(reply, synced.error);
    const results = synced.value.results.map(toSyncResult);
    return synced.value.refusal ? sendError(reply, { code: 'audience_refused', message: synced.value.refusal }, { results }) : { results };
  });

  http.get<IdParams>('/api/v1/audiences/:id/syncs', withAccess('read'), async (request, reply) => {
    const query = parseInput(AudienceSyncsQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const syncs = await audiences().syncs(request.params.id, query.value.limit);
    return syncs.ok ? { syncs: syncs.value.map(toSyncResult) } : sendError(reply, syncs.error);
  });
}
