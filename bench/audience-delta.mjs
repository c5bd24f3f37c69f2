// An audience delta at a million members (issue 16): who entered the segment and who left it since the last sync,
// as the sync reads it (the repository's keyset-paged set queries: segment_members ⋈ contact_facts with ad consent,
// against audience_synced), on SQLite and PostgreSQL, next to a naive peer that loads both sets of ids into JS and
// diffs them. Then a whole sync of that delta to a local fake of Meta's API (hashing, batches, bookkeeping).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createStore } from '../packages/server/dist/storage/create-store.js';
import { createSyncAudience } from '../packages/server/dist/app/audiences/sync-audience.js';
import { startFakeMetaApi } from '../packages/server/dist/test-support/fake-meta-api.js';
import { createMetaCustomAudiences } from '../packages/server/dist/app/audiences/meta-custom-audiences.js';
import { freshPgDatabase } from './lib/servers.mjs';

const NOW = Date.UTC(2026, 10, 1);
const SEGMENT = 'seg_bench';
const AUDIENCE = 'aud_bench';
const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };

// Contacts 0 … members+churn-1; members are [churn, members+churn), held are [0, members): churn left, churn entered.
function seedStatements(members, churn, series) {
  const total = members + churn;
  const id = (i) => `'ct_' || lpad(cast(${i} as text), 8, '0')`;
  // A held row as Meta received it: a hashed email, the other keys empty (the fake checks the shape).
  const heldRow = JSON.stringify(['a'.repeat(64), '', '', '', '', '', '', '', '', '', '', 'b'.repeat(64)]);
  const definition = JSON.stringify({ key: 'bench', name: 'Bench', where: { trait: 'plan', op: 'eq', value: 'pro' } }).replaceAll("'", "''");
  return [
    `insert into contacts (id, user_id, email, stage, stage_since, score, reasons, score_lines, state, created_at, updated_at, doctrine_version)
       select ${id('i')}, 'u' || i, 'c' || i || '@example.com', 'warm', ${NOW}, 0, '[]', '[]', '{}', ${NOW - 86_400_000}, ${NOW - 86_400_000}, 1 from ${series(0, total - 1)}`,
    `insert into contact_facts (contact_id, stage, revenue, orders, carts, checkouts, pages, sessions, engaged, country, postal_code, consent_ads)
       select ${id('i')}, 'warm', 0, 0, 0, 0, 1, 1, 0, 'FR', '75011', 1 from ${series(0, total - 1)}`,
    `insert into contact_details (contact_id, traits, signals) select ${id('i')}, '{"firstName":"Ana","lastName":"Lima","phone":"+33612345678"}', '' from ${series(0, total - 1)}`,
    `insert into segments (id, key, name, definition, version, status, created_at, updated_at) values ('${SEGMENT}', 'bench', 'Bench', '${definition}', 1, 'live', ${NOW}, ${NOW})`,
    `insert into segment_members (segment_id, contact_id, entered_at) select '${SEGMENT}', ${id('i')}, ${NOW} from ${series(churn, total - 1)}`,
    `insert into audiences (id, name, segment_id, platforms, settings, created_at, updated_at) values ('${AUDIENCE}', 'Bench', '${SEGMENT}', '["meta"]', '{}', ${NOW}, ${NOW})`,
    `insert into audience_synced (audience_id, platform, contact_id, hash) select '${AUDIENCE}', 'meta', ${id('i')}, '${heldRow}' from ${series(0, members - 1)}`,
    `insert into audience_syncs (id, audience_id, platform, at, added, removed, skipped, status) values ('async_0', '${AUDIENCE}', 'meta', ${NOW}, ${members}, 0, '{}', 'ok')`,
  ];
}

