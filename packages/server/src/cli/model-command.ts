import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { areaUnderRoc, brierScore, precisionAtTop, reliabilityTable, scoreWith, type ModelCard, type ReliabilityBin } from '@leadpulse/core';
import { activateDoctrine } from '../app/active-doctrine.js';
import { collectTrainingData } from '../app/predict/collect-training-data.js';
import type { ModelRun } from '../app/predict/model-ports.js';
import { createStore } from '../storage/create-store.js';
import { EXIT, printTable, UsageError, type CliFlags, type CliIo } from './cli-io.js';
import { readMapping } from './import-command.js';
import { readCsv, readNdjson } from './import-sources.js';
import { buildServer } from '../main.js';
import { configFrom, openServer } from './open-server.js';

export const MODEL_HELP = `Usage: leadpulse model train [--horizon 30|90|180] [--format table|json]
       leadpulse model show [--format table|json]
       leadpulse model evaluate --data <file.ndjson|file.csv> [--mapping <mapping.json>] [--format table|json]

train      Trains the predictive score on the store's history (each contact pictured every day or week until it
           bought, labelled by whether it bought within the horizon; default 30 days), prints the model card and
           publishes the model, unless it validates worse than the doctrine's own ranking or the published model,
           or the data has too few buyers: then it says why and publishes nothing (exit 1).
show       The published model's card: validation AUC against the doctrine's, precision at the top 10 %, Brier
           score, calibration per bin, the data it learned from; and the latest runs.
evaluate   Scores other data with the published model: the file is imported into a temporary store (as
           \`leadpulse import\` would, with --mapping for a CSV), pictured the same way, and the same figures are
           computed on it. Nothing is written to the configured store.
  --format   table (default) or json

See docs/predictive-score.md.`;

export async function modelCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  const [action] = positionals;
  const format = flags['format'] ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format expects table or json, got "${String(format)}".`);
  if (action === 'train') return train(io, flags, format);
  if (action === 'show') return show(io, flags, format);
  if (action === 'evaluate') return evaluate(io, flags, format);
  throw new UsageError(`${action ? `Unknown action "${action}".` : 'Missing the action.'}\n\n${MODEL_HELP}`);
}

const percent = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

async function train(io: CliIo, flags: CliFlags, format: 'table' | 'json'): Promise<number> {
  const horizon = flags['horizon'] === undefined ? 30 : Number(flags['horizon']);
  const { server } = await openServer(io, flags);
  try {
    const started = await server.app.models.train({ horizonDays: horizon });
    if (!started.ok) throw new UsageError(started.error.message);
    let phase = '';
    const watch = setInterval(() => {
      void server.app.models.status().then(({ runs }) => {
        const run = runs.find((r) => r.id === started.value.id);
        if (run && run.progress.phase !== phase) io.stderr.write(`training: ${(phase = run.progress.phase)}\n`);
      });
    }, 500);
    await server.app.models.running();
    clearInterval(watch);
    const run = (await server.app.models.status()).runs.find((r) => r.id === started.value.id)!;
    printRun(io, run, format);
    return run.status === 'published' ? EXIT.ok : EXIT.failure;
  } finally {
    await server.stop();
  }
}

async function show(io: CliIo, flags: CliFlags, format: 'table' | 'json'): Promise<number> {
  const { server } = await openServer(io, flags);
  try {
    const { published, runs } = await server.app.models.status();
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ published: published && { id: published.id, kind: published.published?.model.kind, card: published.published?.model.card }, runs: runs.map(({ published: _, ...run }) => run) }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (published) printRun(io, published, format);
    else io.stdout.write('No published model yet: run `leadpulse model train` once the store has enough buyers (50 or more).\n');
    io.stdout.write('\nLatest runs:\n');
    printTable(io, [['id', 'status', 'horizon', 'requested', 'outcome'], ...runs.map((r) => [r.id, r.status, `${r.horizonDays}d`, new Date(r.requestedAt).toISOString(), r.outcome?.message ?? ''])]);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

function printRun(io: CliIo, run: ModelRun, format: 'table' | 'json'): void {
  const model = run.published?.model;
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ id: run.id, status: run.status, kind: model?.kind ?? null, card: model?.card ?? null, outcome: run.outcome }, null, 2)}\n`);
    return;
  }
  if (!model) {
    io.stdout.write(`Model ${run.id} ${run.status}: ${run.outcome?.message ?? ''}\n`);
    return;
  }
  io.stdout.write(`Model ${run.id} (${model.kind}, purchase within ${model.horizonDays} days), ${run.status}\n`);
  printCard(io, model.card);
}

