import type { FeatureInfo } from './dataset.js';

/**
 * A trained purchase model as plain JSON (issue 17): it is stored, sent to the dashboard and loaded again as is.
 * `v` is bumped when the shape changes so an old stored model is retrained, never misread.
 */
export interface PredictiveModel {
  readonly v: 1;
  readonly kind: 'logistic' | 'boosted';
  readonly horizonDays: number;
  /** The columns the model reads, in the order of the feature vector given to `scoreWith`. */
  readonly features: readonly FeatureInfo[];
  readonly logistic?: LogisticParameters;
  readonly boosted?: BoostedParameters;
  readonly calibration: Calibration;
  readonly card: ModelCard;
}

/**
 * L2-regularised logistic regression on standardised columns: z_j = (x_j − mean_j) / scale_j, a missing value
 * counts as the mean (z_j = 0) and switches on the feature's missing indicator, itself standardised.
 * Arrays are indexed by feature; an excluded feature (constant or always missing) has weight 0.
 */
export interface LogisticParameters {
  readonly intercept: number;
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly weight: readonly number[];
  /** Weight of "this feature is missing"; 0 where the feature was never missing in training. */
  readonly missingWeight: readonly number[];
  readonly missingMean: readonly number[];
  readonly missingScale: readonly number[];
}

/** One regression tree; node 0 is the root. A leaf has feature −1 and its value already includes the shrinkage. */
export interface RegressionTree {
  readonly feature: readonly number[];
  /** Go left when x ≤ threshold. */
  readonly threshold: readonly number[];
  /** 1 when a missing value goes left, else 0: the side learned in training. */
  readonly missingLeft: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  /** Leaf output for leaves; for inner nodes, the output the node would give as a leaf. */
  readonly value: readonly number[];
  /** Training rows that reached the node (sampled rows weighted): TreeSHAP averages over unknown features with it. */
  readonly cover: readonly number[];
}

/** Gradient-boosted trees for binary log-loss: log-odds = baseScore + Σ tree outputs. */
export interface BoostedParameters {
  readonly baseScore: number;
  readonly trees: readonly RegressionTree[];
}

/** Maps the raw log-odds to a probability that means what it says (fitted on out-of-sample predictions). */
export type Calibration =
  | { readonly kind: 'platt'; readonly a: number; readonly b: number }
  /** Non-decreasing steps of an isotonic regression, linearly interpolated between points, flat beyond the ends. */
  | { readonly kind: 'isotonic'; readonly x: readonly number[]; readonly y: readonly number[] };

export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  /** Mean predicted probability in the bin; null when the bin is empty. */
  readonly predicted: number | null;
  /** Observed purchase rate in the bin; null when the bin is empty. */
  readonly observed: number | null;
  readonly count: number;
}

/** What the model was trained on and how well it validated: shown next to the score so users can judge it. */
export interface ModelCard {
  readonly trainedAt: number;
  readonly horizonDays: number;
  readonly rows: number;
  readonly positives: number;
  /** First and last snapshot instants in the data. */
  readonly from: number;
  readonly to: number;
  readonly validation: 'time' | 'cross';
  /** Rows the validation figures are computed on (the later 20 %, or every row out of fold). */
  readonly validationRows: number;
  readonly auc: number;
  readonly precisionAtTop10: number;
  /** Brier score of the calibrated probabilities, calibration cross-fitted so that it is out of sample. */
  readonly brier: number;
  readonly reliability: readonly ReliabilityBin[];
  /** The doctrine's ranking on the same validation rows; null when no baseline was given. */
  readonly baselineAuc: number | null;
  readonly candidates: readonly { readonly kind: 'logistic' | 'boosted'; readonly auc: number }[];
  readonly featureIssues: readonly FeatureIssue[];
}

export interface FeatureIssue {
  readonly key: string;
  readonly issue: 'constant' | 'missing';
}
