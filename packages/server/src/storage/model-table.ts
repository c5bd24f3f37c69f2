import { defineTable, num, numOrNull, text, textOrNull, type RowOf } from './table.js';

/** Training runs and published models of the predictive score (migration 0019). */
export const predictiveModelsTable = defineTable('predictive_models', {
  id: text,
  /** 'training', then 'published', 'refused' or 'failed'; a published model later replaced is 'retired'. */
  status: text,
  horizon_days: num,
  requested_at: num,
  finished_at: numOrNull,
  /** `{ phase, done, total }` while training. */
  progress: text,
  /** The PredictiveModel JSON (with its feature spec and card), once published. */
  model: textOrNull,
  /** Why it was refused or failed (`{ code, message, … }`), or the card of a refused candidate. */
  outcome: textOrNull,
});

export type PredictiveModelsTable = RowOf<typeof predictiveModelsTable>;
