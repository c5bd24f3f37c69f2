import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAMPAIGN_HORIZON_DAYS, contactFacts, emptyContactState, type CampaignOutcomeLine, type ContactId, type Temperature } from '@leadpulse/core';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store, StoreTx } from '../app/ports.js';
import { scanCampaignOutcomes } from './campaign-outcome-scan.js';
import { createStore } from './create-store.js';
import type { Database as Schema } from './schema.js';
import { contactUpdate, storedEvent, temperatureOf } from './test-support/store-fixtures.js';
import { assertTestDatabase, testDatabaseUrl, testDrivers, testSchemaPrefix } from './test-support/test-drivers.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 8, 1);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A migrated store and a second handle on the same database, for the reference read of every enrolment. */
async function open(engine: 'sqlite' | 'postgres'): Promise<{ store: Store; db: Kysely<Schema>; close: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'leadpulse-outcomes-'));
    const store = await createStore({ dataDir: dir });
    await store.migrate();
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(join(dir, 'leadpulse.sqlite'), { readonly: true }) }) });
    return { store, db, close: async () => (await db.destroy(), await store.close()) };
  }
  const url = testDatabaseUrl();
  assertTestDatabase(url);
  const schema = `${testSchemaPrefix(import.meta.url)}outcomes`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
  const store = await createStore({ databaseUrl: url, dataDir: tmpdir(), schema });
  await store.migrate();
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 2 }) }) });
  return { store, db, close: async () => (await db.destroy(), await store.close()) };
}

const SCENARIOS = ['scn_a', 'scn_b', 'scn_c'];
const GOALS: Record<string, Temperature> = { scn_a: 'client', scn_b: 'hot' };
const contact = (i: number) => `ct_${i}` as ContactId;

/** A contact's facts with milestones at these instants (temperature → when first reached). */
function facts(id: ContactId, reached: Partial<Record<Temperature, number>>, at: number) {
  const state = { ...emptyContactState(), firstSeenAt: T0 - 30 * DAY, lastSeenAt: at, reached };
  const stage = Object.keys(reached).at(-1) ?? 'cold';
  return contactUpdate(id, stage, at, { state, facts: contactFacts(state, stage, temperatureOf) });
}

const order = (id: string, contactId: ContactId, at: number, properties: Record<string, unknown>) => ({ event: storedEvent(id, at, { name: 'Order Completed', properties }), contactId });

/** Order amounts as shops send them: numbers, numeric strings, another field, an absurd one that falls through. */
function amount(random: () => number): Record<string, unknown> {
  const x = Math.round(random() * 40000) / 100;
  const pick = random();
  if (pick < 0.5) return { revenue: x };
  if (pick < 0.7) return { revenue: ` ${x} ` };
  if (pick < 0.8) return { total: x };
  if (pick < 0.9) return { revenue: 1e18, value: x };
  return { currency: 'EUR' };
}

function milestonesOf(random: () => number, around: number): Partial<Record<Temperature, number>> {
  const reached: Partial<Record<Temperature, number>> = {};
  let at = around + Math.floor((random() - 0.3) * 40 * DAY);
  for (const t of ['cold', 'warm', 'hot', 'client'] as const) {
    if (random() < 0.15) break;
    reached[t] = at;
    at += Math.floor(random() * 8 * DAY);
  }
  return reached;
}

