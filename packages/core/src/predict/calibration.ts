import type { Calibration } from './predictive-model.js';

type Scores = ArrayLike<number>;
type Labels = ArrayLike<number>;

/**
 * Isotonic regression needs many outcomes to be stable; below these counts Platt's two-parameter sigmoid overfits
 * less (scikit-learn's CalibratedClassifierCV gives the same advice).
 */
const ISOTONIC_MIN_ROWS = 1000;
const ISOTONIC_MIN_POSITIVES = 100;

export function chooseCalibrationKind(y: Labels): Calibration['kind'] {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  return y.length >= ISOTONIC_MIN_ROWS && positives >= ISOTONIC_MIN_POSITIVES ? 'isotonic' : 'platt';
}

/** Fits a calibration of the given kind on out-of-sample raw scores (log-odds) and their outcomes. */
export function fitCalibration(kind: Calibration['kind'], raw: Scores, y: Labels): Calibration {
  return kind === 'isotonic' ? fitIsotonic(raw, y) : fitPlatt(raw, y);
}

/** The calibrated probability for a raw score. */
export function applyCalibration(calibration: Calibration, raw: number): number {
  if (calibration.kind === 'platt') return 1 / (1 + Math.exp(calibration.a * raw + calibration.b));
  const { x, y } = calibration;
  const last = x.length - 1;
  if (!(raw > x[0]!)) return y[0]!;
  if (raw >= x[last]!) return y[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= raw) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo]!;
  const x1 = x[hi]!;
  return x1 === x0 ? y[hi]! : y[lo]! + ((y[hi]! - y[lo]!) * (raw - x0)) / (x1 - x0);
}

/**
 * Isotonic regression by pool adjacent violators, as scikit-learn's IsotonicRegression(out_of_bounds='clip'):
 * equal scores are merged first, and only the ends of each flat step are kept.
 */
export function fitIsotonic(raw: Scores, y: Labels): Calibration {
  const order = Array.from({ length: raw.length }, (_, i) => i).sort((a, b) => raw[a]! - raw[b]!);
  // Blocks as a stack: value (weighted mean), weight, and the first and last distinct score they cover.
  const value: number[] = [];
  const weight: number[] = [];
  const firstX: number[] = [];
  const lastX: number[] = [];
  const uniqueX: number[] = [];
  for (let start = 0; start < order.length; ) {
    const xs = raw[order[start]!]!;
    let end = start;
    let sum = 0;
    while (end < order.length && raw[order[end]!] === xs) sum += y[order[end++]!]!;
    uniqueX.push(xs);
    value.push(sum / (end - start));
    weight.push(end - start);
    firstX.push(xs);
    lastX.push(xs);
    while (value.length > 1 && value[value.length - 2]! >= value[value.length - 1]!) {
      const w = weight.pop()!;
      const v = value.pop()!;
      const x = lastX.pop()!;
      firstX.pop();
      const top = value.length - 1;
      value[top] = (value[top]! * weight[top]! + v * w) / (weight[top]! + w);
      weight[top]! += w;
      lastX[top] = x;
    }
    start = end;
  }
  const x: number[] = [];
  const out: number[] = [];
  for (let b = 0; b < value.length; b++) {
    x.push(firstX[b]!);
    out.push(value[b]!);
    if (lastX[b] !== firstX[b]) {
      x.push(lastX[b]!);
      out.push(value[b]!);
    }
  }
  if (x.length === 1) {
    // A single distinct score: keep two points so interpolation stays defined.
    x.push(x[0]!);
    out.push(out[0]!);
  }
  return { kind: 'isotonic', x, y: out };
}

/**
 * Platt scaling as scikit-learn's _sigmoid_calibration: p = 1 / (1 + exp(a·raw + b)), fitted on Platt's smoothed
 * targets ((N₊+1)/(N₊+2) and 1/(N₋+2)) so that a perfectly separated validation set does not give infinite slopes.
 */
export function fitPlatt(raw: Scores, y: Labels): Calibration {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  const negatives = y.length - positives;
  const hiTarget = (positives + 1) / (positives + 2);
  const loTarget = 1 / (negatives + 2);
  // Solved for u = alpha·raw + beta, p = sigmoid(u), by Newton's method with step halving.
  let alpha = 0;
  let beta = Math.log((positives + 1) / (negatives + 1));
  const loss = (al: number, be: number): number => {
    let sum = 0;
    for (let i = 0; i < raw.length; i++) {
      const u = al * raw[i]! + be;
      const t = y[i] === 1 ? hiTarget : loTarget;
      // −[t·log σ(u) + (1−t)·log(1−σ(u))] = log(1+e^u) − t·u, computed without overflow.
      sum += (u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u))) - t * u;
    }
    return sum;
  };
  let current = loss(alpha, beta);
  for (let iteration = 0; iteration < 100; iteration++) {
    let g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
    for (let i = 0; i < raw.length; i++) {
      const s = raw[i]!;
      const p = 1 / (1 + Math.exp(-(alpha * s + beta)));
      const r = p - (y[i] === 1 ? hiTarget : loTarget);
      const w = p * (1 - p);
      g0 += r * s;
      g1 += r;
      h00 += w * s * s;
      h01 += w * s;
      h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 1e-300)) break;
    const d0 = (h11 * g0 - h01 * g1) / det;
    const d1 = (h00 * g1 - h01 * g0) / det;
    let step = 1;
    let next = loss(alpha - d0, beta - d1);
    while (next > current && step > 1e-10) {
      step /= 2;
      next = loss(alpha - step * d0, beta - step * d1);
    }
    if (next > current) break;
    alpha -= step * d0;
    beta -= step * d1;
    const improved = current - next;
    current = next;
    if (improved <= 1e-12 * Math.max(1, Math.abs(current))) break;
  }
  return { kind: 'platt', a: -alpha, b: -beta };
}

/**
 * Out-of-sample calibrated probabilities: the rows of each group are calibrated by a calibration fitted on the other
 * groups, so the Brier score and reliability table computed from them are honest.
 */
export function crossFittedProbabilities(kind: Calibration['kind'], raw: Scores, y: Labels, group: ArrayLike<number>, groups: number): Float64Array {
  const out = new Float64Array(raw.length);
  for (let g = 0; g < groups; g++) {
    const fitRaw: number[] = [];
    const fitY: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      if (group[i] !== g) {
        fitRaw.push(raw[i]!);
        fitY.push(y[i]!);
      }
    }
    const calibration = fitCalibration(kind, fitRaw, fitY);
    for (let i = 0; i < raw.length; i++) if (group[i] === g) out[i] = applyCalibration(calibration, raw[i]!);
  }
  return out;
}
