import type { ContactPrediction, ReliabilityBin } from '@leadpulse/contract/client';

/** The factors that push hardest first; `share` sizes each bar against the largest, so bars compare within one contact. */
export function topFactors(factors: ContactPrediction['factors'], top: number) {
  const sorted = [...factors].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, top);
  const largest = Math.max(1e-9, ...sorted.map((factor) => Math.abs(factor.contribution)));
  return sorted.map((factor) => ({ ...factor, share: Math.abs(factor.contribution) / largest }));
}

/** The calibration plot's top, in tenths: a low base rate (5 % of buyers) must not squash every point into a corner. */
export function calibrationScale(bins: readonly ReliabilityBin[]): number {
  const highest = Math.max(0, ...bins.flatMap((b) => [b.predicted ?? 0, b.observed ?? 0]));
  return Math.min(1, Math.max(0.1, Math.ceil(highest * 10 - 1e-9) / 10));
}