describe.each(testDrivers(import.meta.url))('campaign outcome rollup on $name', (driver) => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it('equals the read of every enrolment, through enrolments, milestones, late orders, merges and erasures', async () => {
    const opened = await open(driver.name);
    close = opened.close;
    const { store, db } = opened;
    const random = mulberry32(2026);
    const CONTACTS = 90;
    const enteredAt = new Map<ContactId, number>();
    const write = (fn: (tx: StoreTx) => Promise<unknown>) => store.transaction(fn);

    const expectSame = async (phase: string) => {
      const periods = [
        { from: T0 - 10 * DAY, to: T0 + 120 * DAY },
        { from: T0 + 5 * DAY, to: T0 + 20 * DAY },
        { from: T0 + 5 * DAY + 3_600_000, to: T0 + 21 * DAY - 1 },
      ];
      for (const period of periods) {
        for (const days of CAMPAIGN_HORIZON_DAYS) {
          const query = { period, horizonMs: days * DAY, goals: GOALS };
          const sorted = (lines: CampaignOutcomeLine[]) => [...lines].sort((a, b) => a.scenarioId.localeCompare(b.scenarioId) || a.group.localeCompare(b.group));
          const [kept, read] = await Promise.all([store.reports.campaignOutcomes(query), scanCampaignOutcomes(db, query)]);
          const where = `${phase}, ${days} d, ${new Date(period.from).toISOString()}`;
          const counts = (lines: CampaignOutcomeLine[]) => sorted(lines).map((l) => [l.scenarioId, l.group, l.enrolled, l.reachedGoal, l.purchased]);
          expect(counts(kept), where).toEqual(counts(read));
          sorted(kept).forEach((line, i) => {
            const reference = sorted(read)[i]!.revenue;
            expect(line.revenue.n, where).toBe(reference.n);
            expect(line.revenue.sum, where).toBeCloseTo(reference.sum, 6);
            expect(line.revenue.sumSquares, where).toBeCloseTo(reference.sumSquares, 2);
          });
        }
      }
    };

    // Some contacts have milestones and orders before they enrol: what happened before entering never counts.
    await write(async (tx) => {
      await tx.saveContacts(Array.from({ length: CONTACTS / 2 }, (_, i) => facts(contact(i), milestonesOf(random, T0), T0)));
      await tx.insertEvents(Array.from({ length: 40 }, (_, k) => order(`early_${k}`, contact(k % CONTACTS), T0 + Math.floor(random() * 60 * DAY), amount(random))));
    });
    // Enrolments over two months, some contacts in several scenarios or twice in one; a tenth in control.
    const enrolments = Array.from({ length: 160 }, (_, k) => {
      const contactId = contact(Math.floor(random() * CONTACTS));
      const at = T0 + Math.floor(random() * 60 * DAY);
      enteredAt.set(contactId, at);
      return { enrolmentId: `enr_${k}`, scenarioId: SCENARIOS[k % 3]!, contactId, group: random() < 0.25 ? ('control' as const) : ('treated' as const), enteredAt: at };
    });
    await write((tx) => tx.recordCampaignEnrolments(enrolments.slice(0, 100)));
    await write((tx) => tx.recordCampaignEnrolments(enrolments));
    await expectSame('enrolled');

    // Milestones set, moved and cleared as contacts are re-classified; orders arriving live and imported late.
    await write((tx) => tx.saveContacts(Array.from({ length: CONTACTS }, (_, i) => facts(contact(i), milestonesOf(random, enteredAt.get(contact(i)) ?? T0), T0 + 70 * DAY))));
    await write((tx) =>
      tx.insertEvents(
        Array.from({ length: 150 }, (_, k) => {
          const id = contact(Math.floor(random() * CONTACTS));
          return order(`late_${k}`, id, (enteredAt.get(id) ?? T0) + Math.floor((random() - 0.1) * 100 * DAY), amount(random));
        }),
      ),
    );
    await write((tx) => tx.saveContacts(Array.from({ length: CONTACTS / 3 }, (_, i) => facts(contact(i * 3), milestonesOf(random, enteredAt.get(contact(i * 3)) ?? T0), T0 + 80 * DAY))));
    await expectSame('milestones and orders');

    // Merges move the absorbed contact's orders and enrolments onto the survivor; erasures take them away.
    for (let k = 0; k < 6; k++) {
      await write((tx) => tx.mergeContacts({ id: `mrg_${k}`, into: contact(k), from: contact(CONTACTS - 1 - k), at: T0 + 90 * DAY, reason: 'test', eventId: null, identities: [] }));
    }
    await write((tx) => tx.saveContacts(Array.from({ length: 6 }, (_, k) => facts(contact(k), milestonesOf(random, enteredAt.get(contact(k)) ?? T0), T0 + 91 * DAY))));
    await expectSame('merged');
    // An anonymisation rewrites a contact's events: its orders go, others (here at half the amount) come back.
    const rewritten = Array.from({ length: 8 }, (_, k) => contact(20 + k));
    await write((tx) =>
      tx.replaceEvents(
        rewritten,
        rewritten.map((id, k) => order(`again_${k}`, id, (enteredAt.get(id) ?? T0) + k * 4 * DAY, { revenue: 50 + k })),
      ),
    );
    await expectSame('events replaced');
    await write((tx) => tx.eraseContacts(Array.from({ length: 12 }, (_, k) => contact(30 + k))));
    await expectSame('merged and erased');
    // The data exercised every part: goals, buyers and revenue on both sides.
    const lines = await store.reports.campaignOutcomes({ period: { from: T0 - 10 * DAY, to: T0 + 120 * DAY }, horizonMs: 30 * DAY, goals: GOALS });
    for (const group of ['treated', 'control']) {
      const mine = lines.filter((l) => l.group === group);
      expect(mine.reduce((s, l) => s + l.reachedGoal, 0), group).toBeGreaterThan(0);
      expect(mine.reduce((s, l) => s + l.purchased, 0), group).toBeGreaterThan(0);
      expect(mine.reduce((s, l) => s + l.revenue.sum, 0), group).toBeGreaterThan(0);
    }
  });
});
