// Segment preview at a million contacts, on SQLite and PostgreSQL: the count the segment builder shows as conditions
// change (app.segments.preview: validation, the SQL prefilter over contact_facts' typed profile columns, the
// candidates' states evaluated when SQL alone cannot decide, a sample of ten), next to the peer a store without typed
// columns would run: read every contact's state (JSON) and evaluate the same compiled definition in JS.
// Contacts are bulk-loaded straight into contacts and contact_facts (states, facts and profiles made by core's own
// functions), with realistic French demographics.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DOCTRINE_PRESETS, compileDoctrine, compileSegments, emptyContactState, profileOf } from '../packages/core/dist/index.js';
import { createSegmentAdmin } from '../packages/server/dist/app/segments/segment-admin.js';
import { createStore } from '../packages/server/dist/storage/create-store.js';
import { benchStore, timed } from './lib/timed.mjs';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 2, 9);
const PRESET = 'suspect-prospect-lead';
const compiled = compileDoctrine(DOCTRINE_PRESETS[PRESET]);
const doctrine = () => ({ version: 1, compiled, record: { version: 1, doctrine: DOCTRINE_PRESETS[PRESET], note: null, createdAt: NOW, active: true } });

/** The filters timed: the example (inexact: page views per path are in the state only) and two exact ones. */
export const FILTERS = [
  {
    name: 'warm prospects in Lyon aged 30–45 who viewed pricing twice',
    where: { all: [{ stage: ['warm'] }, { geo: { city: ['Lyon'] } }, { age: { atLeast: 30, atMost: 45 } }, { page: '/pricing', atLeast: 2 }] },
  },
  {
    name: 'women 25–34 with a 69… postal code who accept marketing email',
    where: { all: [{ gender: ['female'] }, { ageBand: ['25-34'] }, { geo: { postalCodePrefix: ['69'] } }, { consent: { purpose: 'email_marketing', granted: true } }] },
  },
  {
    name: 'hot or client, outside France or quiet for 90 days',
    where: { all: [{ stage: ['hot', 'client'] }, { any: [{ not: { geo: { country: ['FR'] } } }, { lastSeen: { before: '90d' } }] }] },
  },
];

const CITIES = [
  ['Paris', '75', 22], ['Lyon', '69', 9], ['Marseille', '13', 8], ['Toulouse', '31', 6], ['Nantes', '44', 5], ['Lille', '59', 5], ['Bordeaux', '33', 5],
  ['Rennes', '35', 4], ['Strasbourg', '67', 4], ['Montpellier', '34', 4], ['Villeurbanne', '69', 2], ['Grenoble', '38', 3], ['Nice', '06', 4],
];
const ABROAD = [['Bruxelles', '1000', 'Belgique'], ['Genève', '1201', 'Suisse'], ['Montréal', 'H2X', 'Canada'], ['Luxembourg', '1111', 'Luxembourg']];
const STAGES = [['cold', 50], ['warm', 25], ['hot', 15], ['client', 10]];
const PAGES = ['/', '/blog/segments', '/blog/scoring', '/features', '/pricing', '/tarifs', '/contact', '/demo', '/docs/start', '/about'];

function randomOf(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}
const weighted = (random, items) => {
  let point = random() * items.reduce((n, item) => n + item.at(-1), 0);
  for (const item of items) if ((point -= item.at(-1)) < 0) return item;
  return items[0];
};

/** Contact i: its row, its facts and its profile columns; deterministic. */
function contactOf(i, random) {
  const id = `ct_${i.toString(36).padStart(8, '0')}`;
  const stage = weighted(random, STAGES)[0];
  const abroad = random() < 0.08;
  const [city, postal, country] = abroad ? ABROAD[Math.floor(random() * ABROAD.length)] : (([c, dep]) => [c, `${dep}${String(Math.floor(random() * 1000)).padStart(3, '0')}`, 'France'])(weighted(random, CITIES));
  const traits = { email: `person${i}@example.fr`, firstName: `Person ${i}`, address: { city, postalCode: postal, country } };
  const who = random();
  if (who < 0.85) {
    const born = NOW - Math.floor((18 + random() * 62) * 365.25 * DAY);
    traits.birthday = new Date(born).toISOString().slice(0, 10);
  } else if (who < 0.93) traits.age = 18 + Math.floor(random() * 62);
  const g = random();
  if (g < 0.46) traits.gender = 'female';
  else if (g < 0.9) traits.gender = 'male';
  if (random() < 0.4) traits.householdSize = 1 + Math.floor(random() * 5);
  const lastSeenAt = NOW - Math.floor(random() ** 2 * 365 * DAY);
  const firstSeenAt = lastSeenAt - Math.floor(random() * 200 * DAY);
  const paths = {};
  let views = 0;
  const visits = 1 + Math.floor(random() * 12);
  for (let v = 0; v < visits; v++) {
    const page = PAGES[Math.floor(random() * PAGES.length)];
    paths[page] = (paths[page] ?? 0) + 1;
    views++;
  }
  const c = random();
  const consent = c < 0.4 ? { email_marketing: { granted: true, source: 'identify', at: firstSeenAt } } : c < 0.5 ? { email_marketing: { granted: false, source: 'identify', at: firstSeenAt } } : undefined;
  const state = { ...emptyContactState(), firstSeenAt, lastSeenAt, lastEventAt: lastSeenAt, traits, email: traits.email, lastPath: '/', paths, eventCount: views, ...(consent ? { consent } : {}) };
  const score = Math.round(random() * 100);
  const p = profileOf(state);
  const flag = (v) => (v === true ? 1 : v === false ? 0 : null);
  const contact = [id, traits.email, stage, firstSeenAt, score, JSON.stringify(state), firstSeenAt, lastSeenAt];
  const facts = [id, stage, firstSeenAt, lastSeenAt, Math.floor(lastSeenAt / DAY), views, 1 + Math.floor(visits / 3), p.birthDate, p.age, p.gender, p.householdSize, p.children, p.country, p.region, p.city, p.postalCode, p.latitude, p.longitude, flag(p.consent.email_marketing), flag(p.consent.sms_marketing), flag(p.consent.ad_audiences), flag(p.consent.tracking)];
  return { contact, facts };
}

