import { REPORT_NAMES, type ReportName } from '@leadpulse/contract';
import { tableToCsv } from '@leadpulse/core';
import type { FastifyInstance } from 'fastify';
import type { LeadPulseApp } from '../../app/leadpulse-app.js';
import { readJsonBody } from '../parse-body.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

/** Reports over maintained state, each as JSON or (`?format=csv`) as the CSV of its table; and the cost lines. */
export function registerReportRoutes(http: FastifyInstance, app: LeadPulseApp) {
  http.get('/api/v1/reports/stages', withAccess('read'), async () => {
    const [counts, active] = await Promise.all([app.stageCounts(), app.getDoctrine()]);
    const { doctrine } = active;
    const stages = [...doctrine.stages, { ...doctrine.fallback, temperature: undefined }].map((stage) => ({
      key: stage.key,
      labels: stage.labels,
      temperature: stage.temperature ?? null,
      count: counts[stage.key] ?? 0,
    }));
    // Contacts still on a stage the active doctrine no longer has (until the replay finishes).
    for (const [key, count] of Object.entries(counts)) {
      if (!stages.some((s) => s.key === key)) stages.push({ key, labels: { en: key, fr: key }, temperature: null, count });
    }
    return { total: Object.values(counts).reduce((a, b) => a + b, 0), stages };
  });

  for (const name of REPORT_NAMES) {
    http.get(`/api/v1/reports/${name}`, withAccess('read'), async (request, reply) => {
      const query = request.query as Record<string, string>;
      const result = await app.reports.run(name as ReportName, query);
      if (!result.ok) return sendError(reply, result.error);
      if (query['format'] === 'csv' || (query['format'] === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''))) {
        const day = (t: number) => new Date(t).toISOString().slice(0, 10);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="leadpulse-${name}-${day(result.value.period.from)}-${day(result.value.period.to - 1)}.csv"`)
          .send(tableToCsv(result.value.table));
      }
      return { report: name, from: new Date(result.value.period.from).toISOString(), to: new Date(result.value.period.to).toISOString(), asOf: new Date(result.value.asOf).toISOString(), ...(result.value.data as object), table: result.value.table };
    });
  }

  http.get('/api/v1/costs', withAccess('operate'), async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const bound = (raw: string | undefined) => (raw === undefined ? undefined : Date.parse(raw));
    const [from, to] = [bound(query['from']), bound(query['to'])];
    if (Number.isNaN(from) || Number.isNaN(to)) return sendError(reply, { code: 'invalid_query', message: 'from and to must be dates such as 2026-10-01.' });
    return { lines: await app.reports.listCostLines({ from, to }) };
  });
  // One line, or {"lines": [...]}; every line is checked before any is stored.
  http.post('/api/v1/costs', withAccess('operate'), async (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const value = body.value as { lines?: unknown } | null;
    const inputs = value !== null && typeof value === 'object' && Array.isArray(value.lines) ? (value.lines as unknown[]) : [value];
    const stored = await app.reports.addCostLines(inputs);
    if (!stored.ok) return sendError(reply, stored.error);
    return reply.code(201).send({ lines: stored.value });
  });
  // The whole line again (as when adding it): a field left out takes its default; `segmentId: null` unassigns it.
  http.put('/api/v1/costs/:id', withAccess('operate'), async (request, reply) => {
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const result = await app.reports.updateCostLine((request.params as { id: string }).id, body.value);
    return result.ok ? { line: result.value } : sendError(reply, result.error);
  });
  http.delete('/api/v1/costs/:id', withAccess('operate'), async (request, reply) => {
    const result = await app.reports.deleteCostLine((request.params as { id: string }).id);
    return result.ok ? result.value : sendError(reply, result.error);
  });
}
