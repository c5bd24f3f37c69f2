// Issue 17: training the purchase model on many snapshots (both kinds, selection, calibration, refit) and the cost of
// one online score. Goal: 1,000,000 snapshots in under 2 minutes and 2 GiB; scoring well under 5 µs per contact.
import { syntheticDataset } from '../packages/core/dist/predict/synthetic-dataset.js';
import { trainModel } from '../packages/core/dist/predict/train-model.js';
import { scoreWith } from '../packages/core/dist/predict/score-model.js';

const DAY = 86_400_000;

/** Trains on a seeded synthetic dataset (long-tailed counts, missing values, ~5 % buyers) and times it. */
export function benchPredictTrain({ rows = 1_000_000, features = 60, log = () => {} } = {}) {
  const now = Date.UTC(2026, 0, 1);
  const built = performance.now();
  const dataset = syntheticDataset({ rows, features, seed: 17, from: now - 730 * DAY, to: now - 30 * DAY });
  const buildSeconds = (performance.now() - built) / 1000;
  const rssBefore = process.memoryUsage().rss;
  const phases = {};
  let phase = '';
  let phaseStart = performance.now();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = trainModel(dataset, {
    horizonDays: 30,
    now,
    onProgress: (_done, _total, name) => {
      if (name === phase) return;
      const at = performance.now();
      if (phase) phases[phase] = (phases[phase] ?? 0) + (at - phaseStart) / 1000;
      log(`predict-train: ${name}`);
      phase = name;
      phaseStart = at;
    },
  });
  const trainSeconds = (performance.now() - started) / 1000;
  // CPU time as well as wall time: the machine is shared, and wall time includes waiting for a core.
  const trainCpu = process.cpuUsage(cpuStarted);
  const trainCpuSeconds = (trainCpu.user + trainCpu.system) / 1e6;
  if (phase) phases[phase] = (phases[phase] ?? 0) + (performance.now() - phaseStart) / 1000;
  if (!result.ok) throw new Error(`training refused: ${result.error.message}`);
  const { model } = result.value;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;

  // Scoring alone: the model part of an online evaluation, over real rows of the matrix.
  const p = dataset.features.length;
  const sample = Math.min(rows, 200_000);
  let sink = 0;
  for (let i = 0; i < sample; i++) sink += scoreWith(model, dataset.x, (i % rows) * p);
  const scoringStart = performance.now();
  const scoringCpu = process.cpuUsage();
  const evaluations = 1_000_000;
  for (let i = 0; i < evaluations; i++) sink += scoreWith(model, dataset.x, (i % sample) * p);
  const scoreMicros = ((performance.now() - scoringStart) * 1000) / evaluations;
  const scoringCpuUsed = process.cpuUsage(scoringCpu);
  const scoreCpuMicros = (scoringCpuUsed.user + scoringCpuUsed.system) / evaluations;
  const trees = model.boosted?.trees.length ?? 0;
  return {
    rows, features, buildSeconds, trainSeconds, trainCpuSeconds, phases, peakRssMiB, datasetMiB: dataset.x.byteLength / 2 ** 20, rssBeforeTrainingMiB: rssBefore / 2 ** 20,
    kind: model.kind, trees, auc: model.card.auc, candidates: model.card.candidates, brier: model.card.brier, scoreMicros, scoreCpuMicros, sink,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const features = Number(process.argv[3] ?? 60);
  const result = benchPredictTrain({ rows, features, log: (line) => console.error(new Date().toISOString().slice(11, 19), line) });
  console.log(JSON.stringify(result, null, 2));
}
