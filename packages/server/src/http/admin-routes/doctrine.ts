import type { FastifyInstance } from 'fastify';
import { DOCTRINE_PRESETS } from '@leadpulse/core';
import type { LeadPulseApp } from '../../app/leadpulse-app.js';
import type { DoctrineVersion } from '../../app/ports.js';
import { readJsonBody } from '../parse-body.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

const versionDocument = (v: DoctrineVersion) => ({ ...v, createdAt: new Date(v.createdAt).toISOString() });

export function registerDoctrineRoutes(http: FastifyInstance, app: LeadPulseApp) {
  http.get('/api/v1/doctrine', withAccess('operate'), async () => versionDocument(await app.getDoctrine()));
  http.get('/api/v1/doctrine/versions', withAccess('operate'), async () => ({ versions: (await app.doctrineVersions()).map(versionDocument) }));
  http.get('/api/v1/doctrine/presets', withAccess('operate'), async () => ({ presets: DOCTRINE_PRESETS }));

  http.get<{ Querystring: { horizon?: string } }>('/api/v1/doctrine/suggest', withAccess('operate'), async (request, reply) => {
    const suggestion = await app.suggestDoctrine({ horizon: request.query.horizon });
    return suggestion.ok ? suggestion.value : sendError(reply, suggestion.error);
  });

  http.post('/api/v1/doctrine/preview', withAccess('operate'), async (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const preview = await app.previewDoctrine(body.value);
    return preview.ok ? preview.value : sendError(reply, preview.error);
  });

  http.put<{ Querystring: { note?: string } }>('/api/v1/doctrine', withAccess('operate'), async (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const saved = await app.putDoctrine(body.value, { note: request.query.note });
    return saved.ok ? { version: versionDocument(saved.value.version), report: saved.value.report } : sendError(reply, saved.error);
  });

  http.post<{ Querystring: { dryRun?: string } }>('/api/v1/reclassify', withAccess('operate'), async (request) => app.reclassify({ dryRun: request.query.dryRun === 'true' || request.query.dryRun === '1' }));
}
