import { applyCalibration } from './calibration.js';
import { addTreeShap } from './tree-shap.js';
import type { BoostedParameters, LogisticParameters, PredictiveModel, RegressionTree } from './predictive-model.js';

/** Raw log-odds of a purchase for the feature vector at x[offset …]. */
export type LogOdds = (x: ArrayLike<number>, offset: number) => number;

export interface Factor {
  readonly key: string;
  readonly labels: { readonly en: string; readonly fr: string };
  /** The feature's value for this contact; null when missing. */
  readonly value: number | null;
  /** Signed push on the log-odds of a purchase: positive makes a purchase more likely. */
  readonly contribution: number;
}

// Models are plain JSON; their flat, typed form is built once per model object and reused by every score.
const compiled = new WeakMap<PredictiveModel, LogOdds>();

/**
 * The calibrated probability that the contact buys within the model's horizon; NaN features count as missing.
 * Example: `scoreWith(model, featureVector)` → 0.23.
 */
export function scoreWith(model: PredictiveModel, x: ArrayLike<number>, offset = 0): number {
  let logOdds = compiled.get(model);
  if (logOdds === undefined) {
    logOdds = compileLogOdds(model);
    compiled.set(model, logOdds);
  }
  return applyCalibration(model.calibration, logOdds(x, offset));
}

export function compileLogOdds(model: Pick<PredictiveModel, 'kind' | 'logistic' | 'boosted'>): LogOdds {
  if (model.kind === 'logistic' && model.logistic) return compileLogistic(model.logistic);
  if (model.kind === 'boosted' && model.boosted) return compileBoosted(model.boosted);
  throw new Error(`A ${model.kind} model without its parameters cannot score.`);
}

/** Folds the standardisation into one slope and one "missing" term per feature: a multiply-add per feature. */
export function compileLogistic(parameters: LogisticParameters): LogOdds {
  const { intercept, mean, scale, weight, missingWeight, missingMean, missingScale } = parameters;
  const p = weight.length;
  const slope = new Float64Array(p);
  const whenMissing = new Float64Array(p);
  let constant = intercept;
  for (let j = 0; j < p; j++) {
    slope[j] = weight[j]! / scale[j]!;
    const indicatorWeight = missingWeight[j]! / missingScale[j]!;
    // Present: slope·x − slope·mean − indicatorWeight·missingMean; missing: indicatorWeight·(1 − missingMean).
    constant -= slope[j]! * mean[j]! + indicatorWeight * missingMean[j]!;
    whenMissing[j] = slope[j]! * mean[j]! + indicatorWeight;
  }
  return (x, offset) => {
    let sum = constant;
    for (let j = 0; j < p; j++) {
      const v = x[offset + j]!;
      sum += v === v ? slope[j]! * v : whenMissing[j]!;
    }
    return sum;
  };
}

// Trees per generated function: small enough for the optimising compiler to take each one whole.
const TREES_PER_FUNCTION = 32;

/**
 * Each tree becomes one nested conditional expression, its features and thresholds written as literals, and the
 * expressions are compiled once per model with `new Function`. V8 turns them into plain compare-and-branch code with
 * no array reads for the tree itself: about 40 % faster than walking the trees laid out in typed arrays
 * (bench/predict-online.mjs). Only numbers from the model's own arrays enter the source, each checked to be one.
 */
export function compileBoosted(parameters: BoostedParameters): LogOdds {
  const chunks: LogOdds[] = [];
  for (let first = 0; first < parameters.trees.length; first += TREES_PER_FUNCTION) {
    const sources = parameters.trees.slice(first, first + TREES_PER_FUNCTION).map(treeSource);
    chunks.push(new Function('x', 'o', `return ${sources.join(' + ')};`) as LogOdds);
  }
  const baseScore = parameters.baseScore;
  return (x, offset) => {
    let sum = baseScore;
    for (let i = 0; i < chunks.length; i++) sum += chunks[i]!(x, offset);
    return sum;
  };
}

/** `(x[o+3] > 1.5 ? 0.2 : -0.1)`: right when x > threshold, or when x is missing and the split sends missing values right. */
function treeSource(tree: RegressionTree): string {
  const node = (n: number): string => {
    const feature = tree.feature[n]!;
    if (feature < 0) return literal(tree.value[n]!);
    if (!Number.isInteger(feature)) throw new Error(`A tree splits on feature ${String(feature)}, which is not a column index.`);
    const v = `x[o+${feature}]`;
    const threshold = literal(tree.threshold[n]!);
    // NaN fails every comparison: `>` sends it left, `!(<=)` sends it right.
    const right = tree.missingLeft[n] === 1 ? `${v} > ${threshold}` : `!(${v} <= ${threshold})`;
    return `(${right} ? ${node(tree.right[n]!)} : ${node(tree.left[n]!)})`;
  };
  return node(0);
}

function literal(value: number): string {
  if (typeof value !== 'number') throw new Error(`A tree holds ${String(value)} where a number belongs.`);
  return Number.isNaN(value) ? 'NaN' : `(${String(value)})`;
}

/**
 * The features that push this contact's log-odds most, largest |contribution| first. Logistic: w_j·z_j plus the
 * missing indicator's term. Trees: TreeSHAP values, which add up to the log-odds minus the average contact's.
 * Example: `explainWith(model, featureVector, 0, 3)` → `[{ key: 'count:offer:30d', value: 4, contribution: 0.9, … }, …]`.
 */
export function explainWith(model: PredictiveModel, x: ArrayLike<number>, offset = 0, top = 5): Factor[] {
  const contributions = model.kind === 'logistic' && model.logistic ? logisticContributions(model.logistic, x, offset) : treeContributions(model, x, offset);
  const factors: Factor[] = [];
  contributions.forEach((contribution, j) => {
    if (contribution === 0) return;
    const info = model.features[j]!;
    const v = x[offset + j]!;
    factors.push({ key: info.key, labels: info.labels, value: v === v ? v : null, contribution });
  });
  return factors.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, top);
}

function logisticContributions(parameters: LogisticParameters, x: ArrayLike<number>, offset: number): Float64Array {
  const { mean, scale, weight, missingWeight, missingMean, missingScale } = parameters;
  const out = new Float64Array(weight.length);
  for (let j = 0; j < weight.length; j++) {
    const v = x[offset + j]!;
    const missing = v === v ? 0 : 1;
    const z = missing ? 0 : (v - mean[j]!) / scale[j]!;
    out[j] = weight[j]! * z + (missingWeight[j]! * (missing - missingMean[j]!)) / missingScale[j]!;
  }
  return out;
}

function treeContributions(model: PredictiveModel, x: ArrayLike<number>, offset: number): Float64Array {
  const out = new Float64Array(model.features.length);
  for (const tree of model.boosted?.trees ?? []) addTreeShap(tree, x, offset, out);
  return out;
}
