const DAY_MS = 86_400_000;

/** One train/validation division of the rows. */
export interface ValidationSplit {
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
}

export interface ValidationPlan {
  readonly splits: readonly ValidationSplit[];
  /** Every validation row once, in the order their out-of-sample predictions are collected. */
  readonly validationRows: Uint32Array;
  /** Per validation row (same order), a group used to cross-fit the calibration: fold number, or an interleave. */
  readonly calibrationGroup: Uint8Array;
  readonly calibrationGroups: number;
}

/**
 * Train on the earliest 80 % of snapshots, validate on the latest 20 %. Training snapshots whose horizon reaches into
 * the validation period are dropped (purged): their labels would be read from the same purchases the validation
 * rows are judged on.
 */
export function timeOrderedPlan(at: Float64Array, horizonDays: number, trainShare = 0.8): ValidationPlan {
  const order = Uint32Array.from({ length: at.length }, (_, i) => i).sort((a, b) => at[a]! - at[b]! || a - b);
  const cut = Math.floor(order.length * trainShare);
  const validation = order.slice(cut);
  const validationStart = validation.length > 0 ? at[validation[0]!]! : Infinity;
  const train = order.slice(0, cut).filter((row) => at[row]! + horizonDays * DAY_MS <= validationStart);
  const groups = 5;
  return { splits: [{ train, validation }], validationRows: validation, calibrationGroup: Uint8Array.from(validation, (_, k) => k % groups), calibrationGroups: groups };
}

/** Stratified k-fold: buyers and non-buyers are dealt round-robin to the folds, so each fold has the same mix. */
export function stratifiedFoldsPlan(y: Uint8Array, folds: number): ValidationPlan {
  const foldOf = new Uint8Array(y.length);
  let positive = 0;
  let negative = 0;
  for (let i = 0; i < y.length; i++) foldOf[i] = y[i] === 1 ? positive++ % folds : negative++ % folds;
  const splits: ValidationSplit[] = [];
  const validationRows: number[] = [];
  const calibrationGroup: number[] = [];
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const validation: number[] = [];
    for (let i = 0; i < y.length; i++) (foldOf[i] === f ? validation : train).push(i);
    splits.push({ train: Uint32Array.from(train), validation: Uint32Array.from(validation) });
    for (const row of validation) {
      validationRows.push(row);
      calibrationGroup.push(f);
    }
  }
  return { splits, validationRows: Uint32Array.from(validationRows), calibrationGroup: Uint8Array.from(calibrationGroup), calibrationGroups: folds };
}

/**
 * Rows held out of a training set to decide when boosting stops, so the validation rows stay untouched: the latest
 * eighth in time order (time validation) or every eighth row (cross-validation).
 */
export function holdOutForEarlyStopping(train: Uint32Array, at: Float64Array, byTime: boolean): { fit: Uint32Array; stop: Uint32Array } {
  if (byTime) {
    const ordered = train.slice().sort((a, b) => at[a]! - at[b]! || a - b);
    const cut = Math.floor(ordered.length * 0.875);
    return { fit: ordered.slice(0, cut), stop: ordered.slice(cut) };
  }
  return { fit: train.filter((_, k) => k % 8 !== 7), stop: train.filter((_, k) => k % 8 === 7) };
}
