import type { Kysely } from 'kysely';
import type { ModelRepository, ModelRun, ModelRunStatus } from '../app/predict/model-ports.js';
import type { PredictiveModelsTable } from './model-table.js';
import type { Database } from './schema.js';

const runOf = (row: PredictiveModelsTable): ModelRun => ({
  id: row.id,
  status: row.status as ModelRunStatus,
  horizonDays: Number(row.horizon_days),
  requestedAt: Number(row.requested_at),
  finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  progress: JSON.parse(row.progress),
  published: row.model === null ? null : JSON.parse(row.model),
  outcome: row.outcome === null ? null : JSON.parse(row.outcome),
});

/** Training runs of the predictive score and the one published model (migration 0019). */
export function createModelRepository(db: Kysely<Database>): ModelRepository {
  return {
    async start(run) {
      await db
        .insertInto('predictive_models')
        .values({ id: run.id, status: 'training', horizon_days: run.horizonDays, requested_at: run.requestedAt, finished_at: null, progress: JSON.stringify({ phase: 'queued', done: 0, total: 0 }), model: null, outcome: null })
        .execute();
    },
    async progress(id, progress) {
      await db.updateTable('predictive_models').set({ progress: JSON.stringify(progress) }).where('id', '=', id).where('status', '=', 'training').execute();
    },
    async finish(id, result) {
      await db.transaction().execute(async (tx) => {
        if (result.status === 'published') {
          await tx.updateTable('predictive_models').set({ status: 'retired' }).where('status', '=', 'published').execute();
          await tx.updateTable('predictive_models').set({ status: 'published', finished_at: result.at, model: JSON.stringify(result.published) }).where('id', '=', id).execute();
        } else {
          await tx.updateTable('predictive_models').set({ status: result.status, finished_at: result.at, outcome: JSON.stringify(result.outcome) }).where('id', '=', id).execute();
        }
      });
    },
    async published() {
      const row = await db.selectFrom('predictive_models').selectAll().where('status', '=', 'published').orderBy('requested_at', 'desc').executeTakeFirst();
      return row ? runOf(row) : null;
    },
    async runs(limit) {
      // The model JSON is large: lists carry it only for the published run.
      const rows = await db.selectFrom('predictive_models').selectAll().orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row) => runOf(row.status === 'published' ? row : { ...row, model: null }));
    },
    async failStale(before, at) {
      const result = await db
        .updateTable('predictive_models')
        .set({ status: 'failed', finished_at: at, outcome: JSON.stringify({ code: 'interrupted', message: 'The process training this model stopped before it finished.' }) })
        .where('status', '=', 'training')
        .where('requested_at', '<', before)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
