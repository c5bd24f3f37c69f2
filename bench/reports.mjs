// Every report over a million contacts and ten million events, next to the same tunnel question answered by a
// full scan of the raw events, on SQLite and PostgreSQL. The dataset (events and the facts the fold derives from
// them) is generated once into bench/.data and reused.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DOCTRINE_PRESETS, compileDoctrine, contactFacts, emptyContactState, foldEvents } from '../packages/core/dist/index.js';
import { createReports } from '../packages/server/dist/app/reports.js';
import { FACT_COLUMNS, factsRowOf } from '../packages/server/dist/storage/fact-columns.js';
import { createStore } from '../packages/server/dist/storage/create-store.js';
import { freshPgDatabase } from './lib/servers.mjs';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 1);
const SOURCES = ['google', 'google', 'linkedin', 'newsletter', 'terrain', null];
const NAMES = ['Form Submitted', 'Document Downloaded', 'Chat Started', 'Call Logged', 'Product Added', 'Order Completed', 'Email Opened', 'Checkout Started'];
const PATHS = ['/', '/fonctionnalites', '/tarifs', '/blog/crm-pme-guide', '/livre-blanc', '/panier'];
/** Each report with its query's own fields; `costs by segment` is the cost report's segment view (issue 16). */
const REPORTS = [['tunnel'], ['blocking-points'], ['costs'], ['costs by segment', 'costs', { groupBy: 'segment' }], ['campaigns'], ['doctrine-check']];
/** Live segments of the dataset: segment s holds a deterministic 5 % to 40 % of the contacts (about 4.5 memberships per contact). */
const SEGMENTS = 20;
const inSegment = (contact, s) => (((contact + 1) * 2654435761 + s * 40503) >>> 0) % 100 < 5 + Math.floor((s * 35) / (SEGMENTS - 1));
const compiled = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']);

/** One contact's events, deterministic: mostly pages, some conversions, over the last 365 days. */
function eventsOf(contact, perContact) {
  let seed = (contact + 1) * 2654435761;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const source = SOURCES[contact % SOURCES.length];
  const campaign = source ? `${source}-${contact % 4}` : undefined;
  let at = NOW - Math.floor(random() * 365 * DAY);
  const events = [];
  for (let i = 0; i < perContact; i++) {
    at += Math.floor(random() * 900_000) + 20_000;
    const page = random() < 0.8;
    const name = page ? null : NAMES[Math.floor(random() * (random() < 0.7 ? 2 : NAMES.length))];
    const context = { page: { path: PATHS[Math.floor(random() * PATHS.length)] }, ...(i === 0 && source ? { campaign: { source, medium: 'cpc', name: campaign } } : {}) };
    events.push({ id: `ev_${contact.toString(36)}_${i}`, type: page ? 'page' : 'track', name, userId: null, anonymousId: `a${contact}`, previousId: null, groupId: null, at, receivedAt: at, properties: name === 'Order Completed' ? { revenue: 828 } : {}, traits: {}, context, bot: false, internal: false });
  }
  return events;
}

function factsOf(contact, events) {
  const state = foldEvents(emptyContactState(), events, compiled.foldParams);
  const stage = compiled.stageOf(state, NOW).stage;
  return factsRowOf({ id: `ct_${contact.toString(36).padStart(9, '0')}`, facts: contactFacts(state, stage, compiled.temperatureOf) });
}

const eventRow = (contact, e) => [e.id, `ct_${contact.toString(36).padStart(9, '0')}`, e.type, e.name, e.at, JSON.stringify({ properties: e.properties, traits: {}, context: e.context })];
const FACTS = ['contact_id', ...FACT_COLUMNS];

