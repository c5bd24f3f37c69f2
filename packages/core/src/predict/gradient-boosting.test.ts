import { describe, expect, it } from 'vitest';
import { binFeatures, binOf, MISSING_BIN } from './feature-binning.js';
import { DEFAULT_BOOSTING, fitGradientBoosting } from './gradient-boosting.js';
import { areaUnderRoc, logLoss } from './model-metrics.js';
import { compileBoosted } from './score-model.js';
import { syntheticDataset } from './synthetic-dataset.js';

const allRows = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('binFeatures', () => {
  it('gives each of few distinct values its own bin, split at midpoints, and NaN the missing bin', () => {
    const x = Float64Array.from([0, 1, 1, 3, NaN, 0]);
    const binned = binFeatures(x, 1, 6, allRows(6));
    expect([...binned.edges[0]!]).toEqual([0.5, 2]);
    expect([...binned.bins]).toEqual([0, 1, 1, 2, MISSING_BIN, 0]);
  });

  it('uses at most 63 value bins from quantiles when values are many', () => {
    const x = Float64Array.from({ length: 10000 }, (_, i) => (i * 7919) % 10000);
    const edges = binFeatures(x, 1, 10000, allRows(10000)).edges[0]!;
    expect(edges.length).toBeLessThanOrEqual(62);
    expect(binOf(edges, -1)).toBe(0);
    expect(binOf(edges, 1e9)).toBe(edges.length);
  });
});

