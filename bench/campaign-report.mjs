// The campaign report (GET /api/v1/reports/scenarios) over a million sends, on SQLite and PostgreSQL, next to a peer
// that answers the funnel part with a plain GROUP BY over the sends table. The sends are inserted through the real
// schema, so the triggers that keep the campaign rollups (funnel: 0012, outcome: 0014) run for each one: the seeding
// rate is the upkeep's cost too.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { DOCTRINE_PRESETS, compileDoctrine } from '../packages/core/dist/index.js';
import { createReports } from '../packages/server/dist/app/reports.js';
import { createStore } from '../packages/server/dist/storage/create-store.js';
import { scanCampaignOutcomes } from '../packages/server/dist/storage/campaign-outcome-scan.js';
import { benchStore, timed } from './lib/timed.mjs';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 1);
const SCENARIOS = 10;
const SENDS_PER_ENROLMENT = 3;
const compiled = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']);
// Where a treated send ends, roughly as mail does: most delivered, a third opened, a tenth clicked, a few bounce.
const FATES = [['delivered', 40], ['opened', 25], ['clicked', 10], ['sent', 15], ['bounced', 3], ['unsubscribed', 2], ['complained', 1], ['failed', 2], ['suppressed', 2]];

function randomOf(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}
function fate(random) {
  let point = random() * 100;
  for (const [status, share] of FATES) if ((point -= share) < 0) return status;
  return 'delivered';
}

/** Enrolment e: its scenario, contact, instant, side (10 % control) and sends; deterministic. */
function* dataset(sends) {
  const random = randomOf(7);
  const enrolments = Math.ceil(sends / SENDS_PER_ENROLMENT);
  for (let e = 0; e < enrolments; e++) {
    const scenario = `scn_bench_${e % SCENARIOS}`;
    const contact = `ct_${e.toString(36).padStart(9, '0')}`;
    const at = NOW - Math.floor(random() * 365 * DAY);
    const control = random() < 0.1;
    const buys = random() < (control ? 0.08 : 0.1);
    const rows = [];
    for (let k = 0; k < SENDS_PER_ENROLMENT && e * SENDS_PER_ENROLMENT + k < sends; k++) {
      const variant = k === 0 ? (random() < 0.5 ? 'a' : 'b') : null;
      const payload = JSON.stringify({ template: `tpl-${k}${variant === 'b' ? '-short' : ''}`, locale: 'en', ...(variant ? { variant } : {}), ...(control ? { group: 'control' } : {}) });
      rows.push([`snd_${e}_${k}`, `${e}:${k}`, `enr_${e}`, scenario, contact, `step-${k}`, 'email', control ? 'suppressed' : fate(random), `<snd_${e}_${k}@bench>`, `${contact}@example.com`, payload, at + k * DAY]);
    }
    yield { e, scenario, contact, at, control, buys, revenue: Math.round(20 + random() * 200), rows };
  }
}

const SEND_COLUMNS = ['id', 'idempotency_key', 'enrolment_id', 'scenario_id', 'contact_id', 'step_id', 'channel', 'status', 'message_id', 'recipient', 'payload', 'created_at'];
const scenarioDoc = (i) => ({ key: `bench-${i}`, name: `Bench ${i}`, trigger: { type: 'event', event: 'Signed Up' }, controlGroup: { percent: 10 }, steps: [{ id: 'step-0', type: 'send_email', template: 'tpl-0' }], exit: [], reentry: { policy: 'never' } });

