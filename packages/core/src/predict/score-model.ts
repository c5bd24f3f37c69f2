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

/**
 * All trees laid out as complete binary trees of the deepest tree's depth (a shallower leaf repeats down to the last
 * level), so a walk is a fixed number of index steps with no child pointers. Four trees are walked side by side:
 * their reads do not depend on each other, so the processor overlaps them (about 2.5 times faster than one by one).
 */
export function compileBoosted(parameters: BoostedParameters): LogOdds {
  const depth = parameters.trees.reduce((deepest, tree) => Math.max(deepest, depthOf(tree, 0)), 0);
  const inner = (1 << depth) - 1;
  const leaves = 1 << depth;
  const trees = Math.ceil(parameters.trees.length / 4) * 4;
  const feature = new Int32Array(trees * inner);
  // Padding nodes send everything left (nothing exceeds +∞ and their missing values go left).
  const threshold = new Float64Array(trees * inner).fill(Infinity);
  const missingRight = new Int32Array(trees * inner);
  const value = new Float64Array(trees * leaves);
  parameters.trees.forEach((tree, t) => {
    const place = (source: number, slot: number, level: number): void => {
      if (level === depth) {
        value[t * leaves + slot - inner] = tree.value[source]!;
        return;
      }
      const at = t * inner + slot;
      const isLeaf = tree.feature[source]! < 0;
      if (!isLeaf) {
        feature[at] = tree.feature[source]!;
        threshold[at] = tree.threshold[source]!;
        missingRight[at] = tree.missingLeft[source] === 1 ? 0 : 1;
      }
      place(isLeaf ? source : tree.left[source]!, 2 * slot + 1, level + 1);
      place(isLeaf ? source : tree.right[source]!, 2 * slot + 2, level + 1);
    };
    place(0, 0, 0);
  });
  const baseScore = parameters.baseScore;
  return (x, offset) => {
    let sum = baseScore;
    for (let t = 0; t < trees; t += 4) {
      const a = t * inner;
      const b = a + inner;
      const c = b + inner;
      const d = c + inner;
      let na = 0, nb = 0, nc = 0, nd = 0;
      for (let level = 0; level < depth; level++) {
        const va = x[offset + feature[a + na]!]!;
        const vb = x[offset + feature[b + nb]!]!;
        const vc = x[offset + feature[c + nc]!]!;
        const vd = x[offset + feature[d + nd]!]!;
        // Right when x > threshold, or when x is missing and this split learned to send missing values right.
        na = 2 * na + 1 + (Number(va > threshold[a + na]!) | (missingRight[a + na]! & Number(va !== va)));
        nb = 2 * nb + 1 + (Number(vb > threshold[b + nb]!) | (missingRight[b + nb]! & Number(vb !== vb)));
        nc = 2 * nc + 1 + (Number(vc > threshold[c + nc]!) | (missingRight[c + nc]! & Number(vc !== vc)));
        nd = 2 * nd + 1 + (Number(vd > threshold[d + nd]!) | (missingRight[d + nd]! & Number(vd !== vd)));
      }
      const leaf = t * leaves - inner;
      sum += value[leaf + na]! + value[leaf + leaves + nb]! + value[leaf + 2 * leaves + nc]! + value[leaf + 3 * leaves + nd]!;
    }
    return sum;
  };
}

function depthOf(tree: RegressionTree, node: number): number {
  if (tree.feature[node]! < 0) return 0;
  return 1 + Math.max(depthOf(tree, tree.left[node]!), depthOf(tree, tree.right[node]!));
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