describe('fitGradientBoosting', () => {
  it('grows the split and leaf values computed by hand', () => {
    // One round, learning rate 1, no L2: base log-odds 0 (2 buyers of 4), gradients ±0.5, hessians 0.25.
    // Best split x ≤ 2.5: left G = 1, H = 0.5 → −2; right G = −1, H = 0.5 → +2. The missing row (a buyer) goes right.
    const x = Float64Array.from([1, 2, 3, 4, NaN, NaN]);
    const y = Uint8Array.from([0, 0, 1, 1, 1, 0]);
    const binned = binFeatures(x, 1, 6, allRows(6));
    const { parameters } = fitGradientBoosting(
      { binned, y, trainRows: allRows(4), excluded: [false] },
      { learningRate: 1, maxRounds: 1, maxDepth: 1, minSamplesLeaf: 1, l2: 0 },
    );
    expect(parameters.baseScore).toBe(0);
    const [tree] = parameters.trees;
    expect(tree!.feature).toEqual([0, -1, -1]);
    expect(tree!.threshold[0]).toBe(2.5);
    expect(tree!.value[1]).toBeCloseTo(-2, 12);
    expect(tree!.value[2]).toBeCloseTo(2, 12);
  });

  it('learns which side missing values belong to', () => {
    // Missing values buy like high values: the split must send them right.
    const x = Float64Array.from([1, 2, 3, 4, NaN, NaN, 1, 2, 3, 4, NaN, NaN]);
    const y = Uint8Array.from([0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1]);
    const binned = binFeatures(x, 1, 12, allRows(12));
    const { parameters } = fitGradientBoosting({ binned, y, trainRows: allRows(12), excluded: [false] }, { learningRate: 1, maxRounds: 1, maxDepth: 1, minSamplesLeaf: 1, l2: 0 });
    const score = compileBoosted(parameters);
    expect(score([NaN], 0)).toBeGreaterThan(0);
    expect(score([1], 0)).toBeLessThan(0);
    expect(parameters.trees[0]!.missingLeft[0]).toBe(0);
  });

  it('never splits an excluded feature', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    const binned = binFeatures(x, 1, 4, allRows(4));
    const { parameters } = fitGradientBoosting({ binned, y: Uint8Array.from([0, 0, 1, 1]), trainRows: allRows(4), excluded: [true] }, { ...DEFAULT_BOOSTING, minSamplesLeaf: 1, maxRounds: 3 });
    expect(parameters.trees.every((tree) => tree.feature.length === 1)).toBe(true);
  });

  // Reference: syntheticDataset({ rows: 6000, features: 12, seed: 7 }) written to CSV, the first 4000 rows fitted by
  // scikit-learn 1.2.1's HistGradientBoostingClassifier(learning_rate=0.1, max_iter, max_depth, max_leaf_nodes=None,
  // min_samples_leaf=20, l2_regularization=1.0, max_bins=63, early_stopping=False), scored on the last 2000 rows.
  // If the generator changes, these numbers must be produced again.
  it.each([
    { rounds: 100, depth: 4, testAuc: 0.7823, testLogLoss: 0.1707, trainLogLoss: 0.1105 },
    { rounds: 50, depth: 3, testAuc: 0.7959, testLogLoss: 0.1639, trainLogLoss: 0.1448 },
  ])('fits as well as scikit-learn ($rounds rounds, depth $depth)', ({ rounds, depth, testAuc, testLogLoss, trainLogLoss }) => {
    const data = syntheticDataset({ rows: 6000, features: 12, seed: 7 });
    const train = allRows(4000);
    const test = Uint32Array.from({ length: 2000 }, (_, i) => 4000 + i);
    const binned = binFeatures(data.x, 12, data.rows, train);
    const { parameters } = fitGradientBoosting(
      { binned, y: data.y, trainRows: train, excluded: new Array(12).fill(false) },
      { ...DEFAULT_BOOSTING, learningRate: 0.1, maxRounds: rounds, maxDepth: depth },
    );
    const logOdds = compileBoosted(parameters);
    const probability = (rows: Uint32Array) => Float64Array.from(rows, (i) => 1 / (1 + Math.exp(-logOdds(data.x, i * 12))));
    const labels = (rows: Uint32Array) => Uint8Array.from(rows, (i) => data.y[i]!);
    expect(Math.abs(areaUnderRoc(probability(test), labels(test)) - testAuc)).toBeLessThan(0.01);
    expect(Math.abs(logLoss(probability(test), labels(test)) - testLogLoss)).toBeLessThan(0.003);
    expect(Math.abs(logLoss(probability(train), labels(train)) - trainLogLoss)).toBeLessThan(0.002);
  });

  it('stops early when the held-out loss stops improving and returns held-out log-odds of the best round', () => {
    const data = syntheticDataset({ rows: 3000, features: 10, seed: 2 });
    const binned = binFeatures(data.x, 10, data.rows, allRows(3000));
    const stop = Uint32Array.from({ length: 1000 }, (_, i) => 2000 + i);
    const result = fitGradientBoosting({ binned, y: data.y, trainRows: allRows(2000), validationRows: stop, excluded: new Array(10).fill(false) }, { ...DEFAULT_BOOSTING, learningRate: 0.3, maxRounds: 300, patience: 10 });
    expect(result.rounds).toBeLessThan(100);
    expect(result.parameters.trees).toHaveLength(result.rounds);
    const logOdds = compileBoosted(result.parameters);
    stop.forEach((row, k) => expect(result.validationLogOdds[k]).toBeCloseTo(logOdds(data.x, row * 10), 9));
  });

  it('samples non-buyers per tree on large sets and still learns', () => {
    const data = syntheticDataset({ rows: 6000, features: 12, seed: 7 });
    const train = allRows(4000);
    const test = Uint32Array.from({ length: 2000 }, (_, i) => 4000 + i);
    const binned = binFeatures(data.x, 12, data.rows, train);
    const { parameters } = fitGradientBoosting({ binned, y: data.y, trainRows: train, excluded: new Array(12).fill(false) }, { ...DEFAULT_BOOSTING, maxRounds: 50, maxDepth: 3, maxRowsPerTree: 1500 });
    const logOdds = compileBoosted(parameters);
    const auc = areaUnderRoc(Float64Array.from(test, (i) => logOdds(data.x, i * 12)), Uint8Array.from(test, (i) => data.y[i]!));
    expect(auc).toBeGreaterThan(0.77);
  });
});
