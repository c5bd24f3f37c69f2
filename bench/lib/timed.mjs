import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPgDatabase } from './servers.mjs';

/** The median of `runs` timings of `fn` (ms), with the last value it returned. */
export async function timed(fn, runs) {
  const times = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], value };
}

/** Where a bench's store lives: a fresh SQLite data directory, or a fresh PostgreSQL database (drop it when done). */
export async function benchStore(engine, name) {
  if (engine === 'sqlite') return { target: mkdtempSync(join(tmpdir(), `${name.replaceAll('_', '-')}-`)), database: null };
  const database = await freshPgDatabase(name);
  return { target: database.url, database };
}
