import { describe, expect, it } from 'vitest';
import type { FeatureInfo } from './dataset.js';
import type { PredictiveModel } from './predictive-model.js';
import { compileLogOdds, explainWith, scoreWith } from './score-model.js';

const feature = (key: string): FeatureInfo => ({ key, kind: 'count', labels: { en: key, fr: key } });
const card = { trainedAt: 0, horizonDays: 30, rows: 0, positives: 0, from: 0, to: 0, validation: 'time', validationRows: 0, auc: 0.8, precisionAtTop10: 0.3, brier: 0.1, reliability: [], baselineAuc: null, candidates: [], featureIssues: [] } as const;
// Platt with a = −1, b = 0 is the plain logistic function: probability = σ(log-odds).
const identity = { kind: 'platt', a: -1, b: 0 } as const;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const logistic: PredictiveModel = {
  v: 1, kind: 'logistic', horizonDays: 30, features: [feature('offer'), feature('chats'), feature('age')], calibration: identity, card,
  logistic: { intercept: -2, mean: [1, 3, 40], scale: [2, 1, 10], weight: [0.8, -0.5, 0.1], missingWeight: [0, 0, 0.6], missingMean: [0, 0, 0.2], missingScale: [1, 1, 0.4] },
};

const boosted: PredictiveModel = {
  v: 1, kind: 'boosted', horizonDays: 30, features: [feature('offer'), feature('chats')], calibration: identity, card,
  boosted: {
    baseScore: -1,
    trees: [
      // offer ≤ 2 → left (chats ≤ 0.5 → −0.4 else 0.1), else 0.5; missing offer goes right.
      { feature: [0, 1, -1, -1, -1], threshold: [2, 0.5, 0, 0, 0], missingLeft: [0, 1, 0, 0, 0], left: [1, 3, -1, -1, -1], right: [2, 4, -1, -1, -1], value: [0.05, -0.2, 0.5, -0.4, 0.1], cover: [100, 60, 40, 30, 30] },
      { feature: [1, -1, -1], threshold: [3, 0, 0], missingLeft: [1, 0, 0], left: [1, -1, -1], right: [2, -1, -1], value: [0, -0.1, 0.3], cover: [100, 75, 25] },
    ],
  },
};

describe('scoreWith', () => {
  it('scores a logistic model: standardised weights, a missing value counted as its indicator', () => {
    const present = -2 + 0.8 * (5 - 1) / 2 - 0.5 * (3 - 3) / 1 + 0.1 * (50 - 40) / 10 + (0.6 * (0 - 0.2)) / 0.4;
    expect(scoreWith(logistic, [5, 3, 50])).toBeCloseTo(sigmoid(present), 12);
    const missing = -2 + 0.8 * (5 - 1) / 2 + (0.6 * (1 - 0.2)) / 0.4;
    expect(scoreWith(logistic, [5, 3, NaN])).toBeCloseTo(sigmoid(missing), 12);
  });

  it('reads the vector at an offset, so a whole matrix can be scored without copies', () => {
    expect(scoreWith(logistic, [9, 9, 9, 5, 3, 50], 3)).toBe(scoreWith(logistic, [5, 3, 50]));
  });

  it('walks every tree, missing values taking the learned side', () => {
    expect(compileLogOdds(boosted)([1, 0], 0)).toBeCloseTo(-1 - 0.4 - 0.1, 12);
    expect(compileLogOdds(boosted)([3, 4], 0)).toBeCloseTo(-1 + 0.5 + 0.3, 12);
    expect(compileLogOdds(boosted)([NaN, NaN], 0)).toBeCloseTo(-1 + 0.5 - 0.1, 12);
  });

  it('refuses a stored tree whose split or leaf is not a number: trees are compiled to source', () => {
    const tampered = (change: Record<string, unknown>) => ({ ...boosted, boosted: { baseScore: -1, trees: [{ ...boosted.boosted!.trees[1]!, ...change }] } }) as unknown as PredictiveModel;
    expect(() => compileLogOdds(tampered({ feature: ['0]+process.exit()+x[0', -1, -1] }))).toThrow(/not a column index/);
    expect(() => compileLogOdds(tampered({ threshold: ['3);process.exit(', 0, 0] }))).toThrow(/where a number belongs/);
    expect(() => compileLogOdds(tampered({ feature: [1.5, -1, -1] }))).toThrow(/not a column index/);
  });

  it('scores the same after a JSON round trip, as a stored model is loaded', () => {
    const loaded = JSON.parse(JSON.stringify(boosted)) as PredictiveModel;
    expect(scoreWith(loaded, [1, 2])).toBe(scoreWith(boosted, [1, 2]));
  });
});

describe('explainWith', () => {
  it('gives logistic contributions that add up to the log-odds, largest first', () => {
    const factors = explainWith(logistic, [5, 3, NaN]);
    expect(factors.map((f) => f.key)).toEqual(['offer', 'age']);
    expect(factors[0]).toEqual({ key: 'offer', labels: { en: 'offer', fr: 'offer' }, value: 5, contribution: 1.6 });
    expect(factors[1]!.value).toBeNull();
    const logOdds = Math.log(scoreWith(logistic, [5, 3, NaN]) / (1 - scoreWith(logistic, [5, 3, NaN])));
    expect(-2 + factors.reduce((sum, f) => sum + f.contribution, 0)).toBeCloseTo(logOdds, 9);
  });

  it('gives tree contributions (TreeSHAP) worked out by hand, adding up to the log-odds minus the average', () => {
    const factors = explainWith(boosted, [1, 0]);
    // Tree 2 splits on chats alone: φ = −0.1 − E = −0.1 − (0.75·−0.1 + 0.25·0.3) = −0.1.
    // Tree 1: v({}) = 0.6·(0.5·−0.4 + 0.5·0.1) + 0.4·0.5 = 0.11, v({offer}) = −0.15, v({chats}) = 0.6·−0.4 + 0.4·0.5 = −0.04,
    // v({offer, chats}) = −0.4. φ_offer = ½(−0.15 − 0.11) + ½(−0.4 + 0.04) = −0.31; φ_chats = ½(−0.04 − 0.11) + ½(−0.4 + 0.15) = −0.2.
    expect(factors.map((f) => [f.key, Number(f.contribution.toFixed(12))])).toEqual([['offer', -0.31], ['chats', -0.3]]);
    const average = -1 + 0.11 + 0;
    expect(average + factors.reduce((sum, f) => sum + f.contribution, 0)).toBeCloseTo(compileLogOdds(boosted)([1, 0], 0), 12);
  });

  it('keeps the top factors only', () => {
    expect(explainWith(logistic, [5, 0, NaN], 0, 2)).toHaveLength(2);
  });
});
