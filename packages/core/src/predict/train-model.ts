import { ok, err, type Result } from '../shared/result.js';
import { chooseCalibrationKind, crossFittedProbabilities, fitCalibration } from './calibration.js';
import type { Dataset } from './dataset.js';
import { binFeatures, type BinnedFeatures } from './feature-binning.js';
import { DEFAULT_BOOSTING, fitGradientBoosting, type BoostingOptions } from './gradient-boosting.js';
import { evenlySpaced, fitLogisticRegression } from './logistic-regression.js';
import { areaUnderRoc, brierScore, precisionAtTop, reliabilityTable } from './model-metrics.js';
import type { BoostedParameters, FeatureIssue, LogisticParameters, PredictiveModel } from './predictive-model.js';
import { compileBoosted, compileLogistic, compileLogOdds } from './score-model.js';
import { holdOutForEarlyStopping, stratifiedFoldsPlan, timeOrderedPlan, type ValidationPlan } from './validation-splits.js';

export interface TrainOptions {
  readonly horizonDays: number;
  /** The training instant, written on the model card. */
  readonly now: number;
  /** 'time' (default): train on the earliest 80 % of snapshots, validate on the latest 20 %; `{ folds }` for time-free data. */
  readonly validation?: 'time' | { readonly folds: number };
  /** The doctrine's ranking score per row (higher = more likely to buy): the model must rank validation rows better. */
  readonly baseline?: Float64Array;
  /** The published model, which the new one must not validate worse than. */
  readonly previous?: PredictiveModel;
  /** Progress within the current phase ('binning', 'logistic', 'boosting', 'calibration', 'refit'). */
  readonly onProgress?: (done: number, total: number, phase: string) => void;
  /** Buyers and non-buyers needed, each (default 50). */
  readonly minPositives?: number;
  readonly boosting?: Partial<BoostingOptions>;
  /** The logistic regression's L2 penalty on standardised weights (scikit-learn's C = 1/l2). */
  readonly logisticL2?: number;
}

export type TrainRefusal =
  | { readonly code: 'too_few_outcomes'; readonly message: string; readonly positives: number; readonly negatives: number; readonly needed: number }
  | { readonly code: 'worse_than_doctrine'; readonly message: string; readonly auc: number; readonly baselineAuc: number }
  | { readonly code: 'worse_than_previous'; readonly message: string; readonly auc: number; readonly previousAuc: number };

// Each side of a validation split needs a few outcomes of each kind, or its AUC is noise.
const MIN_OUTCOMES_PER_SIDE = 10;
// Standardised logistic weights are well determined long before this many rows; see LogisticOptions.maxRows.
const LOGISTIC_MAX_ROWS = 300_000;
const BINNING_SAMPLE_ROWS = 200_000;

/**
 * Trains both models on a company's own outcomes, keeps the one that ranks validation rows better, calibrates it on
 * out-of-sample predictions and refits it on every row. Refuses rather than publish a model that cannot be trusted.
 * Example: `trainModel(dataset, { horizonDays: 30, now: Date.parse('2026-01-01') })` → `ok({ model })`.
 */