function printCard(io: CliIo, card: Pick<ModelCard, 'auc' | 'precisionAtTop10' | 'brier' | 'reliability'> & Partial<ModelCard>): void {
  const rows: string[][] = [['figure', 'value']];
  rows.push(['AUC (validation)', card.auc.toFixed(3)]);
  if (card.baselineAuc !== undefined) rows.push(["AUC of the doctrine's ranking", card.baselineAuc === null ? '–' : card.baselineAuc.toFixed(3)]);
  rows.push(['precision at the top 10 %', percent(card.precisionAtTop10)]);
  rows.push(['Brier score', card.brier.toFixed(4)]);
  if (card.rows !== undefined) rows.push(['snapshots (buyers)', `${card.rows} (${card.positives})`]);
  if (card.from !== undefined && card.to !== undefined) rows.push(['period', `${day(card.from)} to ${day(card.to)}`]);
  if (card.validation) rows.push(['validation', card.validation === 'time' ? 'earlier snapshots → later 20 %' : 'cross-validation']);
  printTable(io, rows);
  io.stdout.write('\nCalibration (predicted → observed):\n');
  printTable(io, [['bin', 'contacts', 'predicted', 'observed'], ...card.reliability.map((b: ReliabilityBin) => [`${Math.round(b.from * 100)}–${Math.round(b.to * 100)} %`, String(b.count), percent(b.predicted), percent(b.observed)])]);
  if (card.featureIssues?.length) io.stdout.write(`\nColumns left out (constant or always missing): ${card.featureIssues.map((f) => `${f.key} (${f.issue})`).join(', ')}\n`);
}

async function evaluate(io: CliIo, flags: CliFlags, format: 'table' | 'json'): Promise<number> {
  const file = flags['data'];
  if (typeof file !== 'string') throw new UsageError(`model evaluate needs --data <file>.\n\n${MODEL_HELP}`);
  const mappingFile = typeof flags['mapping'] === 'string' ? flags['mapping'] : undefined;
  const isCsv = file.toLowerCase().endsWith('.csv');
  if (isCsv && !mappingFile) throw new UsageError(`${file}: a CSV needs --mapping <mapping.json> (see docs/importing.md).`);
  const { server } = await openServer(io, flags);
  const published = await server.app.models.status().then((s) => s.published?.published ?? null);
  await server.stop();
  if (!published) throw new UsageError('No published model to evaluate: run `leadpulse model train` first.');

  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-evaluate-'));
  try {
    const store = await createStore({ dataDir: dir });
    // A scratch store nobody signs in to: its generated keys are not printed.
    const scratch = await buildServer({ ...configFrom(io, { ...flags, 'data-dir': dir }), logLevel: 'warn' }, { store });
    try {
      const source = isCsv ? readCsv(file, readMapping(mappingFile!)) : readNdjson(file);
      let chunk: unknown[] = [];
      let rejected = 0;
      const flush = async () => {
        if (chunk.length > 0) rejected += (await scratch.app.ingest(chunk, { receivedAt: scratch.app.now() })).rejected;
        chunk = [];
      };
      for await (const item of source) {
        if (item.kind === 'rejected') rejected++;
        else if (chunk.push(item.event) >= 2000) await flush();
      }
      await flush();
      // Pictured as training pictures contacts, with the published model's columns.
      const doctrine = activateDoctrine(await scratch.app.getDoctrine());
      const { dataset } = await collectTrainingData(scratch.store, doctrine, { horizonDays: published.model.horizonDays, now: scratch.app.now(), spec: published.spec });
      const width = published.model.features.length;
      const probability = new Float64Array(dataset.rows);
      for (let i = 0; i < dataset.rows; i++) probability[i] = scoreWith(published.model, dataset.x, i * width);
      const card = { auc: areaUnderRoc(probability, dataset.y), precisionAtTop10: precisionAtTop(probability, dataset.y, 0.1), brier: brierScore(probability, dataset.y), reliability: reliabilityTable(probability, dataset.y) };
      const positives = dataset.y.reduce((a, b) => a + b, 0);
      if (format === 'json') io.stdout.write(`${JSON.stringify({ file, snapshots: dataset.rows, positives, rejected, ...card }, null, 2)}\n`);
      else {
        io.stdout.write(`${file}: ${dataset.rows} snapshots, ${positives} bought within ${published.model.horizonDays} days${rejected ? ` (${rejected} lines rejected)` : ''}\n`);
        printCard(io, card);
      }
      return EXIT.ok;
    } finally {
      await scratch.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
