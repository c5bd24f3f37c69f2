import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDemoEvents } from '../packages/server/dist/demo/generate-demo.js';
import { sampleBackends } from './lib/pg-backend-cpu.mjs';
import { freshPgDatabase } from './lib/servers.mjs';

const CPU_ON_EXIT = fileURLToPath(new URL('./lib/cpu-on-exit.mjs', import.meta.url));
// The checkout whose CLI is measured: this one, or another built tree (to compare variants of a change).
const HERE = resolve(process.env.BENCH_IMPORT_CHECKOUT ?? fileURLToPath(new URL('..', import.meta.url)));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * `leadpulse import` of an NDJSON file, run as a user would run it, on both engines. Besides the wall time, each run
 * records CPU time, which moves much less than wall time on a shared machine: the CLI process's own (all threads), and
 * on PostgreSQL the server backends that served it (sampled from /proc while it runs).
 *
 * BENCH_IMPORT_BASELINE=<dir of a built checkout> also runs that checkout's CLI on the same file, alternating with
 * this one (which goes first changes each round), and reports new ÷ old per round and their medians.
 * BENCH_IMPORT_ROUNDS sets the rounds (3 with a baseline, else 1); the figures without a ratio are the median round's.
 * BENCH_IMPORT_CHECKOUT measures another built tree instead of this one; BENCH_IMPORT_ENGINES=sqlite (or postgres) one engine.
 */
export async function benchImport({ visitors }) {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-import-'));
  const file = join(dir, 'events.ndjson');
  const events = [...generateDemoEvents({ now: new Date(), visitors, seed: 11 })];
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
  const baseline = process.env.BENCH_IMPORT_BASELINE ? resolve(process.env.BENCH_IMPORT_BASELINE) : null;
  const rounds = Number(process.env.BENCH_IMPORT_ROUNDS ?? (baseline ? 3 : 1));
  const checkouts = baseline ? [['new', HERE], ['old', baseline]] : [['new', HERE]];
  const results = { events: events.length };
  for (const engine of (process.env.BENCH_IMPORT_ENGINES ?? 'sqlite,postgres').split(',')) {
    const runs = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? checkouts : [...checkouts].reverse();
      const measured = {};
      for (const [label, checkout] of order) {
        measured[label] = await importOnce({ engine, checkout, file, events: events.length, dataDir: join(dir, `data-${engine}-${label}-${round}`) });
        const { wallSeconds, cliCpuSeconds, serverCpuSeconds } = measured[label];
        console.error(`import ${engine} round ${round + 1} ${label}: wall ${wallSeconds.toFixed(2)} s, CPU ${cliCpuSeconds.toFixed(2)} s CLI + ${serverCpuSeconds.toFixed(2)} s server`);
      }
      runs.push(measured);
    }
    const byCpu = [...runs].sort((a, b) => a.new.cpuSeconds - b.new.cpuSeconds);
    results[engine] = { ...byCpu[Math.floor(byCpu.length / 2)].new };
    if (baseline) {
      const rows = runs.map((r) => ({ new: r.new, old: r.old, eventsPerSecond: r.new.eventsPerSecond / r.old.eventsPerSecond, cpu: r.old.cpuSeconds / r.new.cpuSeconds }));
      results[engine].baseline = { checkout: baseline, rounds: rows, medianEventsPerSecondRatio: median(rows.map((r) => r.eventsPerSecond)), medianCpuRatio: median(rows.map((r) => r.cpu)) };
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return results;
}

/** One import by the CLI of `checkout`, in a fresh store. `cpuSeconds` is the CLI's plus, on PostgreSQL, the server's. */
async function importOnce({ engine, checkout, file, events, dataDir }) {
  const database = engine === 'postgres' ? await freshPgDatabase(`leadpulse_import_${process.pid}`) : null;
  const cpuFile = `${dataDir}.cpu`;
  const env = { ...process.env, LEADPULSE_DATA_DIR: dataDir, LEADPULSE_LOG_LEVEL: 'warn', BENCH_CPU_FILE: cpuFile, ...(database ? { LEADPULSE_DATABASE_URL: database.url } : {}) };
  const sampler = database ? await sampleBackends(new URL(database.url).pathname.slice(1)) : null;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', pathToFileURL(CPU_ON_EXIT).href, join(checkout, 'packages/server/dist/cli/leadpulse.js'), 'import', file], { cwd: checkout, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk)); // progress lines; shown only if the import fails
  const exitCode = await new Promise((done) => child.on('close', done));
  if (exitCode !== 0) process.stderr.write(stderr);
  const wallSeconds = (performance.now() - started) / 1000;
  const serverCpuSeconds = (await sampler?.stop()) ?? 0;
  const cliCpuSeconds = Number(readFileSync(cpuFile, 'utf8'));
  await database?.drop();
  return { wallSeconds, eventsPerSecond: events / wallSeconds, cliCpuSeconds, serverCpuSeconds, cpuSeconds: cliCpuSeconds + serverCpuSeconds, summary: lastLine(stdout), exitCode };
}

/** The CLI's closing summary: its last line (a warning logged before it may share stdout). */
function lastLine(text) {
  return text.trim().split('\n').at(-1) ?? '';
}