export function trainModel(dataset: Dataset, options: TrainOptions): Result<{ model: PredictiveModel }, TrainRefusal> {
  const { x, y, at, rows } = dataset;
  const p = dataset.features.length;
  const needed = options.minPositives ?? 50;
  let positives = 0;
  for (let i = 0; i < rows; i++) positives += y[i]!;
  const negatives = rows - positives;
  if (positives < needed || negatives < needed) {
    return err({ code: 'too_few_outcomes', positives, negatives, needed, message: `Training needs at least ${needed} contacts who bought within ${options.horizonDays} days and ${needed} who did not; the data has ${positives} and ${negatives}.` });
  }
  const byTime = options.validation === undefined || options.validation === 'time';
  const plan = byTime ? timeOrderedPlan(at, options.horizonDays) : stratifiedFoldsPlan(y, (options.validation as { folds: number }).folds);
  for (const split of plan.splits) {
    const trainPositives = countPositives(y, split.train);
    const validationPositives = countPositives(y, split.validation);
    const least = Math.min(trainPositives, split.train.length - trainPositives, validationPositives, split.validation.length - validationPositives);
    if (least < MIN_OUTCOMES_PER_SIDE) {
      return err({ code: 'too_few_outcomes', positives, negatives, needed, message: `Validation needs at least ${MIN_OUTCOMES_PER_SIDE} buyers and non-buyers on each side of the split; the ${byTime ? 'earlier and later snapshots' : 'folds'} have ${trainPositives} and ${validationPositives} buyers. Add outcomes over a longer period.` });
    }
  }
  const featureIssues = findFeatureIssues(dataset);
  const excluded = dataset.features.map((info) => featureIssues.some((issue) => issue.key === info.key));
  options.onProgress?.(0, 1, 'binning');
  const binned = binFeatures(x, p, rows, evenlySpaced(Uint32Array.from({ length: rows }, (_, i) => i), BINNING_SAMPLE_ROWS));
  options.onProgress?.(1, 1, 'binning');

  const boosting = { ...DEFAULT_BOOSTING, ...options.boosting };
  const l2 = options.logisticL2 ?? 1;
  const validationY = Uint8Array.from(plan.validationRows, (row) => y[row]!);
  const logisticRaw = new Float64Array(plan.validationRows.length);
  const boostedRaw = new Float64Array(plan.validationRows.length);
  const roundsPerSplit: number[] = [];
  // The models fitted on the last split: with a time split, they are what is published (see below).
  let fitted = null as { logistic: LogisticParameters; boosted: BoostedParameters } | null;
  let collected = 0;
  plan.splits.forEach((split, s) => {
    options.onProgress?.(s, plan.splits.length, 'logistic');
    const logisticParameters = fitLogisticRegression({ x, columns: p, y, rows: split.train }, excluded, { l2, maxRows: LOGISTIC_MAX_ROWS });
    const logistic = compileLogistic(logisticParameters);
    for (let k = 0; k < split.validation.length; k++) logisticRaw[collected + k] = logistic(x, split.validation[k]! * p);
    const { fit, stop } = holdOutForEarlyStopping(split.train, at, byTime);
    const boosted = fitGradientBoosting({ binned, y, trainRows: fit, validationRows: stop, excluded, onRound: (done, total) => options.onProgress?.(done, total, 'boosting') }, boosting);
    roundsPerSplit.push(boosted.rounds);
    const boostedLogOdds = compileBoosted(boosted.parameters);
    fitted = { logistic: logisticParameters, boosted: boosted.parameters };
    for (let k = 0; k < split.validation.length; k++) boostedRaw[collected + k] = boostedLogOdds(x, split.validation[k]! * p);
    collected += split.validation.length;
  });
  options.onProgress?.(0, 1, 'calibration');
  const candidates = [
    { kind: 'logistic' as const, auc: areaUnderRoc(logisticRaw, validationY) },
    { kind: 'boosted' as const, auc: areaUnderRoc(boostedRaw, validationY) },
  ];
  const kind = candidates[1]!.auc > candidates[0]!.auc ? 'boosted' : 'logistic';
  const winnerRaw = kind === 'boosted' ? boostedRaw : logisticRaw;
  const auc = Math.max(candidates[0]!.auc, candidates[1]!.auc);
  const baselineAuc = options.baseline ? areaUnderRoc(Float64Array.from(plan.validationRows, (row) => options.baseline![row]!), validationY) : null;
  if (baselineAuc !== null && auc < baselineAuc) {
    return err({ code: 'worse_than_doctrine', auc, baselineAuc, message: `The model ranks validation contacts with an AUC of ${auc.toFixed(3)}, below the doctrine's ${baselineAuc.toFixed(3)}: keeping the doctrine's ranking.` });
  }
  const previousAuc = options.previous && options.previous.horizonDays === options.horizonDays ? previousModelAuc(options.previous, dataset, plan, validationY) : null;
  if (previousAuc !== null && auc < previousAuc) {
    return err({ code: 'worse_than_previous', auc, previousAuc, message: `The new model validates with an AUC of ${auc.toFixed(3)}, below the published model's ${previousAuc.toFixed(3)} on the same rows: keeping the published model.` });
  }
  const calibrationKind = chooseCalibrationKind(validationY);
  const calibration = fitCalibration(calibrationKind, winnerRaw, validationY);
  const probability = crossFittedProbabilities(calibrationKind, winnerRaw, validationY, plan.calibrationGroup, plan.calibrationGroups);
  options.onProgress?.(1, 1, 'calibration');

  // With folds, the winner is refitted on every row and keeps the calibration its out-of-fold predictions gave (as
  // scikit-learn's CalibratedClassifierCV without ensembling). With a time split it is not: the later rows often buy
  // at another rate than the earlier ones (a launch, a season), so a refit's log-odds would no longer match the
  // calibration fitted on the later period, and "30 %" would stop meaning 30 %. The model fitted on the earlier rows
  // and calibrated on the later ones is published as validated; the next training takes in the newer data.
  const parameters = byTime && fitted ? (kind === 'boosted' ? { boosted: fitted.boosted } : { logistic: fitted.logistic }) : refitOnAllRows(kind, { x, p, y, rows, binned, excluded, l2, boosting, roundsPerSplit, onProgress: options.onProgress });
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < rows; i++) {
    from = Math.min(from, at[i]!);
    to = Math.max(to, at[i]!);
  }
  const model: PredictiveModel = {
    v: 1,
    kind,
    horizonDays: options.horizonDays,
    features: dataset.features,
    ...parameters,
    calibration,
    card: {
      trainedAt: options.now,
      horizonDays: options.horizonDays,
      rows,
      positives,
      from,
      to,
      validation: byTime ? 'time' : 'cross',
      validationRows: plan.validationRows.length,
      auc,
      precisionAtTop10: precisionAtTop(winnerRaw, validationY, 0.1),
      brier: brierScore(probability, validationY),
      reliability: reliabilityTable(probability, validationY, 10),
      baselineAuc,
      candidates,
      featureIssues,
    },
  };
  return ok({ model });
}

