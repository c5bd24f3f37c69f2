import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import type { PredictiveModel } from './predictive-model.js';
import { compileLogOdds, scoreWith } from './score-model.js';
import { syntheticDataset } from './synthetic-dataset.js';
import { findFeatureIssues, trainModel } from './train-model.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);

function withColumns(data: Dataset, extra: { key: string; value: (row: number) => number }[]): Dataset {
  const p = data.features.length;
  const q = p + extra.length;
  const x = new Float64Array(data.rows * q);
  for (let i = 0; i < data.rows; i++) {
    x.set(data.x.subarray(i * p, i * p + p), i * q);
    extra.forEach((column, c) => (x[i * q + p + c] = column.value(i)));
  }
  const features = [...data.features, ...extra.map(({ key }) => ({ key, kind: 'number' as const, labels: { en: key, fr: key } }))];
  return { ...data, features, x };
}

describe('trainModel', () => {
  const data = syntheticDataset({ rows: 5000, features: 16, seed: 4, from: NOW - 400 * DAY, to: NOW - 40 * DAY });

  it('validates on the latest snapshots, publishes a calibrated model and its card', () => {
    const phases = new Set<string>();
    const result = trainModel(data, { horizonDays: 30, now: NOW, onProgress: (_done, _total, phase) => phases.add(phase) });
    if (!result.ok) throw new Error(result.error.message);
    const { model } = result.value;
    const { card } = model;
    expect(card).toMatchObject({ trainedAt: NOW, horizonDays: 30, rows: 5000, validation: 'time', validationRows: 1000, baselineAuc: null, featureIssues: [] });
    expect(card.candidates.map((c) => c.kind)).toEqual(['logistic', 'boosted']);
    expect(card.auc).toBe(Math.max(...card.candidates.map((c) => c.auc)));
    expect(model.kind).toBe(card.candidates.find((c) => c.auc === card.auc)!.kind);
    expect(card.auc).toBeGreaterThan(0.75);
    expect(card.precisionAtTop10).toBeGreaterThan(0.15);
    expect(card.brier).toBeLessThan(0.05);
    expect(card.reliability.reduce((sum, bin) => sum + bin.count, 0)).toBe(1000);
    expect(card.from).toBeGreaterThanOrEqual(NOW - 400 * DAY);
    expect(card.to).toBeLessThanOrEqual(NOW - 40 * DAY);
    // A time split publishes the model fitted on the earlier rows, as validated and calibrated: no refit.
    expect([...phases]).toEqual(['binning', 'logistic', 'boosting', 'calibration']);
    const loaded = JSON.parse(JSON.stringify(model)) as PredictiveModel;
    const p = scoreWith(loaded, data.x, 0);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });

  it('cross-validates time-free data with stratified folds', () => {
    const phases = new Set<string>();
    const result = trainModel(data, { horizonDays: 90, now: NOW, validation: { folds: 4 }, onProgress: (_done, _total, phase) => phases.add(phase) });
    if (!result.ok) throw new Error(result.error.message);
    // Folds refit the winner on every row, keeping the calibration of its out-of-fold predictions.
    expect(phases.has('refit')).toBe(true);
    expect(result.value.model.card).toMatchObject({ validation: 'cross', validationRows: 5000, horizonDays: 90 });
    expect(result.value.model.card.auc).toBeGreaterThan(0.75);
  });

  it('refuses with too few outcomes, saying how many are needed and how many there are', () => {
    const few = { ...data, y: data.y.map((v, i) => (i < 600 ? v : 0)) };
    const result = trainModel(few, { horizonDays: 30, now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const positives = few.y.reduce((a, b) => a + b, 0);
    expect(result.error).toEqual({ code: 'too_few_outcomes', positives, negatives: 5000 - positives, needed: 50, message: expect.stringContaining(`at least 50 contacts who bought within 30 days`) });
    expect(result.error.message).toContain(`the data has ${positives} and ${5000 - positives}`);
  });

  it('reports constant and always-missing features instead of silently zeroing them', () => {
    const odd = withColumns(data, [{ key: 'plan:constant', value: () => 3 }, { key: 'trait:never-set', value: () => NaN }]);
    expect(findFeatureIssues(odd)).toEqual([{ key: 'plan:constant', issue: 'constant' }, { key: 'trait:never-set', issue: 'missing' }]);
    const result = trainModel(odd, { horizonDays: 30, now: NOW, validation: { folds: 3 } });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.model.card.featureIssues).toHaveLength(2);
    const factors = compileLogOdds(result.value.model);
    const p = odd.features.length;
    // The excluded columns cannot move the score.
    const row = Float64Array.from(odd.x.subarray(0, p));
    const before = factors(row, 0);
    row[p - 2] = 1000;
    row[p - 1] = 5;
    expect(factors(row, 0)).toBe(before);
  });

  it("refuses a model that ranks worse than the doctrine's own score", () => {
    // A baseline that knows the answer: no model can beat it.
    const baseline = Float64Array.from(data.y, (v, i) => v + (i % 7) / 100);
    const result = trainModel(data, { horizonDays: 30, now: NOW, baseline });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'worse_than_doctrine', baselineAuc: expect.any(Number), auc: expect.any(Number) });
  });

  it("records the doctrine's AUC when the model beats it", () => {
    const baseline = Float64Array.from({ length: data.rows }, (_, i) => data.x[i * 16]!);
    const result = trainModel(data, { horizonDays: 30, now: NOW, baseline });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.model.card.baselineAuc).toBeLessThan(result.value.model.card.auc);
  });

  it('refuses a model that validates worse than the published one', () => {
    // Behaviour changed: early snapshots buy on column "a", late ones on column "b". The published model already
    // knows "b"; a model learnt from the early snapshots cannot rank the late ones as well.
    const rows = 4000;
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const x = new Float64Array(rows * 2);
    const y = new Uint8Array(rows);
    const at = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      x[i * 2] = random();
      x[i * 2 + 1] = random();
      at[i] = NOW - (rows - i) * DAY;
      const driver = i < rows * 0.8 ? x[i * 2]! : x[i * 2 + 1]!;
      y[i] = random() < driver * driver * 0.5 ? 1 : 0;
    }
    const features = ['a', 'b'].map((key) => ({ key, kind: 'number' as const, labels: { en: key, fr: key } }));
    const drifted: Dataset = { features, rows, x, y, at };
    const previous: PredictiveModel = {
      v: 1, kind: 'logistic', horizonDays: 30, features, calibration: { kind: 'platt', a: -1, b: 0 },
      logistic: { intercept: -2, mean: [0.5, 0.5], scale: [0.3, 0.3], weight: [0, 1.5], missingWeight: [0, 0], missingMean: [0, 0], missingScale: [1, 1] },
      card: { trainedAt: 0, horizonDays: 30, rows: 0, positives: 0, from: 0, to: 0, validation: 'time', validationRows: 0, auc: 0.7, precisionAtTop10: 0, brier: 0, reliability: [], baselineAuc: null, candidates: [], featureIssues: [] },
    };
    const result = trainModel(drifted, { horizonDays: 30, now: NOW, previous });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'worse_than_previous' });
  });
});