const CONTACT_COLUMNS = ['id', 'email', 'stage', 'stage_since', 'score', 'state', 'first_seen_at', 'last_seen_at'];
const FACT_COLUMNS = ['contact_id', 'stage', 'first_seen_at', 'last_seen_at', 'last_seen_day', 'pages', 'sessions', 'birth_date', 'age', 'gender', 'household_size', 'children', 'country', 'region', 'city', 'postal_code', 'latitude', 'longitude', 'consent_email', 'consent_sms', 'consent_ads', 'consent_tracking'];
const PG_TYPES = { contact: ['text', 'text', 'text', 'bigint', 'float8', 'text', 'bigint', 'bigint'], facts: ['text', 'text', 'bigint', 'bigint', 'bigint', 'int', 'int', 'bigint', 'float8', 'text', 'int', 'int', 'text', 'text', 'text', 'text', 'float8', 'float8', 'int', 'int', 'int', 'int'] };

export async function seed(engine, target, contacts, log = () => {}) {
  const store = await createStore(engine === 'sqlite' ? { dataDir: target } : { databaseUrl: target, dataDir: '.' });
  await store.migrate();
  await store.close();
  const random = randomOf(16);
  const start = performance.now();
  const BATCH = engine === 'sqlite' ? 5000 : 2000;
  if (engine === 'sqlite') {
    const db = new Database(join(target, 'leadpulse.sqlite'));
    db.pragma('journal_mode = WAL');
    // Indexes are dropped while loading and made again after: the same indexes, built once instead of row by row.
    const indexes = db.prepare("select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('contacts', 'contact_facts')").all();
    for (const index of indexes) db.exec(`drop index ${index.name}`);
    const insertContact = db.prepare(`insert into contacts (${CONTACT_COLUMNS.join(', ')}, reasons, score_lines, created_at, updated_at, doctrine_version) values (${CONTACT_COLUMNS.map(() => '?').join(', ')}, '[]', '[]', ?, ?, 1)`);
    const insertFacts = db.prepare(`insert into contact_facts (${FACT_COLUMNS.join(', ')}, revenue, orders, carts, checkouts, engaged) values (${FACT_COLUMNS.map(() => '?').join(', ')}, 0, 0, 0, 0, 0)`);
    const flush = db.transaction((from, to) => {
      for (let i = from; i < to; i++) {
        const { contact, facts } = contactOf(i, random);
        insertContact.run(...contact, NOW, NOW);
        insertFacts.run(...facts);
      }
    });
    for (let i = 0; i < contacts; i += BATCH) {
      flush(i, Math.min(contacts, i + BATCH));
      if (i % 200_000 === 0 && i > 0) log(`  ${i} contacts`);
    }
    for (const index of indexes) db.exec(index.sql);
    db.exec('analyze');
    db.close();
  } else {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    const { rows: indexes } = await client.query("select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename in ('contacts', 'contact_facts') and indexname not like '%_pkey'");
    for (const index of indexes) await client.query(`drop index ${index.indexname}`);
    const unnest = (types) => types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
    for (let i = 0; i < contacts; i += BATCH) {
      const c = CONTACT_COLUMNS.map(() => []);
      const f = FACT_COLUMNS.map(() => []);
      for (let k = i; k < Math.min(contacts, i + BATCH); k++) {
        const { contact, facts } = contactOf(k, random);
        contact.forEach((v, j) => c[j].push(v));
        facts.forEach((v, j) => f[j].push(v));
      }
      await client.query('begin');
      await client.query(`insert into contacts (${CONTACT_COLUMNS.join(', ')}, reasons, score_lines, created_at, updated_at, doctrine_version) select *, '[]', '[]', ${NOW}, ${NOW}, 1 from unnest(${unnest(PG_TYPES.contact)})`, c);
      await client.query(`insert into contact_facts (${FACT_COLUMNS.join(', ')}, revenue, orders, carts, checkouts, engaged) select *, 0, 0, 0, 0, 0 from unnest(${unnest(PG_TYPES.facts)})`, f);
      await client.query('commit');
      if (i % 200_000 === 0 && i > 0) log(`  ${i} contacts`);
    }
    for (const index of indexes) await client.query(index.indexdef);
    await client.query('vacuum analyze contacts');
    await client.query('vacuum analyze contact_facts');
    await client.end();
  }
  return performance.now() - start;
}

