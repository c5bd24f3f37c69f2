import type { PurchasePredictor } from '@leadpulse/core';

/** The published predictive model as evaluations ask it (core's purchase predictor), with the run that trained it. */
export interface Predictor extends PurchasePredictor {
  readonly modelId: string;
}
