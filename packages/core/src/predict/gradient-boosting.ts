import { BIN_COUNT as BINS, MISSING_BIN as MISSING, type BinnedFeatures } from './feature-binning.js';
import { logLoss } from './model-metrics.js';
import type { BoostedParameters, RegressionTree } from './predictive-model.js';

export interface BoostingOptions {
  readonly learningRate: number;
  readonly maxRounds: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** L2 penalty on leaf values: leaf = −G / (H + l2). */
  readonly l2: number;
  /** Stop when the validation log-loss has not improved for this many rounds (only with validation rows). */
  readonly patience?: number;
  /**
   * Each tree learns from about this many training rows, drawn afresh per round (stochastic gradient boosting): every
   * buyer and a sample of the others. On a million rows this bounds the cost of a tree; every row still moves the model.
   */
  readonly maxRowsPerTree?: number;
}

export const DEFAULT_BOOSTING: BoostingOptions = { learningRate: 0.1, maxRounds: 200, maxDepth: 4, minSamplesLeaf: 20, l2: 1, patience: 20, maxRowsPerTree: 100_000 };

export interface BoostingInput {
  readonly binned: BinnedFeatures;
  readonly y: Uint8Array;
  readonly trainRows: Uint32Array;
  /** Rows that decide early stopping; their log-odds at the best round are returned. */
  readonly validationRows?: Uint32Array;
  /** Features that may not be split on (constant or always missing). */
  readonly excluded: readonly boolean[];
  readonly onRound?: (done: number, total: number) => void;
}

export interface BoostingResult {
  readonly parameters: BoostedParameters;
  readonly rounds: number;
  /** Log-odds of each validation row (in the order given) with the kept rounds. */
  readonly validationLogOdds: Float64Array;
}

// Module-local copies: hot loops then read constants, not imported bindings (which some loaders turn into getters).
const BIN_COUNT = BINS;
const MISSING_BIN = MISSING;

// A split needs this much hessian on each side, as scikit-learn's min_hessian_to_split.
const MIN_HESSIAN = 1e-3;

/**
 * Histogram gradient boosting for the binary log-loss: depth-limited trees on pre-binned features, shrinkage, a
 * minimum of rows per leaf, L2 on leaf values, and missing values sent to the side that helps most at each split.
 */
export function fitGradientBoosting(input: BoostingInput, options: BoostingOptions): BoostingResult {
  const { binned, y } = input;
  // In row order, so every pass over the training rows reads the bin matrix front to back (time order would jump).
  const trainRows = input.trainRows.slice().sort();
  const validationRows = input.validationRows ?? new Uint32Array(0);
  const m = trainRows.length;
  let positives = 0;
  for (let k = 0; k < m; k++) positives += y[trainRows[k]!]!;
  const baseScore = Math.log(positives / (m - positives));
  const logOdds = new Float64Array(m).fill(baseScore);
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m);
  const rowWeight = new Float64Array(m);
  const validationLogOdds = new Float64Array(validationRows.length).fill(baseScore);
  const validationY = Uint8Array.from(validationRows, (row) => y[row]!);
  const probability = new Float64Array(validationRows.length);
  const grower = new TreeGrower(binned, trainRows, { gradient, hessian, rowWeight }, logOdds, input.excluded, options);
  const trees: RegressionTree[] = [];
  let best = { loss: Infinity, rounds: 0, logOdds: validationLogOdds.slice() };
  // Buyers are rare and carry most of the gradient: every tree keeps all of them and a share of the others, whose
  // gradients are scaled up by the inverse share so the sums stay unbiased.
  const negativeShare = Math.min(1, Math.max(0, (options.maxRowsPerTree ?? Infinity) - positives) / (m - positives));
  const negativeWeight = negativeShare > 0 ? 1 / negativeShare : 0;
  const sampled = new Uint8Array(m).fill(1);
  let seed = 0x9e3779b9;
  for (let round = 0; round < options.maxRounds; round++) {
    let count = 0;
    for (let k = 0; k < m; k++) {
      const label = y[trainRows[k]!]!;
      let weight = 1;
      if (negativeShare < 1 && label === 0) {
        // xorshift32: a fixed seed keeps training reproducible.
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        sampled[k] = (seed >>> 0) / 4294967296 < negativeShare ? 1 : 0;
        weight = negativeWeight;
      }
      if (sampled[k] === 0) continue;
      const p = 1 / (1 + Math.exp(-logOdds[k]!));
      gradient[k] = weight * (p - label);
      hessian[k] = weight * Math.max(p * (1 - p), 1e-16);
      rowWeight[k] = weight;
      grower.index[count++] = k;
    }
    const tree = grower.grow(count);
    // Rows left out of this round's sample still move: they follow the tree by their bins.
    if (negativeShare < 1) for (let k = 0; k < m; k++) if (sampled[k] === 0) logOdds[k]! += leafValueOfBinnedRow(tree, binned, trainRows[k]!);
    trees.push(toRegressionTree(tree, binned));
    input.onRound?.(round + 1, options.maxRounds);
    if (validationRows.length === 0) continue;
    for (let k = 0; k < validationRows.length; k++) {
      validationLogOdds[k]! += leafValueOfBinnedRow(tree, binned, validationRows[k]!);
      probability[k] = 1 / (1 + Math.exp(-validationLogOdds[k]!));
    }
    const loss = logLoss(probability, validationY);
    if (loss < best.loss - 1e-12) best = { loss, rounds: round + 1, logOdds: validationLogOdds.slice() };
    else if (round + 1 - best.rounds >= (options.patience ?? Infinity)) break;
  }
  const rounds = validationRows.length === 0 ? trees.length : best.rounds;
  return { parameters: { baseScore, trees: trees.slice(0, rounds) }, rounds, validationLogOdds: validationRows.length === 0 ? validationLogOdds : best.logOdds };
}

