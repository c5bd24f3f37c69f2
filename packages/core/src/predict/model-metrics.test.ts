import { describe, expect, it } from 'vitest';
import { areaUnderRoc, brierScore, logLoss, precisionAtTop, reliabilityTable } from './model-metrics.js';

// Reference numbers from scikit-learn 1.2.1: roc_auc_score(y, s) and brier_score_loss(y, 1 / (1 + exp(−s))).
const score = [-2.0, -1.5, -1.5, -1.0, -0.5, 0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5];
const y = [0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1];

describe('areaUnderRoc', () => {
  it('matches scikit-learn, ties counting one half', () => {
    expect(areaUnderRoc(score, y)).toBeCloseTo(0.6666666666666666, 12);
  });

  it('is 1 for a perfect ranking, 0.5 when every score ties, NaN without both outcomes', () => {
    expect(areaUnderRoc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(areaUnderRoc([3, 3, 3, 3], [0, 1, 0, 1])).toBe(0.5);
    expect(areaUnderRoc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe('brierScore and logLoss', () => {
  it('match scikit-learn', () => {
    const probability = score.map((s) => 1 / (1 + Math.exp(-s)));
    expect(brierScore(probability, y)).toBeCloseTo(0.24586030621016894, 12);
    expect(logLoss([0.9, 0.2], [1, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 12);
  });
});

describe('precisionAtTop', () => {
  it('is the buyer share of the top 10 % of rows', () => {
    const s = Array.from({ length: 20 }, (_, i) => i);
    const labels = s.map((i) => (i === 19 || i === 10 ? 1 : 0));
    // Top 10 % of 20 rows = rows 19 and 18: one buyer of two.
    expect(precisionAtTop(s, labels, 0.1)).toBe(0.5);
  });

  it('counts rows tied at the cut pro rata, whatever their order', () => {
    // 10 rows, top 10 % = 1 row, but 4 rows tie on the highest score and 1 of them bought: expected precision 1/4.
    expect(precisionAtTop([1, 5, 5, 5, 5, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0], 0.1)).toBe(0.25);
    expect(precisionAtTop([1, 5, 5, 5, 5, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0, 0, 0, 0], 0.1)).toBe(0.25);
  });
});

describe('reliabilityTable', () => {
  it('compares mean prediction and purchase rate in ten equal-width bins', () => {
    const table = reliabilityTable([0.05, 0.05, 0.32, 0.38, 1], [0, 1, 0, 1, 1]);
    expect(table).toHaveLength(10);
    expect(table[0]).toEqual({ from: 0, to: 0.1, predicted: 0.05, observed: 0.5, count: 2 });
    expect(table[3]!.predicted).toBeCloseTo(0.35, 12);
    expect(table[3]!.observed).toBe(0.5);
    expect(table[9]).toEqual({ from: 0.9, to: 1, predicted: 1, observed: 1, count: 1 });
    expect(table[5]).toEqual({ from: 0.5, to: 0.6, predicted: null, observed: null, count: 0 });
  });
});
