import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** How many of a group reached an outcome. */
export interface Proportion {
  readonly successes: number;
  readonly n: number;
}

/** A measure per contact (revenue), summed so the database can keep it: n, Σx and Σx². */
export interface Moments {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

/** `a` against `b`: their values, the difference a − b with its interval, and the two-sided p-value. */
export interface Comparison {
  readonly a: number | null;
  readonly b: number | null;
  readonly difference: number | null;
  readonly interval: readonly [number, number] | null;
  readonly pValue: number | null;
  /** The interval excludes 0 at the level asked (p below alpha). */
  readonly significant: boolean;
}

const NONE: Comparison = { a: null, b: null, difference: null, interval: null, pValue: null, significant: false };

/** Wilson score interval of one proportion at a given z (Wilson 1927). */
export function wilsonBounds(successes: number, n: number, z: number): readonly [number, number] {
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Difference of two proportions a − b: Newcombe's hybrid score interval (Newcombe 1998, method 10, built from two
 * Wilson intervals: right at the edges and for small counts, where Wald's is not) and the pooled two-proportion z-test.
 * Example: `compareProportions({ successes: 56, n: 70 }, { successes: 48, n: 80 })` → difference 0.2, interval ≈ [0.0524, 0.3339].
 */
export function compareProportions(a: Proportion, b: Proportion, alpha = 0.05): Comparison {
  if (a.n === 0 || b.n === 0) return NONE;
  const z = normalQuantile(1 - alpha / 2, 0, 1);
  const [pa, pb] = [a.successes / a.n, b.successes / b.n];
  const [la, ua] = wilsonBounds(a.successes, a.n, z);
  const [lb, ub] = wilsonBounds(b.successes, b.n, z);
  const difference = pa - pb;
  const interval = [difference - Math.sqrt((pa - la) ** 2 + (ub - pb) ** 2), difference + Math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2)] as const;
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  const pValue = se === 0 ? 1 : 2 * (1 - normalCdf(Math.abs(difference) / se, 0, 1));
  return { a: pa, b: pb, difference, interval, pValue, significant: pValue < alpha };
}

/** Difference of two means a − b (revenue per contact): Welch's t, with Welch–Satterthwaite degrees of freedom. */
export function compareMeans(a: Moments, b: Moments, alpha = 0.05): Comparison {
  if (a.n < 2 || b.n < 2) return { ...NONE, a: a.n > 0 ? a.sum / a.n : null, b: b.n > 0 ? b.sum / b.n : null };
  const [ma, mb] = [a.sum / a.n, b.sum / b.n];
  // Sample variances from the kept sums; tiny negative values are rounding, not spread.
  const va = Math.max(0, (a.sumSquares - a.n * ma * ma) / (a.n - 1));
  const vb = Math.max(0, (b.sumSquares - b.n * mb * mb) / (b.n - 1));
  const [qa, qb] = [va / a.n, vb / b.n];
  const se = Math.sqrt(qa + qb);
  const difference = ma - mb;
  if (se === 0) return { a: ma, b: mb, difference, interval: [difference, difference], pValue: difference === 0 ? 1 : 0, significant: difference !== 0 };
  const df = (qa + qb) ** 2 / ((qa * qa) / (a.n - 1) + (qb * qb) / (b.n - 1));
  const t = tQuantile(1 - alpha / 2, df);
  const pValue = 2 * (1 - tCdf(Math.abs(difference) / se, df));
  return { a: ma, b: mb, difference, interval: [difference - t * se, difference + t * se], pValue, significant: pValue < alpha };
}