/** The peer: every contact's state read and parsed, and the same compiled definition evaluated on each. */
async function naiveScan(engine, target, definition) {
  const segments = compileSegments([definition]);
  let members = 0;
  const test = (row) => {
    if (segments.test(definition.key, { state: JSON.parse(row.state), stage: row.stage, score: Number(row.score) }, NOW)) members++;
  };
  if (engine === 'sqlite') {
    const db = new Database(join(target, 'leadpulse.sqlite'), { readonly: true });
    for (const row of db.prepare('select stage, score, state from contacts where merged_into is null and first_seen_at is not null').iterate()) test(row);
    db.close();
  } else {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    let after = '';
    for (;;) {
      const { rows } = await client.query('select id, stage, score, state from contacts where merged_into is null and first_seen_at is not null and id > $1 order by id limit 20000', [after]);
      if (rows.length === 0) break;
      rows.forEach(test);
      after = rows.at(-1).id;
    }
    await client.end();
  }
  return members;
}

export async function benchSegmentPreview({ contacts, engine, log = () => {} }) {
  const { target, database } = await benchStore(engine, 'leadpulse_bench_segment_preview');
  log(`seeding ${contacts} contacts on ${engine}`);
  const seedMs = await seed(engine, target, contacts, log);
  const store = await createStore(engine === 'sqlite' ? { dataDir: target } : { databaseUrl: target, dataDir: '.' });
  await store.migrate();
  const admin = createSegmentAdmin({ store, clock: { now: () => new Date(NOW) }, doctrine });
  const filters = [];
  for (const filter of FILTERS) {
    const preview = () => admin.preview({ where: filter.where }).then((r) => (r.ok ? r.value : Promise.reject(new Error(JSON.stringify(r.error)))));
    await preview();
    const { ms, value } = await timed(preview, 5);
    const definition = { key: 'bench', name: filter.name, where: filter.where };
    const peer = await timed(() => naiveScan(engine, target, definition), 1);
    log(`  ${filter.name}: ${value.count} (${value.exact ? 'exact' : 'estimated'}) in ${ms.toFixed(1)} ms; full scan ${peer.value} in ${peer.ms.toFixed(0)} ms`);
    filters.push({ name: filter.name, count: value.count, exact: value.exact, ms, peerMs: peer.ms, peerCount: peer.value });
  }
  await store.close();
  if (database) await database.drop();
  else rmSync(target, { recursive: true, force: true });
  return { engine, contacts, seedMs, filters };
}

export function segmentPreviewLines(results, { n, met }) {
  const lines = [
    '## Segment preview count',
    '',
    `The segment builder's live count (\`POST /api/v1/segments/preview\` through the same code: validation, the SQL prefilter on`,
    "contact_facts' typed profile columns, the candidates' states evaluated when SQL alone cannot decide, a sample of ten),",
    'median of five runs after a warm-up, next to the peer a store without typed columns would run: every contact state',
    '(JSON) read and the same compiled definition evaluated in JS. Contacts are bulk-loaded with French demographics',
    '(13 cities, 8 % abroad, birth dates for 85 %, page views by path). Goal: under 200 ms at a million contacts.',
    '',
    '| Store | Contacts | Filter | Members | Preview (ms) | Full scan (ms) | Goal |',
    '|---|---:|---|---:|---:|---:|---|',
  ];
  for (const r of results) {
    for (const f of r.filters) {
      const agree = f.count === f.peerCount ? '' : ` (scan: ${n(f.peerCount)})`;
      lines.push(`| ${r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${n(r.contacts)} | ${f.name} | ${n(f.count)}${f.exact ? '' : ' ≈'}${agree} | ${n(f.ms, 1)} | ${n(f.peerMs)} | < 200 ms: ${met(f.ms < 200)} |`);
    }
  }
  lines.push('');
  return lines;
}

// Run alone: `node bench/segment-preview.mjs` (BENCH_SCALE=small for a quick pass, BENCH_ENGINES=sqlite for one store).
if (import.meta.url === `file://${process.argv[1]}`) {
  const small = process.env.BENCH_SCALE === 'small';
  for (const engine of (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',')) {
    const result = await benchSegmentPreview({ contacts: small ? 100_000 : 1_000_000, engine, log: (...args) => console.error(...args) });
    console.log(JSON.stringify(result));
  }
}
