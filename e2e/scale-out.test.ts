import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertTestDatabase, testDatabaseUrl, testDrivers, testSchemaPrefix } from '../packages/server/src/storage/test-support/test-drivers.js';
import { quickDoctrine } from './support/e2e-server.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './support/round-robin-proxy.js';
import { waitFor } from './support/wait-for.js';

// Issue 18's scale-out, shown (docs/scale-out.md): three LeadPulse processes from the built CLI, two `api` and one
// `worker`, started together on one fresh PostgreSQL schema, behind a round-robin proxy. A realistic stream goes
// through them, each person's events spread over both APIs at once; one API is killed with SIGKILL mid-stream.
const PEOPLE = Number(process.env['LEADPULSE_SCALE_OUT_PEOPLE'] ?? 240);
const BATCH = 20;
const SENDERS = 6;
const WRITE_KEY = 'lpw_scale_out_write_key_0123456789';
const ADMIN_TOKEN = 'lpa_scale_out_admin_token_0123456789';
const CLI = fileURLToPath(new URL('../packages/server/bin/leadpulse.mjs', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Process {
  readonly role: 'api' | 'worker';
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<void>;
}

/** `leadpulse serve` as an operator runs it, with the database URL confining it to the test's schema. */
async function startLeadPulse(role: Process['role'], databaseUrl: string, dataDir: string): Promise<Process> {
  const child = spawn(process.execPath, [CLI, 'serve', '--role', role, '--port', '0', '--host', '127.0.0.1', '--log-level', 'warn'], {
    env: {
      ...process.env,
      LEADPULSE_DATABASE_URL: databaseUrl,
      LEADPULSE_DATA_DIR: dataDir,
      LEADPULSE_WRITE_KEY: WRITE_KEY,
      LEADPULSE_ADMIN_TOKEN: ADMIN_TOKEN,
      LEADPULSE_SECRET: 'scale_out_secret_0123456789abcdef',
      LEADPULSE_SCHEDULER_INTERVAL_MS: '200',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const running = /LeadPulse is running at (\S+)/.exec(line);
      if (running) resolve(running[1]!);
    });
    void exited.then(() => reject(new Error(`leadpulse serve --role ${role} exited before it was ready`)));
  });
  return { role, child, url, exited };
}

/** Person i: two anonymous pages, an identify that links the visitor to a user and an email, a page as the user, then what they do. */
function eventsOf(i: number, past: number): Record<string, unknown>[] {
  const anonymousId = `so-anon-${i}`;
  const userId = `so-user-${i}`;
  const at = (k: number) => new Date(past + i * 1000 + k * 20_000).toISOString();
  const events: Record<string, unknown>[] = [
    { type: 'page', anonymousId, properties: { path: '/' }, timestamp: at(0) },
    { type: 'page', anonymousId, properties: { path: '/produit' }, timestamp: at(1) },
    { type: 'identify', anonymousId, userId, traits: { email: `so-${i}@example.fr` }, timestamp: at(2) },
    { type: 'page', userId, properties: { path: '/tarifs' }, timestamp: at(3) },
  ];
  // Sent without a timestamp, so dated on arrival: the carts left alone turn hot 3 s later, by the worker's hand.
  const live = { userId };
  if (i % 4 === 0) events.push({ type: 'track', event: 'Product Added', properties: { sku: 'S1', price: 49 }, ...live });
  if (i % 4 === 1) events.push({ type: 'track', event: 'Form Submitted', properties: { form: 'contact' }, ...live });
  if (i % 4 === 2) events.push({ type: 'track', event: 'Chat Started', ...live });
  if (i % 4 === 3) events.push({ type: 'track', event: 'Product Added', properties: { sku: 'S2', price: 99 }, ...live }, { type: 'track', event: 'Order Completed', properties: { revenue: 99 }, ...live });
  return events.map((event, k) => ({ ...event, messageId: `so-${i}-${k}` }));
}

const postgres = testDrivers(import.meta.url).find((d) => d.name === 'postgres');
describe.runIf(postgres)('scale-out: two api processes and a worker on one PostgreSQL database', () => {
  const url = testDatabaseUrl();
  const schema = `${testSchemaPrefix(import.meta.url)}scale`;
  const dataDirs: string[] = [];
  const processes: Process[] = [];
  let admin: pg.Client;
  let proxy: RoundRobinProxy;

  beforeAll(async () => {
    assertTestDatabase(url);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.query(`create schema ${schema}`);
    const databaseUrl = new URL(url);
    databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
    // Started together on an empty schema: one migrates and seeds, the others wait for it (docs/scale-out.md).
    const started = await Promise.all((['api', 'api', 'worker'] as const).map((role) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-scale-'));
      dataDirs.push(dataDir);
      return startLeadPulse(role, databaseUrl.href, dataDir);
    }));
    processes.push(...started);
    proxy = await startRoundRobinProxy(started.filter((p) => p.role === 'api').map((p) => p.url));
  }, 90_000);

  afterAll(async () => {
    for (const { child } of processes) child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await proxy?.close();
    await admin?.query(`drop schema if exists ${schema} cascade`);
    await admin?.end();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('splits no contact, loses no acknowledged event and makes every due move exactly once, through a kill', async () => {
    // Carts abandoned after 3 s (the rest is the default preset), saved through one API: the other must follow.
    const saved = await fetch(`${proxy.url}/api/v1/doctrine`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(quickDoctrine()) });
    expect(saved.status).toBe(200);

    // Round k holds every person's k-th event: a person's events travel in different batches, sent at once by
    // different senders through different APIs, so their identities race (a page and the identify that merges it).
    const past = Date.now() - 3_600_000;
    const people = Array.from({ length: PEOPLE }, (_, i) => eventsOf(i, past));
    const rounds = Array.from({ length: 6 }, (_, k) => people.flatMap((events) => (events[k] ? [events[k]] : [])));
    const batches = rounds.flatMap((round) => Array.from({ length: Math.ceil(round.length / BATCH) }, (_, b) => round.slice(b * BATCH, (b + 1) * BATCH)));
    const acknowledged = new Set<string>();
    let failures = 0;
    /** Answers of a LeadPulse process that failed (5xx other than the proxy's 502 for a dead backend). */
    const serverErrors: string[] = [];
    let sent = 0;
    const victim = processes.find((p) => p.role === 'api')!;
    const send = async (batch: Record<string, unknown>[]) => {
      for (let attempt = 0; ; attempt++) {
        const response = await fetch(`${proxy.url}/v1/batch`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`, 'content-type': 'application/json' }, body: JSON.stringify({ batch }) }).catch(() => null);
        if (response?.status === 200) {
          for (const event of batch) acknowledged.add(event['messageId'] as string);
          return;
        }
        failures++;
        if (response && response.status >= 500 && response.status !== 502) serverErrors.push(`${response.status} ${await response.text()}`);
        if (attempt === 50) throw new Error(`a batch was refused 50 times: ${response?.status} ${await response?.text()}`);
        await sleep(100);
      }
    };
    const queue = [...batches];
    await Promise.all(Array.from({ length: SENDERS }, async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        await send(batch);
        // Mid-stream, one API dies without a chance to finish anything it holds.
        if (++sent === Math.floor(batches.length * 0.4)) victim.child.kill('SIGKILL');
      }
    }));
    await victim.exited;
    expect(acknowledged.size).toBe(people.flat().length);
    expect(serverErrors).toEqual([]);
    const [first, second] = [...proxy.answered.values()];
    expect(first! > 0 && second! > 0).toBe(true);

    // No acknowledged event lost.
    const stored = await admin.query<{ id: string }>(`select id from ${schema}.events where id = any($1)`, [[...acknowledged]]);
    expect(stored.rows.length).toBe(acknowledged.size);

    // No contact split: every identity of a person, and every event, leads to one live contact.
    const contacts = await admin.query<{ id: string; merged_into: string | null; stage: string }>(`select id, merged_into, stage from ${schema}.contacts`);
    const byId = new Map(contacts.rows.map((row) => [row.id, row]));
    const live = (id: string): string => {
      const merged = byId.get(id)?.merged_into;
      return merged ? live(merged) : id;
    };
    expect(contacts.rows.filter((row) => row.merged_into === null)).toHaveLength(PEOPLE);
    const identities = await admin.query<{ value: string; contact_id: string }>(`select value, contact_id from ${schema}.identities`);
    const events = await admin.query<{ id: string; contact_id: string }>(`select id, contact_id from ${schema}.events where id like 'so-%'`);
    const contactsOf = new Map<number, Set<string>>();
    const note = (person: number, contact: string) => contactsOf.set(person, (contactsOf.get(person) ?? new Set()).add(live(contact)));
    for (const row of identities.rows) note(Number(/^so-(?:anon|user)?-?(\d+)/.exec(row.value)![1]), row.contact_id);
    for (const row of events.rows) note(Number(row.id.split('-')[1]), row.contact_id);
    expect([...contactsOf.values()].filter((set) => set.size !== 1)).toEqual([]);
    expect(contactsOf.size).toBe(PEOPLE);

    // Every due re-evaluation made once: each abandoned cart turns its contact hot exactly once, by time.
    const abandoned = Array.from({ length: PEOPLE }, (_, i) => i).filter((i) => i % 4 === 0);
    const contactOf = (i: number) => [...contactsOf.get(i)!][0]!;
    await waitFor('every abandoned cart to turn hot', async () => {
      const { rows } = await admin.query<{ count: string }>(`select count(*) from ${schema}.contacts where id = any($1) and stage = 'hot'`, [abandoned.map(contactOf)]);
      return Number(rows[0]!.count) === abandoned.length ? true : undefined;
    }, 30_000);
    const moves = await admin.query<{ contact_id: string; to_stage: string; cause: string; at: string }>(`select contact_id, to_stage, cause, at from ${schema}.stage_changes`);
    const timeMovesToHot = (contact: string) => moves.rows.filter((m) => m.contact_id === contact && m.to_stage === 'hot' && m.cause === 'time').length;
    expect(abandoned.map((i) => timeMovesToHot(contactOf(i)))).toEqual(abandoned.map(() => 1));
    const keys = moves.rows.map((m) => `${m.contact_id}:${m.to_stage}:${m.at}`);
    expect(keys.length - new Set(keys).size).toBe(0);
    const stageChanged = await admin.query<{ count: string }>(`select count(*) from ${schema}.events where name = 'Stage Changed'`);
    expect(Number(stageChanged.rows[0]!.count)).toBe(moves.rows.length);

    // The rest of the doctrine held across processes: forms warm, chats hot, orders client.
    const fresh = await admin.query<{ id: string; stage: string }>(`select id, stage from ${schema}.contacts where merged_into is null`);
    const stages = new Map(fresh.rows.map((row) => [row.id, row.stage]));
    const wrong = Array.from({ length: PEOPLE }, (_, i) => ({ person: i, stage: stages.get(contactOf(i)), expected: ['hot', 'warm', 'hot', 'client'][i % 4] })).filter((p) => p.stage !== p.expected);
    expect(wrong).toEqual([]);
    console.info(`scale-out: ${acknowledged.size} events acknowledged in ${batches.length} batches, ${failures} refused while an API died, answered ${[...proxy.answered.values()].join(' / ')}`);
  }, 180_000);
});
