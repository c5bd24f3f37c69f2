import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tunnelInputs, type ContactFacts, type Temperature } from '@leadpulse/core';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDialect, ensureSchema } from '../dialects/postgres.js';
import { createSqliteDialect } from '../dialects/sqlite.js';
import type { SqlDialect } from '../dialects/sql-dialect.js';
import { assertTestDatabase, testDatabaseUrl, testDrivers, testSchemaPrefix } from '../test-support/test-drivers.js';
import { MIGRATIONS } from './migrate.js';

const D = 86_400_000;
const K = Date.UTC(2035, 0, 1);
// Milestones as the facts store them: a skipped temperature carries the instant of the one above it.
const MILESTONES: readonly (readonly [cold: number | null, warm: number | null, hot: number | null, client: number | null])[] = [
  [1, 2, 3, 4], // held every temperature
  [1, 3, 3, null], // cold straight to hot: warm skipped
  [2, 2, 2, 2], // bought at once: cold, warm and hot skipped
  [1, 5, 5, 5], // cold straight to client
  [0, null, null, null],
  [null, null, null, null],
];

async function dialectFor(engine: 'sqlite' | 'postgres'): Promise<SqlDialect> {
  if (engine === 'sqlite') return createSqliteDialect(mkdtempSync(join(tmpdir(), 'leadpulse-0008-')));
  const url = testDatabaseUrl();
  assertTestDatabase(url);
  const schema = `${testSchemaPrefix(import.meta.url)}up`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
  await ensureSchema(url, schema);
  return createPostgresDialect(url, { schema });
}

const factsOf = (i: number, m: (typeof MILESTONES)[number]): ContactFacts => {
  const at = (d: number | null) => (d === null ? null : K + i * D + d * D);
  const reachedAt: Record<Temperature, number | null> = { cold: at(m[0]), warm: at(m[1]), hot: at(m[2]), client: at(m[3]) };
  return { firstSeenAt: K + i * D, reachedAt, revenue: m[3] === null ? 0 : 10 } as ContactFacts;
};

for (const { name } of testDrivers(import.meta.url)) {
  describe(`0008 on ${name}`, () => {
    let db: Kysely<unknown> | undefined;
    afterAll(async () => db?.destroy());

    it('rebuilds the rollup of facts written before it with the held counts, and its triggers keep them', async () => {
      const dialect = await dialectFor(name);
      db = new Kysely<unknown>({ dialect: dialect.kysely });
      const run = async (migration: (typeof MIGRATIONS)[number]) => {
        const step = typeof migration.up === 'function' ? migration.up : migration.up[dialect.engine];
        await db!.transaction().execute((tx) => step(tx));
      };
      const last = MIGRATIONS.findIndex((m) => m.id === '0008-rollup-held');
      for (const migration of MIGRATIONS.slice(0, last)) await run(migration);
      const facts = MILESTONES.map((m, i) => factsOf(i, m));
      const row = (f: ContactFacts, i: number) => ({ contact_id: `ct_${i}`, first_seen_at: f.firstSeenAt, stage: 'x', cold_at: f.reachedAt.cold, warm_at: f.reachedAt.warm, hot_at: f.reachedAt.hot, client_at: f.reachedAt.client, revenue: f.revenue });
      await sql`insert into contact_facts ${sql.raw('(contact_id, first_seen_at, stage, cold_at, warm_at, hot_at, client_at, revenue)')} values ${sql.join(facts.slice(0, 4).map((f, i) => sql`(${sql.join(Object.values(row(f, i)))})`))}`.execute(db);
      await run(MIGRATIONS[last]!);
      // After the migration, the triggers count new rows too.
      await sql`insert into contact_facts ${sql.raw('(contact_id, first_seen_at, stage, cold_at, warm_at, hot_at, client_at, revenue)')} values ${sql.join(facts.slice(4).map((f, i) => sql`(${sql.join(Object.values(row(f, i + 4)))})`))}`.execute(db);

      const totals = await sql<Record<string, unknown>>`select sum(contacts) as contacts, sum(held_cold) as held_cold, sum(held_warm) as held_warm, sum(held_hot) as held_hot, sum(cold_warm) as cold_warm, sum(warm_hot) as warm_hot, sum(hot_client) as hot_client from facts_rollup where dim = 'none'`.execute(db);
      const [expected] = tunnelInputs(facts, 'none');
      expect(Object.fromEntries(Object.entries(totals.rows[0]!).map(([k, v]) => [k, Number(v)]))).toEqual({
        contacts: 6,
        held_cold: expected!.held.cold,
        held_warm: expected!.held.warm,
        held_hot: expected!.held.hot,
        cold_warm: expected!.through['cold-warm'],
        warm_hot: expected!.through['warm-hot'],
        hot_client: expected!.through['hot-client'],
      });
      expect(expected!.held).toEqual({ cold: 4, warm: 1, hot: 2, client: 3 });
      expect(expected!.through).toEqual({ 'entry-cold': 4, 'cold-warm': 1, 'warm-hot': 1, 'hot-client': 1, 'entry-client': 3 });
    });
  });
}
