import { minimizeLbfgs } from './minimize-lbfgs.js';
import type { LogisticParameters } from './predictive-model.js';

export interface LogisticOptions {
  /** L2 penalty λ on the standardised weights (the intercept is not penalised): scikit-learn's C is 1/λ. */
  readonly l2: number;
  /**
   * Fit on at most this many rows, taken evenly spaced: 60 weights are well determined by a few hundred thousand
   * rows, and the fit's cost grows with rows × columns.
   */
  readonly maxRows?: number;
  /**
   * Stop when no component of the mean gradient exceeds this (default 1e-5): far below what moves a ranking, while
   * tighter fits on many correlated one-hot columns take hundreds of extra iterations.
   */
  readonly tolerance?: number;
}

/** The rows to learn from: row-major features (NaN = missing), `columns` per row, and the outcome of every row. */
export interface TrainingRows {
  readonly x: Float64Array;
  readonly columns: number;
  readonly y: Uint8Array;
  /** Indices of the rows to fit on. */
  readonly rows: Uint32Array;
}

/**
 * Fits an L2-regularised logistic regression on standardised features by L-BFGS. A missing value counts as the
 * feature's mean and switches on an indicator column (itself standardised), so "not known" can carry its own weight.
 * Features marked `excluded` (constant or always missing) get weight 0.
 */
export function fitLogisticRegression(data: TrainingRows, excluded: readonly boolean[], options: LogisticOptions): LogisticParameters {
  const { x, columns: p, y } = data;
  const rows = evenlySpaced(data.rows, options.maxRows ?? Infinity);
  const m = rows.length;
  const mean = new Array<number>(p).fill(0);
  const scale = new Array<number>(p).fill(1);
  const missingMean = new Array<number>(p).fill(0);
  const missingScale = new Array<number>(p).fill(1);
  const valueColumn: number[] = [];
  const missingColumn: number[] = [];
  // Means and variances row by row (Welford), so the row-major matrix is read once, not once per feature.
  const count = new Float64Array(p);
  const runningMean = new Float64Array(p);
  const squares = new Float64Array(p);
  for (let k = 0; k < m; k++) {
    const base = rows[k]! * p;
    for (let j = 0; j < p; j++) {
      const v = x[base + j]!;
      if (v !== v) continue;
      const n = ++count[j]!;
      const delta = v - runningMean[j]!;
      runningMean[j]! += delta / n;
      squares[j]! += delta * (v - runningMean[j]!);
    }
  }
  for (let j = 0; j < p; j++) {
    if (excluded[j]) continue;
    const sd = count[j]! > 0 ? Math.sqrt(squares[j]! / count[j]!) : 0;
    mean[j] = runningMean[j]!;
    scale[j] = sd > 0 ? sd : 1;
    if (sd > 0) valueColumn.push(j);
    const missingShare = (m - count[j]!) / m;
    if (missingShare > 0 && missingShare < 1) {
      missingMean[j] = missingShare;
      missingScale[j] = Math.sqrt(missingShare * (1 - missingShare));
      missingColumn.push(j);
    }
  }
  const q = valueColumn.length + missingColumn.length;
  // The standardised design matrix, built once: every objective evaluation then streams through it.
  const z = new Float64Array(m * q);
  const labels = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const row = rows[k]! * p;
    const out = k * q;
    labels[k] = y[rows[k]!]!;
    for (let c = 0; c < valueColumn.length; c++) {
      const j = valueColumn[c]!;
      const v = x[row + j]!;
      z[out + c] = v === v ? (v - mean[j]!) / scale[j]! : 0;
    }
    for (let c = 0; c < missingColumn.length; c++) {
      const j = missingColumn[c]!;
      const missing = x[row + j]! !== x[row + j]! ? 1 : 0;
      z[out + valueColumn.length + c] = (missing - missingMean[j]!) / missingScale[j]!;
    }
  }
  const l2 = options.l2;
  // w[0] is the intercept, w[1..q] the standardised weights.
  const objective = (w: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    const b = w[0]!;
    for (let k = 0; k < m; k++) {
      const base = k * q;
      let margin = b;
      for (let c = 0; c < q; c++) margin += z[base + c]! * w[c + 1]!;
      loss += (margin > 0 ? margin + Math.log1p(Math.exp(-margin)) : Math.log1p(Math.exp(margin))) - labels[k]! * margin;
      const residual = 1 / (1 + Math.exp(-margin)) - labels[k]!;
      gradient[0]! += residual;
      for (let c = 0; c < q; c++) gradient[c + 1]! += residual * z[base + c]!;
    }
    for (let c = 1; c <= q; c++) {
      loss += 0.5 * l2 * w[c]! ** 2;
      gradient[c]! += l2 * w[c]!;
    }
    return loss;
  };
  let positives = 0;
  for (let k = 0; k < m; k++) positives += labels[k]!;
  const start = new Float64Array(q + 1);
  start[0] = Math.log((positives + 0.5) / (m - positives + 0.5));
  // The objective is a sum over rows, so the tolerance on the mean gradient is scaled by the row count.
  const { w } = minimizeLbfgs(objective, start, { gradientTolerance: (options.tolerance ?? 1e-5) * Math.max(1, m), maxIterations: 2000 });
  const weight = new Array<number>(p).fill(0);
  const missingWeight = new Array<number>(p).fill(0);
  valueColumn.forEach((j, c) => (weight[j] = w[c + 1]!));
  missingColumn.forEach((j, c) => (missingWeight[j] = w[valueColumn.length + c + 1]!));
  return { intercept: w[0]!, mean, scale, weight, missingWeight, missingMean, missingScale };
}

/** At most `limit` of the given rows, evenly spaced, so a cap keeps the time spread of the sample. */
export function evenlySpaced(rows: Uint32Array, limit: number): Uint32Array {
  if (rows.length <= limit) return rows;
  const out = new Uint32Array(limit);
  const stride = rows.length / limit;
  for (let k = 0; k < limit; k++) out[k] = rows[Math.floor(k * stride)]!;
  return out;
}
