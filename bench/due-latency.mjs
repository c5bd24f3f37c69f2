import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildServer } from '../packages/server/dist/main.js';
import { BENCH_TEMPLATE, indexOfEnrolment, seedEnrolments, taskScenario } from './lib/follow-ups.mjs';
import { percentile } from './lib/run-load.mjs';
import { ADMIN_TOKEN, WRITE_KEY } from './lib/servers.mjs';

const HOT_ALERT = { key: 'bench-hot-alert', name: 'Hot lead alert', trigger: { type: 'stage_entered', stage: 'hot' }, steps: [{ id: 'alert', type: 'sales_alert', to: 'owner' }], exit: [], reentry: { policy: 'never' } };
const LEAD_MS = 3000;
const POLL_MS = 100;

/**
 * Due steps at scale, on SQLite with the real clock and the scheduler at its default interval (1 s): `enrolments`
 * active enrolments whose step (a sales task: a row written with the enrolment's new position, as a send is) comes due
 * evenly over `spreadSeconds`. A reader polls the store every 100 ms for the new rows: the delay of each is the
 * instant it was seen committed minus its due instant (an upper bound, by up to the poll). Meanwhile, probes move a
 * new contact to hot over HTTP every 250 ms; the sales alert is written in the same transaction, so the HTTP answer
 * (sent after the commit) is when it is in the outbox.
 */
export async function benchDueLatency({ enrolments, spreadSeconds }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-bench-due-'));
  const server = await buildServer({ port: 0, host: '127.0.0.1', dataDir, writeKey: WRITE_KEY, adminToken: ADMIN_TOKEN, role: 'all', trustProxy: false, logLevel: 'silent', schedulerIntervalMs: 1000, ingestBatchMax: 1000, ingestFlushMs: 2 });
  const app = server.app;
  await app.templates.create(BENCH_TEMPLATE);
  const scenario = await app.scenarios.create(taskScenario('bench-due'), { activate: true });
  await app.scenarios.create(HOT_ALERT, { activate: true });
  if (!scenario.ok) throw new Error(JSON.stringify(scenario.error));
  const seeded = Date.now();
  const startAt = seeded + 60_000;
  // Due instants are placed after the seeding and the start, whatever they take: fixed from the start below.
  const due = (i) => startAt + Math.floor((i * spreadSeconds * 1000) / enrolments);
  seedEnrolments(dataDir, scenario.value, { to: enrolments, dueAt: due, now: seeded });
  const shift = Date.now() + LEAD_MS - startAt;
  const db = new Database(join(dataDir, 'leadpulse.sqlite'));
  db.prepare('update enrolments set due_at = due_at + ? where scenario_id = ?').run(shift, scenario.value.id);
  db.close();
  const dueOf = (i) => due(i) + shift;

  const { url } = await server.start();
  const reader = new Database(join(dataDir, 'leadpulse.sqlite'), { readonly: true });
  const fresh = reader.prepare('select rowid, enrolment_id from tasks where rowid > ? order by rowid');
  const delays = [];
  let lastRow = 0;
  const poll = () => {
    const now = Date.now();
    for (const row of fresh.all(lastRow)) {
      lastRow = row.rowid;
      delays.push(now - dueOf(indexOfEnrolment(row.enrolment_id)));
    }
  };
  const polling = setInterval(poll, POLL_MS);

  const hot = [];
  const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
  const deadline = Date.now() + LEAD_MS + spreadSeconds * 1000 + 120_000;
  for (let i = 0; delays.length < enrolments && Date.now() < deadline; i++) {
    if (Date.now() < dueOf(enrolments - 1)) {
      const at = new Date().toISOString();
      const batch = [
        { type: 'identify', userId: `hot-${i}`, traits: { email: `hot-${i}@example.com`, owner: 'owner@example.com' }, timestamp: at },
        { type: 'track', userId: `hot-${i}`, event: 'Demo Requested', timestamp: at },
      ];
      const sent = performance.now();
      const answer = await globalThis.fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify({ batch }) });
      await answer.arrayBuffer();
      if (answer.ok) hot.push(performance.now() - sent);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  clearInterval(polling);
  poll();
  reader.close();
  const alerts = (await app.outbox.list({ limit: 1000 })).sends.filter((s) => s.channel === 'alert').length;
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    enrolments,
    spreadSeconds,
    ran: delays.length,
    dueP50: percentile(delays, 50),
    dueP99: percentile(delays, 99),
    dueMax: Math.max(...delays),
    hotProbes: hot.length,
    alerts,
    hotP50: percentile(hot, 50),
    hotP99: percentile(hot, 99),
  };
}
