import { fork } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { emptyContactState } from '../packages/core/dist/index.js';
import { createStore } from '../packages/server/dist/storage/create-store.js';
import { freshPgDatabase } from './lib/servers.mjs';

const DAY = 86_400_000;
const NAMES = ['Form Submitted', 'Document Downloaded', 'Chat Started', 'Call Logged', 'Product Added', 'Order Completed', 'Signed Up', 'Email Opened'];
const PATHS = ['/', '/fonctionnalites', '/tarifs', '/blog/crm-pme-guide', '/livre-blanc'];
const EMPTY_STATE = JSON.stringify(emptyContactState());

/** Deterministic rows: each contact gets `perContact` events over the last 120 days. */
function* rowsFor(contact, perContact, now) {
  let seed = contact * 2654435761;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const id = `ct_${contact.toString(36).padStart(9, '0')}`;
  let at = now - Math.floor(random() * 120 * DAY);
  for (let i = 0; i < perContact; i++) {
    at += Math.floor(random() * 600_000) + 30_000;
    if (at > now) at = now - 1000;
    const page = random() < 0.75;
    const name = page ? null : NAMES[Math.floor(random() * NAMES.length)];
    const payload = page ? { properties: { path: PATHS[Math.floor(random() * PATHS.length)] }, traits: {}, context: { page: {} } } : { properties: name === 'Order Completed' ? { revenue: 348 } : {}, traits: {}, context: {} };
    yield { id: `${id}-${i}`, contact_id: id, type: page ? 'page' : 'track', name, at, payload: JSON.stringify({ ...payload, previousId: null, groupId: null }) };
  }
}

async function generateSqlite(dataDir, contacts, perContact, now) {
  const store = await createStore({ dataDir });
  await store.migrate();
  await store.close();
  const db = new Database(join(dataDir, 'leadpulse.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insertContact = db.prepare("insert into contacts (id, stage, stage_since, state, created_at, updated_at, doctrine_version) values (?, 'unknown', ?, ?, ?, ?, 1)");
  const insertEvent = db.prepare('insert into events (id, contact_id, origin_contact_id, type, name, at, received_at, bot, internal, user_id, anonymous_id, payload) values (?, ?, ?, ?, ?, ?, ?, 0, 0, null, ?, ?)');
  const chunk = db.transaction((from, to) => {
    for (let c = from; c < to; c++) {
      const id = `ct_${c.toString(36).padStart(9, '0')}`;
      insertContact.run(id, now, EMPTY_STATE, now, now);
      for (const e of rowsFor(c, perContact, now)) insertEvent.run(e.id, e.contact_id, e.contact_id, e.type, e.name, e.at, e.at, `a${c}`, e.payload);
    }
  });
  for (let c = 0; c < contacts; c += 5000) chunk(c, Math.min(contacts, c + 5000));
  db.close();
}

async function generatePostgres(url, contacts, perContact, now) {
  const store = await createStore({ databaseUrl: url, dataDir: '.' });
  await store.migrate();
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (let c = 0; c < contacts; c += 2000) {
    const ids = [];
    const events = { id: [], contact: [], type: [], name: [], at: [], payload: [] };
    for (let k = c; k < Math.min(contacts, c + 2000); k++) {
      ids.push(`ct_${k.toString(36).padStart(9, '0')}`);
      for (const e of rowsFor(k, perContact, now)) {
        events.id.push(e.id); events.contact.push(e.contact_id); events.type.push(e.type); events.name.push(e.name); events.at.push(e.at); events.payload.push(e.payload);
      }
    }
    await client.query("insert into contacts (id, stage, stage_since, state, created_at, updated_at, doctrine_version) select unnest($1::text[]), 'unknown', $2, $3, $2, $2, 1", [ids, now, EMPTY_STATE]);
    await client.query(
      'insert into events (id, contact_id, origin_contact_id, type, name, at, received_at, payload) select i, c, c, t, n, a, a, p from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[]) as u(i, c, t, n, a, p)',
      [events.id, events.contact, events.type, events.name, events.at, events.payload],
    );
  }
  await client.end();
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./lib/reclassify-child.mjs', import.meta.url), [JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', resolve);
    child.once('exit', (code) => code !== 0 && reject(new Error(`reclassify exited with ${code}`)));
  });
}

/** `reclassify` replays every contact from the log; the dataset is generated once and cached under bench/.data. */
export async function benchReclassify({ contacts, perContact, engine }) {
  const now = Date.UTC(2026, 10, 24);
  if (engine === 'postgres') {
    const database = await freshPgDatabase(`leadpulse_replay_${process.pid}`);
    const genStarted = performance.now();
    await generatePostgres(database.url, contacts, perContact, now);
    const generateSeconds = (performance.now() - genStarted) / 1000;
    const result = await runChild({ dataDir: '.', databaseUrl: database.url });
    await database.drop();
    return { engine, generateSeconds, ...result };
  }
  const cached = join('bench', '.data', `replay-${contacts}x${perContact}`);
  let generateSeconds = 0;
  if (!existsSync(join(cached, 'leadpulse.sqlite'))) {
    const building = `${cached}.building`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    const started = performance.now();
    await generateSqlite(building, contacts, perContact, now);
    generateSeconds = (performance.now() - started) / 1000;
    renameSync(building, cached);
  }
  const result = await runChild({ dataDir: cached });
  return { engine, generateSeconds, ...result };
}
