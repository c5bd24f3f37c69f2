import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import { createStore } from './create-store.js';

let dir: string;
let store: Store;
const ROWS = 200_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leadpulse-reader-'));
  store = await createStore({ dataDir: dir });
  await store.migrate();
  // Enough facts rows for a report to take a while, written straight into the file.
  const database = new Database(join(dir, 'leadpulse.sqlite'));
  const rows = (table: string, columns: string, values: string) =>
    database.prepare(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS}) insert into ${table} (${columns}) select ${values} from n`).run();
  rows('contact_facts', 'contact_id, first_seen_at, stage, cold_at', `'ct_' || i, 1700000000000 + i, 'cold', 1700000000000 + i * 2`);
  rows('contact_details', 'contact_id, traits', `'ct_' || i, json_object('city', 'c' || (i % 50))`);
  database.close();
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('answers reports from a worker thread, so the main thread keeps serving while one runs', async () => {
  // The longest pause of the main thread's event loop while the report runs.
  let last = performance.now();
  let longestPause = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestPause = Math.max(longestPause, now - last);
    last = now;
  }, 2);
  const started = performance.now();
  const { inputs } = await store.reports.tunnelInputs({}, 'trait:city', 50_000);
  const took = performance.now() - started;
  clearInterval(ticker);
  longestPause = Math.max(longestPause, performance.now() - last);
  expect(inputs).toHaveLength(50);
  expect(inputs.reduce((sum, i) => sum + i.contacts, 0)).toBe(ROWS);
  // On the main thread, better-sqlite3 would block the loop for most of the report's time.
  expect(took).toBeGreaterThan(100);
  expect(longestPause).toBeLessThan(took / 4);
});

it('sees what the main connection committed, and starts again after close', async () => {
  await store.reports.addCostLines([{ id: 'cost_r', channel: 'salon', campaign: null, kind: 'field', periodStart: 0, periodEnd: 10, amount: 5, currency: 'EUR', note: null, createdAt: 0 }]);
  const database = new Database(join(dir, 'leadpulse.sqlite'));
  database.prepare(`insert into contact_facts (contact_id, first_seen_at, stage, first_source) values ('ct_new', 1, 'cold', 'salon')`).run();
  database.close();
  expect((await store.reports.channelCounts({ to: 2 }, 'source')).map((c) => [c.channel, c.contacts])).toEqual([['salon', 1]]);
});
