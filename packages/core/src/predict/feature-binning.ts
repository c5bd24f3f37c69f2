/** Bins per feature in the histogram trees: 63 for values plus one, the last, for missing values. */
export const BIN_COUNT = 64;
export const MISSING_BIN = BIN_COUNT - 1;
const MAX_VALUE_BINS = BIN_COUNT - 1;

/** Features quantised to small integers once, so each tree reads bytes instead of doubles. */
export interface BinnedFeatures {
  /** rows × columns, row-major: the bin of each value, MISSING_BIN for NaN. */
  readonly bins: Uint8Array;
  readonly columns: number;
  /** Per feature, the upper edges: bin b holds values x with edges[b−1] < x ≤ edges[b]; the last value bin is open. */
  readonly edges: readonly Float64Array[];
}

/**
 * Chooses up to 63 value bins per feature from the quantiles of the rows in `sample` (every distinct value gets its own
 * bin when there are few, split at midpoints as scikit-learn's HistGradientBoosting does), then bins every row.
 */
export function binFeatures(x: Float64Array, columns: number, rows: number, sample: Uint32Array): BinnedFeatures {
  // Row by row, so the row-major matrix is read once, not once per feature.
  const values = Array.from({ length: columns }, () => new Float64Array(sample.length));
  const present = new Uint32Array(columns);
  for (let k = 0; k < sample.length; k++) {
    const base = sample[k]! * columns;
    for (let j = 0; j < columns; j++) {
      const v = x[base + j]!;
      if (v === v) values[j]![present[j]!++] = v;
    }
  }
  const edges = values.map((column, j) => edgesOf(column.subarray(0, present[j]!).sort()));
  const bins = new Uint8Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    const base = i * columns;
    for (let j = 0; j < columns; j++) bins[base + j] = binOf(edges[j]!, x[base + j]!);
  }
  return { bins, columns, edges };
}

function edgesOf(sorted: Float64Array): Float64Array {
  const distinct: number[] = [];
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) distinct.push(sorted[k]!);
  if (distinct.length <= MAX_VALUE_BINS) {
    const out = new Float64Array(Math.max(0, distinct.length - 1));
    for (let k = 0; k < out.length; k++) out[k] = (distinct[k]! + distinct[k + 1]!) / 2;
    return out;
  }
  const out: number[] = [];
  for (let b = 1; b < MAX_VALUE_BINS; b++) {
    const edge = sorted[Math.floor((b * sorted.length) / MAX_VALUE_BINS)]!;
    if (out.length === 0 || edge > out[out.length - 1]!) out.push(edge);
  }
  // The largest value must stay in the open last bin, not on an edge.
  if (out.length > 0 && out[out.length - 1] === sorted[sorted.length - 1]) out.pop();
  return Float64Array.from(out);
}

/** The bin of one value: the first edge it does not exceed, MISSING_BIN for NaN. */
export function binOf(edges: Float64Array, value: number): number {
  if (value !== value) return MISSING_BIN;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
