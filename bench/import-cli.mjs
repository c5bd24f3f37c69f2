import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoEvents } from '../packages/server/dist/demo/generate-demo.js';
import { freshPgDatabase } from './lib/servers.mjs';

/** `leadpulse import` of an NDJSON file, run as a user would run it, on both engines. */
export async function benchImport({ visitors }) {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-import-'));
  const file = join(dir, 'events.ndjson');
  const events = [...generateDemoEvents({ now: new Date(), visitors, seed: 11 })];
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
  const results = { events: events.length };
  for (const engine of ['sqlite', 'postgres']) {
    const database = engine === 'postgres' ? await freshPgDatabase(`leadpulse_import_${process.pid}`) : null;
    const env = { ...process.env, LEADPULSE_DATA_DIR: join(dir, 'data'), LEADPULSE_LOG_LEVEL: 'warn', ...(database ? { LEADPULSE_DATABASE_URL: database.url } : {}) };
    const started = performance.now();
    const run = spawnSync(process.execPath, ['packages/server/dist/cli/leadpulse.js', 'import', file], { env, encoding: 'utf8' });
    const seconds = (performance.now() - started) / 1000;
    results[engine] = { wallSeconds: seconds, eventsPerSecond: events.length / seconds, summary: run.stdout.trim(), exitCode: run.status };
    await database?.drop();
  }
  rmSync(dir, { recursive: true, force: true });
  return results;
}