/** A tree while it grows: split bins as well as values, so training rows are routed by their bins. */
interface GrowingTree {
  feature: number[];
  cover: number[];
  bin: number[];
  missingLeft: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** Per feature and bin, interleaved: gradient sum, hessian sum, row count (one cache line per update). */
type Histogram = Float64Array;

interface Split {
  feature: number;
  bin: number;
  missingLeft: boolean;
  gain: number;
}

class TreeGrower {
  /** Training rows (local numbers) of this round's tree, reordered so each node owns a contiguous range. */
  readonly index: Uint32Array;
  private readonly p: number;
  private readonly scratch: Uint32Array;

  constructor(
    private readonly binned: BinnedFeatures,
    private readonly rows: Uint32Array,
    private readonly perRow: { readonly gradient: Float64Array; readonly hessian: Float64Array; readonly rowWeight: Float64Array },
    private readonly logOdds: Float64Array,
    private readonly excluded: readonly boolean[],
    private readonly options: BoostingOptions,
  ) {
    this.index = new Uint32Array(rows.length);
    this.scratch = new Uint32Array(rows.length);
    this.p = binned.columns;
  }

  /** Grows a tree on index[0, count), which the caller filled. */
  grow(count: number): GrowingTree {
    const tree: GrowingTree = { feature: [], cover: [], bin: [], missingLeft: [], left: [], right: [], value: [] };
    const root = this.histogram(0, count);
    this.growNode(tree, 0, count, root, 0);
    return tree;
  }