export async function seed(engine, target, sends) {
  const store = await createStore(engine === 'sqlite' ? { dataDir: target } : { databaseUrl: target, dataDir: '.' });
  await store.migrate();
  for (let i = 0; i < SCENARIOS; i++) await store.scenarios.save({ id: `scn_bench_${i}`, key: `bench-${i}`, version: 1, status: 'active', scenario: scenarioDoc(i), createdAt: NOW, updatedAt: NOW });
  await store.close();
  const start = performance.now();
  if (engine === 'sqlite') {
    const db = new Database(join(target, 'leadpulse.sqlite'));
    db.pragma('journal_mode = WAL');
    const insertSend = db.prepare(`insert into sends (${SEND_COLUMNS.join(', ')}, attempts, updated_at) values (${SEND_COLUMNS.map(() => '?').join(', ')}, 1, ?)`);
    const insertEnrolment = db.prepare('insert into campaign_enrolments (enrolment_id, scenario_id, contact_id, grp, entered_at) values (?, ?, ?, ?, ?)');
    const insertFacts = db.prepare("insert into contact_facts (contact_id, stage, first_seen_at, client_at, revenue, orders, carts, checkouts, pages, sessions, engaged) values (?, 'cold', ?, ?, ?, ?, 0, 0, 3, 1, 0)");
    const insertEvent = db.prepare("insert into events (id, contact_id, origin_contact_id, type, name, at, received_at, bot, internal, payload) values (?, ?, ?, 'track', ?, ?, ?, 0, 0, ?)");
    let batch = [];
    const flush = db.transaction((items) => {
      for (const item of items) {
        for (const row of item.rows) insertSend.run(...row, row[row.length - 1]);
        insertEnrolment.run(`enr_${item.e}`, item.scenario, item.contact, item.control ? 'control' : 'treated', item.at);
        const boughtAt = item.buys ? item.at + 5 * DAY : null;
        insertFacts.run(item.contact, item.at - DAY, boughtAt, item.buys ? item.revenue : 0, item.buys ? 1 : 0);
        insertEvent.run(`ev_${item.e}_s`, item.contact, item.contact, 'Signed Up', item.at, item.at, '{"properties":{}}');
        if (boughtAt) insertEvent.run(`ev_${item.e}_o`, item.contact, item.contact, 'Order Completed', boughtAt, boughtAt, JSON.stringify({ properties: { revenue: item.revenue } }));
      }
    });
    for (const item of dataset(sends)) {
      batch.push(item);
      if (batch.length === 5000) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
    db.close();
  } else {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    let batch = [];
    const flush = async (items) => {
      const s = SEND_COLUMNS.map(() => []);
      const en = [[], [], [], [], []];
      const facts = [[], [], [], []];
      const ev = [[], [], [], [], []];
      for (const item of items) {
        for (const row of item.rows) row.forEach((v, i) => s[i].push(v));
        [`enr_${item.e}`, item.scenario, item.contact, item.control ? 'control' : 'treated', item.at].forEach((v, i) => en[i].push(v));
        const boughtAt = item.buys ? item.at + 5 * DAY : null;
        [item.contact, item.at - DAY, boughtAt, item.buys ? item.revenue : 0].forEach((v, i) => facts[i].push(v));
        const event = (...values) => values.forEach((v, i) => ev[i].push(v));
        event(`ev_${item.e}_s`, item.contact, 'Signed Up', item.at, '{"properties":{}}');
        if (boughtAt) event(`ev_${item.e}_o`, item.contact, 'Order Completed', boughtAt, JSON.stringify({ properties: { revenue: item.revenue } }));
      }
      await client.query('begin');
      await client.query(`insert into sends (${SEND_COLUMNS.join(', ')}, attempts, updated_at) select *, 1, u.ca from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[]) as u(i, k, en, sc, co, st, ch, status, m, r, p, ca)`, s);
      await client.query('insert into campaign_enrolments select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])', en);
      await client.query("insert into contact_facts (contact_id, stage, first_seen_at, client_at, revenue, orders, carts, checkouts, pages, sessions, engaged) select c, 'cold', f, ca, r, case when ca is null then 0 else 1 end, 0, 0, 3, 1, 0 from unnest($1::text[], $2::bigint[], $3::bigint[], $4::float8[]) as u(c, f, ca, r)", facts);
      await client.query("insert into events (id, contact_id, origin_contact_id, type, name, at, received_at, payload) select i, c, c, 'track', n, a, a, p from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) as u(i, c, n, a, p)", ev);
      await client.query('commit');
    };
    for (const item of dataset(sends)) {
      batch.push(item);
      if (batch.length === 2000) {
        await flush(batch);
        batch = [];
      }
    }
    await flush(batch);
    await client.query('analyze');
    await client.end();
  }
  return performance.now() - start;
}

/** The peer: the funnel's counts straight from the sends, one grouped scan over the period. */
const PEER = {
  sqlite: "select scenario_id, step_id, json_extract(payload, '$.template') t, json_extract(payload, '$.variant') v, json_extract(payload, '$.group') g, status, count(*) n from sends where created_at >= ? and created_at < ? group by 1, 2, 3, 4, 5, 6",
  postgres: "select scenario_id, step_id, payload::jsonb ->> 'template' t, payload::jsonb ->> 'variant' v, payload::jsonb ->> 'group' g, status, count(*) n from sends where created_at >= $1 and created_at < $2 group by 1, 2, 3, 4, 5, 6",
};

export async function benchCampaignReport({ sends, engine, log = () => {} }) {
  const { target, database } = await benchStore(engine, 'leadpulse_bench_campaign');
  log(`seeding ${sends} sends on ${engine}`);
  const seedMs = await seed(engine, target, sends);
  const store = await createStore(engine === 'sqlite' ? { dataDir: target } : { databaseUrl: target, dataDir: '.' });
  await store.migrate();
  const record = { version: 1, doctrine: DOCTRINE_PRESETS['suspect-prospect-lead'], note: null, createdAt: NOW };
  const reports = createReports({ store, clock: { now: () => new Date(NOW) }, doctrine: () => ({ version: 1, compiled, record }) });
  const query = { from: '2025-11-01', to: '2026-10-31', horizon: '30d' };
  await timed(() => reports.run('scenarios', query), 1);
  const { ms, value } = await timed(() => reports.run('scenarios', query), 3);
  if (!value.ok) throw new Error(JSON.stringify(value.error));
  const sent = value.value.data.scenarios.reduce((n, s) => n + s.steps.reduce((m, step) => m + step.counts.decided + step.heldOut, 0), 0);
  await store.close();

  const [from, to] = [Date.UTC(2025, 10, 1), Date.UTC(2026, 10, 1)];
  // The second peer: the outcome half read from every enrolment of the period (what the report did before the outcome
  // rollup of migration 0014), on its own connection.
  const kysely = new Kysely({
    dialect: engine === 'sqlite' ? new SqliteDialect({ database: new Database(join(target, 'leadpulse.sqlite'), { readonly: true }) }) : new PostgresDialect({ pool: new pg.Pool({ connectionString: target, max: 2 }) }),
  });
  const goals = Object.fromEntries(Array.from({ length: SCENARIOS }, (_, i) => [`scn_bench_${i}`, 'client']));
  const scan = await timed(() => scanCampaignOutcomes(kysely, { period: { from, to }, horizonMs: 30 * DAY, goals }), 2);
  await kysely.destroy();
  let peer;
  if (engine === 'sqlite') {
    const db = new Database(join(target, 'leadpulse.sqlite'), { readonly: true });
    const statement = db.prepare(PEER.sqlite);
    peer = await timed(() => statement.all(from, to), 2);
    db.close();
    rmSync(target, { recursive: true, force: true });
  } else {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    peer = await timed(async () => (await client.query(PEER.postgres, [from, to])).rows, 2);
    await client.end();
    await database.drop();
  }
  return { engine, sends, seedMs, reportMs: ms, sendsInReport: sent, scenarios: value.value.data.scenarios.length, peerMs: peer.ms, outcomeScanMs: scan.ms };
}
