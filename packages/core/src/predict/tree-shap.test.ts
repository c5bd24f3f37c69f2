import { describe, expect, it } from 'vitest';
import { binFeatures } from './feature-binning.js';
import { fitGradientBoosting } from './gradient-boosting.js';
import type { RegressionTree } from './predictive-model.js';
import { syntheticDataset } from './synthetic-dataset.js';
import { addTreeShap, expectedTreeOutput } from './tree-shap.js';

/** The tree's expected output when only the features in `known` are this row's: unknown ones split by cover. */
function conditionalOutput(tree: RegressionTree, x: ArrayLike<number>, known: Set<number>, node = 0): number {
  const f = tree.feature[node]!;
  if (f < 0) return tree.value[node]!;
  const left = tree.left[node]!;
  const right = tree.right[node]!;
  if (known.has(f)) {
    const v = x[f]!;
    return conditionalOutput(tree, x, known, (v === v ? v <= tree.threshold[node]! : tree.missingLeft[node] === 1) ? left : right);
  }
  return (tree.cover[left]! * conditionalOutput(tree, x, known, left) + tree.cover[right]! * conditionalOutput(tree, x, known, right)) / tree.cover[node]!;
}

/** Shapley values by their definition, summing over every subset of the other features: the reference. */
function bruteForceShapley(tree: RegressionTree, x: ArrayLike<number>, features: number): number[] {
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  return Array.from({ length: features }, (_, i) => {
    let phi = 0;
    for (let mask = 0; mask < 1 << features; mask++) {
      if (mask & (1 << i)) continue;
      const subset = new Set(Array.from({ length: features }, (_, j) => j).filter((j) => mask & (1 << j)));
      const weight = (factorial(subset.size) * factorial(features - subset.size - 1)) / factorial(features);
      const without = conditionalOutput(tree, x, subset);
      subset.add(i);
      phi += weight * (conditionalOutput(tree, x, subset) - without);
    }
    return phi;
  });
}

describe('addTreeShap', () => {
  const p = 5;
  const data = syntheticDataset({ rows: 3000, features: p, seed: 9 });
  const all = Uint32Array.from({ length: data.rows }, (_, i) => i);
  // Deep trees, so features repeat along a path and every branch of the algorithm runs.
  const { parameters } = fitGradientBoosting(
    { binned: binFeatures(data.x, p, data.rows, all), y: data.y, trainRows: all, excluded: new Array(p).fill(false) },
    { learningRate: 0.3, maxRounds: 6, maxDepth: 6, minSamplesLeaf: 5, l2: 1 },
  );

  it('equals the Shapley values computed from their definition, missing values included', () => {
    const rows = [0, 1, 2, 3, 17, 42].map((i) => Array.from(data.x.subarray(i * p, i * p + p)));
    rows.push([NaN, 3, NaN, 50, NaN]);
    expect(rows.some((row) => row.some(Number.isNaN))).toBe(true);
    for (const tree of parameters.trees) {
      for (const row of rows) {
        const shap = new Float64Array(p);
        addTreeShap(tree, row, 0, shap);
        bruteForceShapley(tree, row, p).forEach((phi, j) => expect(shap[j]).toBeCloseTo(phi, 10));
      }
    }
  });

  it('adds up to the output minus the average output', () => {
    const tree = parameters.trees[2]!;
    const row = Array.from(data.x.subarray(5 * p, 6 * p));
    const shap = new Float64Array(p);
    addTreeShap(tree, row, 0, shap);
    expect(expectedTreeOutput(tree) + shap.reduce((a, b) => a + b, 0)).toBeCloseTo(conditionalOutput(tree, row, new Set([0, 1, 2, 3, 4])), 10);
  });
});
