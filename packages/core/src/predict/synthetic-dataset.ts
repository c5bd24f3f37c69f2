import type { Dataset, FeatureInfo } from './dataset.js';

export interface SyntheticOptions {
  readonly rows: number;
  /** Feature columns (at least 8). */
  readonly features: number;
  readonly seed?: number;
  /** The instant of the first and last snapshot. */
  readonly from?: number;
  readonly to?: number;
}

const KINDS = ['count', 'count', 'count', 'days', 'flag', 'number', 'count', 'sum'] as const;

/**
 * A seeded, realistic stand-in for replayed snapshots, for tests and benchmarks: counts with long tails, recency in
 * days (missing when never seen), flags, traits missing for a third of contacts, noise columns, about 5 % buyers,
 * and a purchase odds that is non-linear in the signals (thresholds and an interaction), as real intent is.
 */
export function syntheticDataset(options: SyntheticOptions): Dataset {
  const { rows, features: p } = options;
  const from = options.from ?? 1_700_000_000_000;
  const to = options.to ?? from + 730 * 86_400_000;
  let state = (options.seed ?? 1) >>> 0;
  // mulberry32: a small, fast, well-mixed 32-bit generator.
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const features: FeatureInfo[] = Array.from({ length: p }, (_, j) => {
    const kind = KINDS[j % KINDS.length]!;
    return { key: `synthetic:${kind}:${j}`, kind, labels: { en: `synthetic ${kind} ${j}`, fr: `${kind} synthétique ${j}` } };
  });
  const x = new Float64Array(rows * p);
  const y = new Uint8Array(rows);
  const at = new Float64Array(rows);
  const logits = new Float64Array(rows);
  const draws = new Float64Array(rows);
  // Only the first 60 % of the columns carry signal; the rest is noise of the same shapes.
  const informative = Math.ceil(p * 0.6);
  for (let i = 0; i < rows; i++) {
    const intent = random() + random() + random() + random() - 2;
    const activity = random() * 2;
    const base = i * p;
    let logit = 0;
    for (let j = 0; j < p; j++) {
      const kind = KINDS[j % KINDS.length]!;
      const signal = j < informative ? intent : random() * 2 - 1;
      const effect = j < informative ? 1 / (1 + (j >> 3)) : 0;
      let v: number;
      if (kind === 'count' || kind === 'sum') {
        // Long tail: most contacts have 0 or 1, a few have dozens.
        const rate = Math.exp(0.9 * signal + activity - 1.2 + 1.5 * Math.log(1 / (1 - random() * 0.999)) * 0.3);
        v = Math.floor(rate * (kind === 'sum' ? 30 : 1) * random() * 2);
        logit += effect * (v > 2 ? 0.5 : v > 0 ? 0.2 : -0.1);
      } else if (kind === 'days') {
        v = random() < 0.25 ? NaN : Math.floor(365 * random() ** (1.5 + signal));
        logit += effect * (v !== v ? -0.4 : v < 14 ? 0.8 : v < 60 ? 0.2 : -0.3);
      } else if (kind === 'flag') {
        v = random() < 0.3 + 0.2 * signal ? 1 : 0;
        logit += effect * 0.4 * v;
      } else {
        v = random() < 0.33 ? NaN : Math.round(100 * (signal + random()));
        logit += v !== v ? 0 : effect * 0.004 * v;
      }
      x[base + j] = v;
    }
    // An interaction a linear model cannot express: activity matters only with intent.
    logit += intent > 0.3 && activity > 1.2 ? 1.2 : 0;
    logits[i] = logit;
    draws[i] = random();
    at[i] = from + Math.floor(random() * (to - from));
  }
  // The intercept that makes about 5 % of contacts buy, whatever the number of columns.
  let lo = -40;
  let hi = 40;
  for (let step = 0; step < 60; step++) {
    const mid = (lo + hi) / 2;
    let expected = 0;
    for (let i = 0; i < rows; i++) expected += 1 / (1 + Math.exp(-(logits[i]! + mid)));
    if (expected / rows < 0.05) lo = mid;
    else hi = mid;
  }
  for (let i = 0; i < rows; i++) y[i] = draws[i]! < 1 / (1 + Math.exp(-(logits[i]! + lo))) ? 1 : 0;
  return { features, rows, x, y, at };
}