async function seed(engine, members, churn) {
  if (engine === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-bench-audience-'));
    const store = await createStore({ dataDir });
    await store.migrate();
    await store.close();
    const db = new Database(join(dataDir, 'leadpulse.sqlite'));
    // SQLite has no lpad: the padded id is built with substr over a string of zeros.
    const series = (from, to) => `(with recursive n(i) as (select ${from} union all select i + 1 from n where i < ${to}) select i from n)`;
    db.transaction(() => {
      for (const statement of seedStatements(members, churn, series)) db.exec(statement.replaceAll(/lpad\(cast\((\w+) as text\), 8, '0'\)/g, "substr('00000000' || $1, -8, 8)"));
    })();
    db.exec('analyze');
    db.close();
    return { dataDir, url: null, open: () => createStore({ dataDir }), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const database = await freshPgDatabase('leadpulse_bench_audience');
  const store = await createStore({ databaseUrl: database.url, dataDir: '.' });
  await store.migrate();
  await store.close();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  for (const statement of seedStatements(members, churn, (from, to) => `generate_series(${from}, ${to}) as s(i)`)) await client.query(statement);
  await client.query('analyze');
  await client.end();
  return { dataDir: null, url: database.url, open: () => createStore({ databaseUrl: database.url, dataDir: '.' }), drop: () => database.drop() };
}

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

/** The delta as the sync pages it: entered and left, 10,000 rows per query, in contact-id order. */
async function readDelta(store) {
  const target = { audienceId: AUDIENCE, platform: 'meta', segmentId: SEGMENT };
  let entered = 0;
  let left = 0;
  for (let after = null; ; ) {
    const page = await store.audiences.entered(target, after, 10_000);
    entered += page.length;
    if (page.length < 10_000) break;
    after = page.at(-1).contactId;
  }
  for (let after = null; ; ) {
    const page = await store.audiences.left(target, after, 10_000);
    left += page.length;
    if (page.length < 10_000) break;
    after = page.at(-1).contactId;
  }
  return { entered, left };
}

/** The peer: every consenting member's id and every held id into memory, then two set differences. */
async function naiveDelta(engine, url, dataDir) {
  const membersSql = `select m.contact_id from segment_members m join contact_facts f on f.contact_id = m.contact_id where m.segment_id = '${SEGMENT}' and f.consent_ads = 1`;
  const heldSql = `select contact_id from audience_synced where audience_id = '${AUDIENCE}' and platform = 'meta'`;
  let members;
  let held;
  if (engine === 'sqlite') {
    const db = new Database(join(dataDir, 'leadpulse.sqlite'), { readonly: true });
    members = db.prepare(membersSql).pluck().all();
    held = db.prepare(heldSql).pluck().all();
    db.close();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    members = (await client.query(membersSql)).rows.map((r) => r.contact_id);
    held = (await client.query(heldSql)).rows.map((r) => r.contact_id);
    await client.end();
  }
  const memberSet = new Set(members);
  const heldSet = new Set(held);
  return { entered: members.filter((id) => !heldSet.has(id)).length, left: held.filter((id) => !memberSet.has(id)).length };
}

export async function benchAudienceDelta({ members = 1_000_000, churn = 10_000, engines = ['sqlite', 'postgres'], log = () => {} } = {}) {
  const results = [];
  for (const engine of engines) {
    log(`audience delta: seeding ${members} members (${churn} entered, ${churn} left) on ${engine}`);
    const seeded = await seed(engine, members, churn);
    const store = await seeded.open();
    try {
      let start = process.hrtime.bigint();
      const delta = await readDelta(store);
      const deltaMs = ms(start);
      if (delta.entered !== churn || delta.left !== churn) throw new Error(`delta is wrong: ${JSON.stringify(delta)}`);

      start = process.hrtime.bigint();
      const peer = await naiveDelta(engine, seeded.url, seeded.dataDir);
      const peerMs = ms(start);
      if (peer.entered !== churn || peer.left !== churn) throw new Error(`peer delta is wrong: ${JSON.stringify(peer)}`);

      // The whole sync of that delta to a local fake of Meta's API: hashing, batches of 10,000, bookkeeping.
      const meta = await startFakeMetaApi();
      try {
        const client = createMetaCustomAudiences({ accessToken: meta.accessToken, adAccount: meta.adAccount, apiUrl: meta.url });
        // The fake knows no held rows, so removals of the seeded placeholder hashes would be refused: it starts from the created list.
        const listId = await client.ensureList({ id: AUDIENCE, name: 'Bench', segmentId: SEGMENT, platforms: ['meta'], settings: {}, createdAt: NOW, updatedAt: NOW });
        const audience = await store.audiences.get(AUDIENCE);
        await store.audiences.update({ ...audience, settings: { meta: { customAudienceId: listId } } });
        const sync = createSyncAudience({ store, clock: { now: () => new Date(NOW + 3_600_000) }, logger: quiet, clients: { meta: client } });
        start = process.hrtime.bigint();
        const synced = await sync(AUDIENCE);
        const syncMs = ms(start);
        const result = synced.value.results[0];
        if (result.status !== 'ok' || result.added !== churn || result.removed !== churn) throw new Error(`sync is wrong: ${JSON.stringify(result)}`);
        results.push({ engine, members, churn, deltaMs, peerMs, syncMs });
        log(`  ${engine}: delta ${deltaMs.toFixed(0)} ms, naive ${peerMs.toFixed(0)} ms, whole sync ${syncMs.toFixed(0)} ms`);
      } finally {
        await meta.close();
      }
    } finally {
      await store.close();
      await seeded.drop();
    }
  }
  return results;
}

/** The section of docs/PERFORMANCE.md. */
export function audienceDeltaLines(results, { n, met }) {
  const [sqlite, postgres] = results;
  return [
    '## Audience delta (who entered, who left since the last sync)',
    '',
    `An audience of ${n(sqlite.members)} members already synced to Meta, of whom ${n(sqlite.churn)} left the segment and ${n(sqlite.churn)} entered since. The delta is read as the sync reads it: consenting members not yet held (segment_members ⋈ contact_facts with ad consent, anti-joined to audience_synced) and held contacts no longer consenting members, 10,000 rows per keyset-paged query in contact-id order. The peer loads every consenting member's id and every held id into JavaScript and takes the two set differences. The whole sync then hashes the ${n(sqlite.churn)} new members, sends them and removes the leavers in batches of 10,000 to a local fake of Meta's API, and updates audience_synced.`,
    '',
    '| | SQLite | PostgreSQL | goal |',
    '|---|---:|---:|---|',
    `| delta, set queries (ms) | ${n(sqlite.deltaMs)} | ${n(postgres?.deltaMs)} | < 5,000 ms: ${met(sqlite.deltaMs < 5000 && (!postgres || postgres.deltaMs < 5000))} |`,
    `| peer: both id sets diffed in JS (ms) | ${n(sqlite.peerMs)} | ${n(postgres?.peerMs)} | |`,
    `| whole sync of the delta to the fake API (ms) | ${n(sqlite.syncMs)} | ${n(postgres?.syncMs)} | |`,
    '',
  ];
}
