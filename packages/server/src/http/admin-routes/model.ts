import type { FastifyInstance } from 'fastify';
import { DoctrineAdviceQuerySchema, TrainModelBodySchema } from '@leadpulse/contract';
import type { ModelRun } from '../../app/predict/model-ports.js';
import type { LeadPulseApp } from '../../app/leadpulse-app.js';
import { parseBody } from '../parse-body.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

/** A run as the API shows it: the card and columns of its model, not the model's parameters. */
export function toModelRunDocument(run: ModelRun) {
  const model = run.published?.model ?? null;
  return {
    id: run.id,
    status: run.status,
    horizonDays: run.horizonDays,
    requestedAt: run.requestedAt,
    finishedAt: run.finishedAt,
    progress: run.progress,
    kind: model?.kind ?? null,
    card: model?.card ?? null,
    features: model ? model.features.map((f) => ({ key: f.key, labels: f.labels })) : null,
    outcome: run.outcome,
  };
}

/** The predictive score's model card and its trainings (docs/predictive-score.md). */
export function registerModelRoutes(http: FastifyInstance, app: Pick<LeadPulseApp, 'models' | 'adviseDoctrine'>) {
  http.get('/api/v1/reports/doctrine-advice', withAccess('read'), async (request, reply) => {
    const query = parseInput(DoctrineAdviceQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    return app.adviseDoctrine({ horizonDays: query.value.horizonDays });
  });

  http.get('/api/v1/model', withAccess('read'), async () => {
    await app.models.refresh();
    const { published, runs } = await app.models.status();
    return { published: published ? toModelRunDocument(published) : null, runs: runs.map(toModelRunDocument) };
  });

  http.post('/api/v1/model/train', withAccess('operate'), async (request, reply) => {
    // The body is optional: no body trains for 30 days.
    const empty = !request.body || (request.body as Buffer).length === 0;
    const body = empty ? parseInput(TrainModelBodySchema, {}, 'invalid_body') : parseBody(request, TrainModelBodySchema);
    if (!body.ok) return sendError(reply, body.error);
    const run = await app.models.train({ horizonDays: body.value.horizonDays });
    if (!run.ok) return sendError(reply, run.error);
    return reply.code(202).send(toModelRunDocument(run.value));
  });
}
