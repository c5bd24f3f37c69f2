import { describe, expect, it } from 'vitest';
import { applyCalibration, chooseCalibrationKind, crossFittedProbabilities, fitIsotonic, fitPlatt } from './calibration.js';

// Reference numbers from scikit-learn 1.2.1 on these 12 scores: IsotonicRegression(out_of_bounds='clip').fit(s, y)
// (X_thresholds_, y_thresholds_, predict) and sklearn.calibration._sigmoid_calibration(s, y) for Platt's (a, b).
const score = [-2.0, -1.5, -1.5, -1.0, -0.5, 0.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5];
const y = [0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1];

describe('fitIsotonic', () => {
  it('pools adjacent violators as scikit-learn does', () => {
    const calibration = fitIsotonic(score, y);
    if (calibration.kind !== 'isotonic') throw new Error('expected isotonic');
    expect(calibration.x).toEqual([-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 2.0, 2.5]);
    const expected = [0.0, 1 / 3, 1 / 3, 0.5, 0.5, 2 / 3, 2 / 3, 1.0];
    calibration.y.forEach((value, k) => expect(value).toBeCloseTo(expected[k]!, 12));
    const predicted = [-3, -1.25, 0.25, 1.75, 3].map((s) => applyCalibration(calibration, s));
    [0.0, 1 / 3, 0.5, 2 / 3, 1.0].forEach((value, k) => expect(predicted[k]).toBeCloseTo(value, 12));
  });

  it('is non-decreasing, so a higher score never means a lower probability', () => {
    const calibration = fitIsotonic([5, 4, 3, 2, 1], [1, 0, 1, 0, 1]);
    const values = [0, 1, 2, 3, 4, 5, 6].map((s) => applyCalibration(calibration, s));
    for (let k = 1; k < values.length; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]!);
  });
});

describe('fitPlatt', () => {
  it('finds the same sigmoid as scikit-learn', () => {
    const calibration = fitPlatt(score, y);
    if (calibration.kind !== 'platt') throw new Error('expected platt');
    expect(calibration.a).toBeCloseTo(-0.3307789427350987, 4);
    expect(calibration.b).toBeCloseTo(0.026019780272848732, 4);
  });
});

describe('calibration on many outcomes', () => {
  it('makes "30 %" mean 30 %: scores that overstate the odds threefold are brought back', () => {
    // True probability p, but the raw score says log-odds of 3p: calibrated probabilities must match p per band.
    const raw: number[] = [];
    const labels: number[] = [];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20000; i++) {
      const p = random() * 0.6;
      raw.push(Math.log((3 * p) / (1 - p + 1e-9) + 1e-9));
      labels.push(random() < p ? 1 : 0);
    }
    expect(chooseCalibrationKind(labels)).toBe('isotonic');
    const group = raw.map((_, i) => i % 5);
    const probability = crossFittedProbabilities('isotonic', raw, labels, group, 5);
    for (const [lo, hi] of [[0.05, 0.15], [0.25, 0.35], [0.45, 0.55]] as const) {
      let sum = 0, hits = 0, count = 0;
      probability.forEach((q, i) => {
        if (q >= lo && q < hi) {
          sum += q;
          hits += labels[i]!;
          count++;
        }
      });
      expect(Math.abs(sum / count - hits / count)).toBeLessThan(0.03);
    }
  });

  it('chooses Platt when outcomes are few', () => {
    expect(chooseCalibrationKind(y)).toBe('platt');
  });
});
