import type { ContactState } from '../fold/contact-state.js';
import type { EpochMs } from '../shared/ids.js';
import type { FeatureSpec } from './feature-spec.js';
import { featuresInto, featureWidth } from './features.js';
import type { PredictiveModel } from './predictive-model.js';
import { applyCalibration } from './calibration.js';
import { compileLogOdds, explainWith, type Factor } from './score-model.js';

/** A published model with the feature spec it was trained on: what is stored, and all scoring needs. */
export interface PublishedModel {
  readonly spec: FeatureSpec;
  readonly model: PredictiveModel;
}

export interface PurchasePredictor {
  readonly horizonDays: number;
  /** The calibrated probability that the contact, as folded at `at` and in `stage`, buys within the horizon. */
  probability(state: ContactState, at: EpochMs, stage: string | null): number;
  /** The features that pushed that probability most, either way, largest first. */
  factors(state: ContactState, at: EpochMs, stage: string | null, top?: number): Factor[];
}

/**
 * Scores contacts online with the columns the model was trained on, computed by the same code as in training. One
 * feature row is reused by every call (an evaluation is synchronous), so scoring allocates nothing.
 * Example: `createPurchasePredictor(published).probability(state, now, 'warm')` → 0.18.
 */
export function createPurchasePredictor(published: PublishedModel): PurchasePredictor {
  const { spec, model } = published;
  const row = new Float64Array(featureWidth(spec));
  const logOdds = compileLogOdds(model);
  return {
    horizonDays: model.horizonDays,
    probability(state, at, stage) {
      featuresInto(spec, state, at, stage, row);
      return applyCalibration(model.calibration, logOdds(row, 0));
    },
    factors(state, at, stage, top = 5) {
      featuresInto(spec, state, at, stage, row);
      return explainWith(model, row, 0, top);
    },
  };
}
