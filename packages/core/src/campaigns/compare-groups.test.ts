import { describe, expect, it } from 'vitest';
import { compareMeans, compareProportions } from './compare-groups.js';

describe('compareProportions', () => {
  // Reference: R. G. Newcombe, "Interval estimation for the difference between independent proportions: comparison
  // of eleven methods", Statistics in Medicine 17 (1998) 873–890, Table II, method 10 (score, no continuity correction).
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
  ])('gives Newcombe’s interval for %i/%i − %i/%i', (a, n, b, m, low, high) => {
    const result = compareProportions({ successes: a, n }, { successes: b, n: m });
    expect(result.difference).toBeCloseTo(a / n - b / m, 10);
    expect(result.interval![0]).toBeCloseTo(low, 3);
    expect(result.interval![1]).toBeCloseTo(high, 3);
  });

  it('gives the pooled two-proportion z-test p-value (scipy.stats.norm: z = 2.6502, p = 0.008045)', () => {
    const result = compareProportions({ successes: 56, n: 70 }, { successes: 48, n: 80 });
    expect(result.pValue).toBeCloseTo(0.008045, 5);
    expect(result.significant).toBe(true);
  });

  it('compares nothing when a group is empty', () => {
    expect(compareProportions({ successes: 0, n: 0 }, { successes: 3, n: 10 }).interval).toBeNull();
  });
});

describe('compareMeans (Welch)', () => {
  // Reference: scipy.stats.ttest_ind(x, y, equal_var=False) on x = [19.1, 20.4, 22.3, 18.7, 25.0, 21.9, 23.4, 20.0,
  // 24.8, 22.2], y = [17.2, 18.9, 16.4, 20.1, 19.5, 15.8, 18.0, 17.7]: t = 4.36295, df = 15.6286, p = 0.00050852,
  // 95 % interval of the difference [1.96545, 5.69455].
  it('matches scipy on a worked example from the kept sums', () => {
    const result = compareMeans({ n: 10, sum: 217.8, sumSquares: 4788.0 }, { n: 8, sum: 143.6, sumSquares: 2593.2 });
    expect(result.difference).toBeCloseTo(3.83, 10);
    expect(result.pValue).toBeCloseTo(0.00050852, 6);
    expect(result.interval![0]).toBeCloseTo(1.96545, 4);
    expect(result.interval![1]).toBeCloseTo(5.69455, 4);
  });

  it('says nothing about a group of one', () => {
    const result = compareMeans({ n: 1, sum: 5, sumSquares: 25 }, { n: 8, sum: 143.6, sumSquares: 2593.2 });
    expect(result.interval).toBeNull();
    expect(result.significant).toBe(false);
  });
});