interface RefitInput {
  readonly x: Float64Array;
  readonly p: number;
  readonly y: Uint8Array;
  readonly rows: number;
  readonly binned: BinnedFeatures;
  readonly excluded: readonly boolean[];
  readonly l2: number;
  readonly boosting: BoostingOptions;
  readonly roundsPerSplit: readonly number[];
  readonly onProgress?: (done: number, total: number, phase: string) => void;
}

/** The winner, fitted again on every row for publishing; boosting runs the rounds early stopping chose (their mean over folds). */
function refitOnAllRows(kind: PredictiveModel['kind'], input: RefitInput): Pick<PredictiveModel, 'logistic' | 'boosted'> {
  const all = Uint32Array.from({ length: input.rows }, (_, i) => i);
  if (kind === 'logistic') {
    input.onProgress?.(0, 1, 'refit');
    const logistic = fitLogisticRegression({ x: input.x, columns: input.p, y: input.y, rows: all }, input.excluded, { l2: input.l2, maxRows: LOGISTIC_MAX_ROWS });
    input.onProgress?.(1, 1, 'refit');
    return { logistic };
  }
  const rounds = Math.max(1, Math.round(input.roundsPerSplit.reduce((a, b) => a + b, 0) / input.roundsPerSplit.length));
  const boosted = fitGradientBoosting(
    { binned: input.binned, y: input.y, trainRows: all, excluded: input.excluded, onRound: (done, total) => input.onProgress?.(done, total, 'refit') },
    { ...input.boosting, maxRounds: rounds },
  );
  return { boosted: boosted.parameters };
}

/** Constant features and features missing in every row: reported on the card and left out of both models. */
export function findFeatureIssues(dataset: Dataset): FeatureIssue[] {
  const { x, rows, features } = dataset;
  const p = features.length;
  const issues: FeatureIssue[] = [];
  for (let j = 0; j < p; j++) {
    const first = x[j]!;
    let allMissing = true;
    let constant = true;
    for (let i = 0; i < rows && (allMissing || constant); i++) {
      const v = x[i * p + j]!;
      if (v === v) allMissing = false;
      // NaN never equals anything, so a mix of missing and present values is not constant.
      if (!(v === first || (v !== v && first !== first))) constant = false;
    }
    if (rows > 0 && allMissing) issues.push({ key: features[j]!.key, issue: 'missing' });
    else if (rows > 0 && constant) issues.push({ key: features[j]!.key, issue: 'constant' });
  }
  return issues;
}

function countPositives(y: Uint8Array, rows: Uint32Array): number {
  let count = 0;
  for (let k = 0; k < rows.length; k++) count += y[rows[k]!]!;
  return count;
}

/** The published model's AUC on this training's validation rows, its features matched by key (absent ones missing). */
function previousModelAuc(previous: PredictiveModel, dataset: Dataset, plan: ValidationPlan, validationY: Uint8Array): number {
  const p = dataset.features.length;
  const columnOf = previous.features.map((info) => dataset.features.findIndex((own) => own.key === info.key));
  const vector = new Float64Array(previous.features.length);
  // Raw log-odds, not calibrated probabilities: isotonic steps would add ties and lower its AUC unfairly.
  const logOdds = compileLogOdds(previous);
  const score = Float64Array.from(plan.validationRows, (row) => {
    columnOf.forEach((column, j) => (vector[j] = column < 0 ? NaN : dataset.x[row * p + column]!));
    return logOdds(vector, 0);
  });
  return areaUnderRoc(score, validationY);
}
