import type { FastifyInstance } from 'fastify';
import type { LeadPulseApp } from '../../app/leadpulse-app.js';

/** Reports over maintained state. The tunnel and cost reports arrive with their own issue. */
export function registerReportRoutes(http: FastifyInstance, app: LeadPulseApp) {
  http.get('/api/v1/reports/stages', async () => {
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
}
