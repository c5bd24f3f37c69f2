import { DAY, HORIZONS_DAYS, createPurchasePredictor, err, ok, type DomainError, type PublishedModel, type Result } from '@leadpulse/core';
import type { ActiveDoctrine } from '../active-doctrine.js';
import { newId } from '../new-id.js';
import type { Clock, Logger, Store } from '../ports.js';
import { collectTrainingData } from './collect-training-data.js';
import type { ModelRun, TrainingProgress } from './model-ports.js';
import type { Predictor } from './predictor.js';
import { trainInWorker } from './train-in-worker.js';

export interface ModelTrainingDeps {
  readonly store: Pick<Store, 'contacts' | 'events' | 'models'>;
  readonly doctrine: () => ActiveDoctrine;
  /** Evaluations from now on ask this model (doctrine-admin's usePredictor). */
  readonly usePredictor: (predictor: Predictor | null) => void;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Train again when the newest run is this many days old (0: only on demand). */
  readonly retrainDays?: number;
}

export interface ModelTraining {
  /** Loads the published model at start-up, or when another process published one. */
  refresh(): Promise<void>;
  /** Starts a training in the background; refused while one runs. */
  train(options?: { horizonDays?: number }): Promise<Result<ModelRun, DomainError>>;
  /** Starts a training when the newest run is older than the retraining period, or there is none (the scheduler). */
  trainIfDue(): Promise<boolean>;
  /** The training under way, to wait for it (tests, the CLI). */
  running(): Promise<void> | null;
  /** The published run (with its model and card) and the latest runs. */
  status(): Promise<{ published: ModelRun | null; runs: ModelRun[] }>;
}

// A run left 'training' this long ago belongs to a process that stopped.
const STALE_AFTER_MS = 6 * 3_600_000;
const RESCORE_CHUNK = 500;

/**
 * The predictive score's life cycle: collect snapshots from the event log, train in a worker thread, publish the model
 * unless training refused it (too few outcomes, worse than the doctrine or the previous model), then score every
 * contact with it; evaluations keep scores current from then on.
 */
export function createModelTraining(deps: ModelTrainingDeps): ModelTraining {
  let publishedId: string | null = null;
  let current: Promise<void> | null = null;

  const bind = (id: string, published: PublishedModel): Predictor => ({ modelId: id, ...createPurchasePredictor(published) });

  async function refresh(): Promise<void> {
    const run = await deps.store.models.published();
    if ((run?.id ?? null) === publishedId) return;
    publishedId = run?.id ?? null;
    deps.usePredictor(run?.published ? bind(run.id, run.published) : null);
  }

  async function train(options: { horizonDays?: number } = {}): Promise<Result<ModelRun, DomainError>> {
    const horizonDays = options.horizonDays ?? 30;
    if (!(HORIZONS_DAYS as readonly number[]).includes(horizonDays)) return err({ code: 'invalid_horizon', message: `The horizon must be one of ${HORIZONS_DAYS.join(', ')} days; got ${horizonDays}.` });
    const now = deps.clock.now().getTime();
    await deps.store.models.failStale(now - STALE_AFTER_MS, now);
    if (current || (await deps.store.models.runs(5)).some((r) => r.status === 'training')) {
      return err({ code: 'training_in_progress', message: 'A model is being trained; wait for it to finish (GET /api/v1/model shows its progress).' });
    }
    const id = newId('mdl', now);
    await deps.store.models.start({ id, horizonDays, requestedAt: now });
    current = run(id, horizonDays, now).finally(() => (current = null));
    const started = (await deps.store.models.runs(5)).find((r) => r.id === id)!;
    return ok(started);
  }

  async function run(id: string, horizonDays: number, now: number): Promise<void> {
    let lastWrite = 0;
    const progress = (p: TrainingProgress) => {
      const at = Date.now();
      if (at - lastWrite < 500 && p.done < p.total) return;
      lastWrite = at;
      void deps.store.models.progress(id, p).catch(() => undefined);
    };
    try {
      const doctrine = deps.doctrine();
      const data = await collectTrainingData(deps.store, doctrine, { horizonDays, now, onProgress: progress });
      const previous = await deps.store.models.published();
      const sameColumns = previous?.published && previous.published.model.horizonDays === horizonDays ? previous.published.model : undefined;
      const result = await trainInWorker(data.dataset, { horizonDays, now, baseline: data.baseline, ...(sameColumns ? { previous: sameColumns } : {}) }, progress);
      const at = deps.clock.now().getTime();
      if (!result.ok) {
        await deps.store.models.finish(id, { status: 'refused', outcome: { ...result.error }, at });
        deps.logger.info({ model: id, code: result.error.code }, 'model.refused');
        return;
      }
      const published: PublishedModel = { spec: data.spec, model: result.value.model };
      await deps.store.models.finish(id, { status: 'published', published, at });
      await refresh();
      deps.logger.info({ model: id, auc: published.model.card.auc, rows: published.model.card.rows }, 'model.published');
      await rescoreContacts(bind(id, published), at, progress);
    } catch (error) {
      deps.logger.error({ model: id, err: error }, 'model.failed');
      await deps.store.models.finish(id, { status: 'failed', outcome: { code: 'training_failed', message: (error as Error).message }, at: deps.clock.now().getTime() }).catch(() => undefined);
    }
  }

  /** Every contact gets the new model's probability now; later evaluations keep it current. */
  async function rescoreContacts(predictor: Predictor, now: number, progress: (p: TrainingProgress) => void): Promise<void> {
    let cursor = null;
    let done = 0;
    for (;;) {
      const ids = await deps.store.contacts.idsAfter(cursor, RESCORE_CHUNK);
      if (ids.length === 0) return;
      cursor = ids[ids.length - 1]!;
      const records = await deps.store.contacts.getMany(ids);
      await deps.store.contacts.setPredicted(records.map((r) => ({ id: r.id, predicted: predictor.probability(r.state, now, r.stage) })));
      done += ids.length;
      progress({ phase: 'rescore', done, total: done });
    }
  }

  async function trainIfDue(): Promise<boolean> {
    const days = deps.retrainDays ?? 0;
    if (days <= 0 || current) return false;
    const [newest] = await deps.store.models.runs(1);
    const now = deps.clock.now().getTime();
    if (newest && (newest.status === 'training' || (newest.finishedAt ?? newest.requestedAt) > now - days * DAY)) return false;
    const started = await train({ horizonDays: newest?.horizonDays ?? 30 });
    if (started.ok) deps.logger.info({ model: started.value.id }, 'model.scheduled_training');
    return started.ok;
  }

  async function status() {
    return { published: await deps.store.models.published(), runs: await deps.store.models.runs(10) };
  }

  return { refresh, train, trainIfDue, running: () => current, status };
}
