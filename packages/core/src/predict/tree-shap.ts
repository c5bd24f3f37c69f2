import type { RegressionTree } from './predictive-model.js';

/**
 * The paths of the recursion, flat: the path at depth d starts where its parent's ends, as in the SHAP library's C++
 * implementation, so an explanation allocates nothing per node. Sized for trees up to MAX_DEPTH deep. Shared by
 * every call: JavaScript runs one explanation at a time per thread, and nothing here calls back out.
 */
const MAX_DEPTH = 32;
const SLOTS = ((MAX_DEPTH + 2) * (MAX_DEPTH + 3)) / 2;
const pathFeature = new Int32Array(SLOTS);
/** Share of the paths where the feature is unknown (cover-weighted) that pass here. */
const pathZero = new Float64Array(SLOTS);
/** 1 when this contact's own value follows the path, else 0. */
const pathOne = new Float64Array(SLOTS);
const pathWeight = new Float64Array(SLOTS);

/**
 * Adds one tree's SHAP values for the row at x[offset …] into `into` (per feature, log-odds), by Lundberg et al.'s
 * path-dependent TreeSHAP (Algorithm 2 of "Consistent Individualized Feature Attribution for Tree Ensembles", 2018):
 * the exact Shapley values of the tree's output, with an unknown feature averaged over the training rows' split
 * (the node covers). They add up to the tree's output minus its average output.
 */
export function addTreeShap(tree: RegressionTree, x: ArrayLike<number>, offset: number, into: Float64Array): void {
  recurse(tree, x, offset, into, 0, 0, 0, 1, 1, -1);
}

/** The tree's average output over the training rows: what its SHAP values are measured from. */
export function expectedTreeOutput(tree: RegressionTree, node = 0): number {
  if (tree.feature[node]! < 0) return tree.value[node]!;
  const left = tree.left[node]!;
  const right = tree.right[node]!;
  const cover = tree.cover[node]!;
  if (!(cover > 0)) return tree.value[node]!;
  return (tree.cover[left]! * expectedTreeOutput(tree, left) + tree.cover[right]! * expectedTreeOutput(tree, right)) / cover;
}

function recurse(tree: RegressionTree, x: ArrayLike<number>, offset: number, into: Float64Array, node: number, parentStart: number, depth: number, zero: number, one: number, feature: number): void {
  // This node's path: a copy of the parent's, extended by the split that led here.
  const start = parentStart + depth + 1;
  if (start + depth + 1 > SLOTS) throw new Error(`TreeSHAP supports trees up to ${MAX_DEPTH} levels deep.`);
  pathFeature.copyWithin(start, parentStart, parentStart + depth + 1);
  pathZero.copyWithin(start, parentStart, parentStart + depth + 1);
  pathOne.copyWithin(start, parentStart, parentStart + depth + 1);
  pathWeight.copyWithin(start, parentStart, parentStart + depth + 1);
  extend(start, depth, zero, one, feature);
  const splitFeature = tree.feature[node]!;
  if (splitFeature < 0) {
    for (let i = 1; i <= depth; i++) {
      const at = start + i;
      into[pathFeature[at]!]! += unwoundSum(start, depth, i) * (pathOne[at]! - pathZero[at]!) * tree.value[node]!;
    }
    return;
  }
  const v = x[offset + splitFeature]!;
  const goesLeft = v === v ? v <= tree.threshold[node]! : tree.missingLeft[node] === 1;
  const hot = goesLeft ? tree.left[node]! : tree.right[node]!;
  const cold = goesLeft ? tree.right[node]! : tree.left[node]!;
  let incomingZero = 1;
  let incomingOne = 1;
  let length = depth;
  // A feature split on twice along the path counts once: undo its earlier entry and carry its fractions on.
  for (let i = 0; i <= depth; i++) {
    if (pathFeature[start + i] !== splitFeature) continue;
    incomingZero = pathZero[start + i]!;
    incomingOne = pathOne[start + i]!;
    unwind(start, depth, i);
    length = depth - 1;
    break;
  }
  const cover = tree.cover[node]!;
  recurse(tree, x, offset, into, hot, start, length + 1, (incomingZero * tree.cover[hot]!) / cover, incomingOne, splitFeature);
  recurse(tree, x, offset, into, cold, start, length + 1, (incomingZero * tree.cover[cold]!) / cover, 0, splitFeature);
}

function extend(start: number, depth: number, zero: number, one: number, feature: number): void {
  const end = start + depth;
  pathFeature[end] = feature;
  pathZero[end] = zero;
  pathOne[end] = one;
  pathWeight[end] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    pathWeight[start + i + 1]! += (one * pathWeight[start + i]! * (i + 1)) / (depth + 1);
    pathWeight[start + i] = (zero * pathWeight[start + i]! * (depth - i)) / (depth + 1);
  }
}

function unwind(start: number, depth: number, index: number): void {
  const one = pathOne[start + index]!;
  const zero = pathZero[start + index]!;
  let next = pathWeight[start + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const previous = pathWeight[start + i]!;
      pathWeight[start + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = previous - (pathWeight[start + i]! * zero * (depth - i)) / (depth + 1);
    } else {
      pathWeight[start + i] = (pathWeight[start + i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    pathFeature[start + i] = pathFeature[start + i + 1]!;
    pathZero[start + i] = pathZero[start + i + 1]!;
    pathOne[start + i] = pathOne[start + i + 1]!;
  }
}

/** The total weight the path would have with element `index` unwound, without unwinding it. */
function unwoundSum(start: number, depth: number, index: number): number {
  const one = pathOne[start + index]!;
  const zero = pathZero[start + index]!;
  let next = pathWeight[start + depth]!;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const share = next / ((i + 1) * one);
      total += share;
      next = pathWeight[start + i]! - share * zero * (depth - i);
    } else {
      total += pathWeight[start + i]! / (zero * (depth - i));
    }
  }
  return total * (depth + 1);
}
