/** The q-quantile (0..1) of ascending numbers, interpolated; null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** Median and 75th percentile of durations, with how many there were. */
export interface Spread {
  readonly n: number;
  readonly median: number | null;
  readonly p75: number | null;
}

export function spreadOf(values: number[]): Spread {
  values.sort((a, b) => a - b);
  return { n: values.length, median: quantile(values, 0.5), p75: quantile(values, 0.75) };
}

/**
 * Wilson score interval for a proportion (95 % by default): honest for small counts, where 1 out of 2 is not
 * "50 %" but "somewhere between 9 % and 91 %".
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): readonly [number, number] | null {
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
