import type { ReliabilityBin } from './predictive-model.js';

type Scores = ArrayLike<number>;
type Labels = ArrayLike<number>;

/** Indices 0..n−1 ordered by ascending score (ties keep index order). */
function ascendingOrder(score: Scores): Uint32Array {
  const order = new Uint32Array(score.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => score[a]! - score[b]! || a - b);
}

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the chance that a random buyer outranks a random
 * non-buyer, ties counting one half. NaN when either class is absent.
 */
export function areaUnderRoc(score: Scores, y: Labels): number {
  const order = ascendingOrder(score);
  let positives = 0;
  let rankSumOfPositives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && score[order[end]!] === score[order[start]!]) end++;
    // Tied scores share the mean of their 1-based ranks (start+1 … end).
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (y[order[k]!] === 1) {
        positives++;
        rankSumOfPositives += midRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSumOfPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared gap between predicted probability and outcome (0 is perfect, 0.25 is a coin at 50 %). */
export function brierScore(probability: Scores, y: Labels): number {
  let sum = 0;
  for (let i = 0; i < probability.length; i++) sum += (probability[i]! - y[i]!) ** 2;
  return sum / probability.length;
}

/**
 * Share of buyers among the top `fraction` of rows by score (ceil(fraction·n) rows). Rows tied at the cut count
 * pro rata, so the result does not depend on row order.
 */
export function precisionAtTop(score: Scores, y: Labels, fraction = 0.1): number {
  const n = score.length;
  const take = Math.ceil(fraction * n);
  if (take === 0) return NaN;
  const order = ascendingOrder(score);
  let hits = 0;
  let taken = 0;
  for (let end = n; taken < take; ) {
    let start = end - 1;
    while (start > 0 && score[order[start - 1]!] === score[order[end - 1]!]) start--;
    let groupHits = 0;
    for (let k = start; k < end; k++) groupHits += y[order[k]!]!;
    const groupSize = end - start;
    const used = Math.min(groupSize, take - taken);
    hits += (groupHits * used) / groupSize;
    taken += used;
    end = start;
  }
  return hits / take;
}

/** Predicted against observed purchase rate in `bins` equal-width probability bins (the last bin includes 1). */
export function reliabilityTable(probability: Scores, y: Labels, bins = 10): ReliabilityBin[] {
  const count = new Float64Array(bins);
  const predicted = new Float64Array(bins);
  const observed = new Float64Array(bins);
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i]!;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[bin]!++;
    predicted[bin]! += p;
    observed[bin]! += y[i]!;
  }
  return Array.from({ length: bins }, (_, b) => {
    const c = count[b]!;
    return { from: b / bins, to: (b + 1) / bins, predicted: c > 0 ? predicted[b]! / c : null, observed: c > 0 ? observed[b]! / c : null, count: c };
  });
}

/** Mean negative log-likelihood of the outcomes under the given probabilities (clipped away from 0 and 1). */
export function logLoss(probability: Scores, y: Labels): number {
  let sum = 0;
  for (let i = 0; i < probability.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probability[i]!));
    sum -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / probability.length;
}