  private growNode(tree: GrowingTree, start: number, end: number, hist: Histogram, depth: number): number {
    const node = tree.feature.length;
    const { g: G, h: H } = totals(hist);
    const { l2, learningRate, maxDepth, minSamplesLeaf } = this.options;
    tree.feature.push(-1);
    let cover = 0;
    for (let k = start; k < end; k++) cover += this.perRow.rowWeight[this.index[k]!]!;
    tree.cover.push(cover);
    tree.bin.push(0);
    tree.missingLeft.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-G / (H + l2)) * learningRate);
    const split = depth < maxDepth && end - start >= 2 * minSamplesLeaf ? this.bestSplit(hist, G, H, end - start) : null;
    if (split === null) {
      const value = tree.value[node]!;
      for (let k = start; k < end; k++) this.logOdds[this.index[k]!]! += value;
      return node;
    }
    const middle = this.partition(start, end, split);
    tree.feature[node] = split.feature;
    tree.bin[node] = split.bin;
    tree.missingLeft[node] = split.missingLeft ? 1 : 0;
    // Histogram subtraction: count the smaller child, and the larger is the parent minus it (the parent's arrays).
    const leftIsSmaller = middle - start <= end - middle;
    const small = leftIsSmaller ? this.histogram(start, middle) : this.histogram(middle, end);
    for (let b = 0; b < hist.length; b++) hist[b]! -= small[b]!;
    const leftHist = leftIsSmaller ? small : hist;
    const rightHist = leftIsSmaller ? hist : small;
    tree.left[node] = this.growNode(tree, start, middle, leftHist, depth + 1);
    tree.right[node] = this.growNode(tree, middle, end, rightHist, depth + 1);
    return node;
  }

  private histogram(start: number, end: number): Histogram {
    const hist = new Float64Array(this.p * BIN_COUNT * 3);
    const { bins } = this.binned;
    const { gradient, hessian } = this.perRow;
    const p = this.p;
    for (let k = start; k < end; k++) {
      const local = this.index[k]!;
      const base = this.rows[local]! * p;
      const gk = gradient[local]!;
      const hk = hessian[local]!;
      for (let f = 0, slot = 0; f < p; f++, slot += BIN_COUNT) {
        const at = (slot + bins[base + f]!) * 3;
        hist[at]! += gk;
        hist[at + 1]! += hk;
        hist[at + 2]!++;
      }
    }
    return hist;
  }

  private bestSplit(hist: Histogram, G: number, H: number, count: number): Split | null {
    const { l2, minSamplesLeaf } = this.options;
    const parentScore = (G * G) / (H + l2);
    let best: Split | null = null;
    for (let f = 0; f < this.p; f++) {
      if (this.excluded[f]) continue;
      const valueBins = this.binned.edges[f]!.length + 1;
      const slot = f * BIN_COUNT;
      const missing = (slot + MISSING_BIN) * 3;
      const mg = hist[missing]!;
      const mh = hist[missing + 1]!;
      const mc = hist[missing + 2]!;
      let lg = 0, lh = 0, lc = 0;
      for (let b = 0; b < valueBins; b++) {
        const at = (slot + b) * 3;
        lg += hist[at]!;
        lh += hist[at + 1]!;
        lc += hist[at + 2]!;
        // Missing values to the right, then (when there are any) to the left; the last bin only splits off missing values.
        for (let side = 0; side < (mc > 0 ? 2 : 1); side++) {
          if (b === valueBins - 1 && (side === 1 || mc === 0)) continue;
          const gl = side === 1 ? lg + mg : lg;
          const hl = side === 1 ? lh + mh : lh;
          const cl = side === 1 ? lc + mc : lc;
          const cr = count - cl;
          const hr = H - hl;
          if (cl < minSamplesLeaf || cr < minSamplesLeaf || hl < MIN_HESSIAN || hr < MIN_HESSIAN) continue;
          const gr = G - gl;
          const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
          if (gain > 1e-12 && (best === null || gain > best.gain)) best = { feature: f, bin: b, missingLeft: side === 1, gain };
        }
      }
    }
    return best;
  }

  /**
   * Reorders index[start, end) so the rows going left come first; returns where the right side starts. Stable, so each
   * node's rows stay in row order and the next histogram streams through memory.
   */
  private partition(start: number, end: number, split: Split): number {
    const { bins } = this.binned;
    const p = this.p;
    const { feature, bin: splitBin, missingLeft } = split;
    const index = this.index;
    const right = this.scratch;
    const rows = this.rows;
    let left = start;
    let rightCount = 0;
    for (let k = start; k < end; k++) {
      const local = index[k]!;
      const bin = bins[rows[local]! * p + feature]!;
      if (bin === MISSING_BIN ? missingLeft : bin <= splitBin) index[left++] = local;
      else right[rightCount++] = local;
    }
    index.set(right.subarray(0, rightCount), left);
    return left;
  }
}

function totals(hist: Histogram): { g: number; h: number } {
  // Every row lands in exactly one bin of feature 0, so its bins sum to the node's totals.
  let g = 0, h = 0;
  for (let b = 0; b < BIN_COUNT; b++) {
    g += hist[b * 3]!;
    h += hist[b * 3 + 1]!;
  }
  return { g, h };
}

function leafValueOfBinnedRow(tree: GrowingTree, binned: BinnedFeatures, row: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const bin = binned.bins[row * binned.columns + tree.feature[node]!]!;
    const left = bin === MISSING_BIN ? tree.missingLeft[node] === 1 : bin <= tree.bin[node]!;
    node = left ? tree.left[node]! : tree.right[node]!;
  }
  return tree.value[node]!;
}

/** The tree on raw values: bin b of feature f is x ≤ edges[b]; splitting off the missing values is x ≤ largest number. */
function toRegressionTree(tree: GrowingTree, binned: BinnedFeatures): RegressionTree {
  const threshold = tree.feature.map((f, node) => {
    if (f < 0) return 0;
    const edges = binned.edges[f]!;
    const bin = tree.bin[node]!;
    return bin < edges.length ? edges[bin]! : Number.MAX_VALUE;
  });
  return { feature: tree.feature, cover: tree.cover, threshold, missingLeft: tree.missingLeft, left: tree.left, right: tree.right, value: tree.value };
}
