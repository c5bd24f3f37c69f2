import { describe, expect, it } from 'vitest';
import { evenlySpaced, fitLogisticRegression } from './logistic-regression.js';

// 40 rows × 3 features (the second sometimes missing), drawn once with numpy (default_rng(5)). The reference fit is
// scikit-learn 1.2.1's LogisticRegression(C, tol=1e-12, max_iter=100000) on the design fitLogisticRegression builds:
// each feature standardised over its present values (population std), missing → 0, plus the standardised
// "second feature missing" indicator as a fourth column.
const rows: (number | null)[][] = [[5.0, 35.7, 1.0], [6.0, 61.1, 1.0], [0.0, 48.7, 1.0], [6.0, 38.2, 0.0], [3.0, 58.2, 1.0], [4.0, 66.6, 0.0], [5.0, 17.1, 0.0], [2.0, 44.9, 1.0], [7.0, null, 1.0], [0.0, 46.5, 0.0], [2.0, 24.2, 0.0], [3.0, 50.4, 1.0], [4.0, 49.2, 1.0], [3.0, 43.9, 1.0], [1.0, 29.0, 1.0], [0.0, null, 0.0], [0.0, 28.2, 0.0], [0.0, null, 1.0], [1.0, 54.5, 0.0], [7.0, null, 0.0], [1.0, 73.4, 0.0], [5.0, 64.3, 0.0], [6.0, null, 0.0], [1.0, 55.4, 1.0], [2.0, 28.0, 1.0], [3.0, 50.7, 0.0], [2.0, 50.9, 0.0], [7.0, null, 1.0], [1.0, 45.3, 0.0], [7.0, 44.9, 1.0], [6.0, 69.2, 0.0], [6.0, null, 1.0], [0.0, null, 1.0], [3.0, null, 1.0], [5.0, 43.4, 1.0], [3.0, 33.2, 1.0], [5.0, 79.0, 0.0], [5.0, 61.4, 1.0], [5.0, 98.6, 0.0], [0.0, 62.8, 0.0]];
const labels = [0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0];
const data = {
  x: Float64Array.from(rows.flat(), (v) => (v === null ? NaN : v)),
  columns: 3,
  y: Uint8Array.from(labels),
  rows: Uint32Array.from(labels, (_, i) => i),
};

describe('fitLogisticRegression', () => {
  it.each([
    { l2: 1, intercept: -0.9638454544889095, weight: [0.42805821214644235, -0.466932142500251, 0.11716236568347566], missing: -0.6060405332901034 },
    { l2: 10, intercept: -0.8672712031527764, weight: [0.1548725522574638, -0.1956720489673635, 0.07006482645314518], missing: -0.2435877171340754 },
  ])('matches scikit-learn with C = 1/$l2', ({ l2, intercept, weight, missing }) => {
    const fit = fitLogisticRegression(data, [false, false, false], { l2, tolerance: 1e-9 });
    expect(fit.intercept).toBeCloseTo(intercept, 5);
    fit.weight.forEach((w, j) => expect(w).toBeCloseTo(weight[j]!, 5));
    expect(fit.missingWeight).toEqual([0, expect.any(Number), 0]);
    expect(fit.missingWeight[1]).toBeCloseTo(missing, 5);
    expect(fit.missingMean[1]).toBeCloseTo(9 / 40, 12);
  });

  it('gives an excluded feature no weight', () => {
    const fit = fitLogisticRegression(data, [false, true, false], { l2: 1 });
    expect(fit.weight[1]).toBe(0);
    expect(fit.missingWeight[1]).toBe(0);
  });
});

describe('evenlySpaced', () => {
  it('keeps the rows when under the cap, else spreads the sample over them', () => {
    const all = Uint32Array.from({ length: 10 }, (_, i) => i);
    expect(evenlySpaced(all, 20)).toBe(all);
    expect([...evenlySpaced(all, 5)]).toEqual([0, 2, 4, 6, 8]);
  });
});