async function generate(engine, target, contacts, perContact) {
  const store = await createStore(engine === 'sqlite' ? { dataDir: target } : { databaseUrl: target, dataDir: '.' });
  await store.migrate();
  await store.close();
  if (engine === 'sqlite') {
    const db = new Database(join(target, 'leadpulse.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const insertEvent = db.prepare('insert into events (id, contact_id, origin_contact_id, type, name, at, received_at, bot, internal, anonymous_id, payload) values (?, ?, ?, ?, ?, ?, ?, 0, 0, null, ?)');
    const insertFacts = db.prepare(`insert into contact_facts (${FACTS.join(', ')}) values (${FACTS.map((c) => `@${c}`).join(', ')})`);
    const chunk = db.transaction((from, to) => {
      for (let c = from; c < to; c++) {
        const events = eventsOf(c, perContact);
        for (const e of events) {
          const [id, contactId, type, name, at, payload] = eventRow(c, e);
          insertEvent.run(id, contactId, contactId, type, name, at, at, payload);
        }
        insertFacts.run(factsOf(c, events));
      }
    });
    for (let c = 0; c < contacts; c += 5000) chunk(c, Math.min(contacts, c + 5000));
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  for (let c = 0; c < contacts; c += 2000) {
    const cols = [[], [], [], [], [], []];
    const facts = [];
    for (let k = c; k < Math.min(contacts, c + 2000); k++) {
      const events = eventsOf(k, perContact);
      for (const e of events) eventRow(k, e).forEach((v, i) => cols[i].push(v));
      facts.push(factsOf(k, events));
    }
    await client.query('insert into events (id, contact_id, origin_contact_id, type, name, at, received_at, payload) select i, c, c, t, n, a, a, p from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[]) as u(i, c, t, n, a, p)', cols);
    await client.query(`insert into contact_facts (${FACTS.join(', ')}) select * from json_populate_recordset(null::contact_facts, $1)`, [JSON.stringify(facts)]);
  }
  await client.query('analyze');
  await client.end();
}

/** SEGMENTS live segments and their members, written once (a cached dataset from before issue 16 gets them too). */
async function seedSegments(engine, target, contacts) {
  const segmentRows = Array.from({ length: SEGMENTS }, (_, s) => {
    const key = `bench-${String(s).padStart(2, '0')}`;
    return [`sg_bench_${String(s).padStart(2, '0')}`, key, key, JSON.stringify({ key, name: key, where: { stage: ['cold'] } }), 1, 'live', NOW, NOW];
  });
  const membersOf = (from, to) => {
    const rows = [];
    for (let c = from; c < to; c++) for (let s = 0; s < SEGMENTS; s++) if (inSegment(c, s)) rows.push([segmentRows[s][0], `ct_${c.toString(36).padStart(9, '0')}`]);
    return rows;
  };
  if (engine === 'sqlite') {
    const db = new Database(join(target, 'leadpulse.sqlite'));
    if (db.prepare('select count(*) as n from segments').get().n === 0) {
      db.pragma('synchronous = OFF');
      const insertSegment = db.prepare('insert into segments (id, key, name, definition, version, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
      const insertMember = db.prepare(`insert into segment_members (segment_id, contact_id, entered_at) values (?, ?, ${NOW})`);
      db.transaction(() => segmentRows.forEach((row) => insertSegment.run(...row)))();
      const chunk = db.transaction((from, to) => membersOf(from, to).forEach((row) => insertMember.run(...row)));
      for (let c = 0; c < contacts; c += 20_000) chunk(c, Math.min(contacts, c + 20_000));
    }
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  if (Number((await client.query('select count(*) as n from segments')).rows[0].n) === 0) {
    for (const row of segmentRows) await client.query('insert into segments (id, key, name, definition, version, status, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8)', row);
    for (let c = 0; c < contacts; c += 20_000) {
      const rows = membersOf(c, Math.min(contacts, c + 20_000));
      await client.query(`insert into segment_members (segment_id, contact_id, entered_at) select s, c, ${NOW} from unnest($1::text[], $2::text[]) as u(s, c)`, [rows.map((r) => r[0]), rows.map((r) => r[1])]);
    }
    await client.query('analyze');
  }
  await client.end();
}

/** The tunnel's counts straight from the event log: first event and first conversion events, per contact. */
const FULL_SCAN = `select count(*) as contacts, count(warm_at) as warm, count(hot_at) as hot, count(client_at) as client from (
  select contact_id, min(at) as first_at,
    min(case when name in ('Form Submitted', 'Document Downloaded', 'Signed Up', 'Trial Started') then at end) as warm_at,
    min(case when name in ('Chat Started', 'Call Logged', 'Demo Requested') then at end) as hot_at,
    min(case when name = 'Order Completed' then at end) as client_at
  from events group by contact_id) t where first_at >= $from and first_at < $to`;

async function timed(fn, runs) {
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

export async function benchReports({ contacts, perContact, engine }) {
  const name = `reports-${engine}-${contacts}x${perContact}`;
  let target;
  let database = null;
  if (engine === 'sqlite') {
    target = join('bench', '.data', name);
    if (!existsSync(join(target, 'leadpulse.sqlite'))) {
      const building = `${target}.building`;
      rmSync(building, { recursive: true, force: true });
      mkdirSync(building, { recursive: true });
      await generate('sqlite', building, contacts, perContact);
      renameSync(building, target);
    }
  } else {
    database = await freshPgDatabase('leadpulse_bench_reports');
    target = database.url;
    await generate('postgres', target, contacts, perContact);
  }
  const store = await createStore(engine === 'sqlite' ? { dataDir: target } : { databaseUrl: target, dataDir: '.' });
  // A dataset cached by an earlier version gets the newer migrations (the rollup is backfilled once).
  await store.migrate();
  await seedSegments(engine, target, contacts);
  const record = { version: 1, doctrine: DOCTRINE_PRESETS['suspect-prospect-lead'], note: null, createdAt: NOW };
  const reports = createReports({ store, clock: { now: () => new Date(NOW) }, doctrine: () => ({ version: 1, compiled, record }) });
  await reports.addCostLines([
    { channel: 'google', from: '2025-11-01', to: '2026-10-31', amount: 120000 },
    { channel: 'terrain', kind: 'field', from: '2025-11-01', to: '2026-10-31', amount: 90000 },
    { channel: 'terrain', kind: 'field', from: '2025-11-01', to: '2026-10-31', amount: 30000, segmentId: 'sg_bench_00' },
  ]);
  const query = { from: '2025-11-01', to: '2026-10-31', groupBy: 'source' };
  const rows = [];
  for (const [report, name = report, extra = {}] of REPORTS) {
    // The first run warms the caches (and starts the report worker); a report that takes over 10 s is timed once more.
    const warm = await timed(() => reports.run(name, { ...query, ...extra }), 1);
    const { ms, value } = await timed(() => reports.run(name, { ...query, ...extra }), warm.ms > 10_000 ? 1 : 3);
    if (!value.ok) throw new Error(`${report}: ${value.error.message}`);
    rows.push({ report, ms, rows: value.value.table.rows.length });
  }
  await store.close();

  const from = Date.UTC(2025, 10, 1);
  const to = Date.UTC(2026, 10, 1);
  let scan;
  if (engine === 'sqlite') {
    const db = new Database(join(target, 'leadpulse.sqlite'), { readonly: true });
    const statement = db.prepare(FULL_SCAN.replace('$from', '@from').replace('$to', '@to'));
    scan = await timed(() => statement.get({ from, to }), 2);
    db.close();
  } else {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    scan = await timed(async () => (await client.query(FULL_SCAN.replace('$from', '$1').replace('$to', '$2'), [from, to])).rows[0], 2);
    await client.end();
  }
  await database?.drop();
  return { engine, contacts, events: contacts * perContact, reports: rows, fullScanMs: scan.ms, fullScan: scan.value };
}
