import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY } from '@leadpulse/core';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDialect, ensureSchema } from '../dialects/postgres.js';
import { createSqliteDialect } from '../dialects/sqlite.js';
import type { SqlDialect } from '../dialects/sql-dialect.js';
import { HELD_COLUMN_NAMES, HELD_COLUMNS } from '../held-columns.js';
import { ROLLUP_DIMS, ROLLUP_SEPARATOR } from '../rollup-dims.js';
import { assertTestDatabase, testDatabaseUrl, testDrivers, testSchemaPrefix } from '../test-support/test-drivers.js';
import { MIGRATIONS } from './migrate.js';

async function dialectFor(engine: 'sqlite' | 'postgres'): Promise<SqlDialect> {
  if (engine === 'sqlite') return createSqliteDialect(mkdtempSync(join(tmpdir(), 'leadpulse-0010-')));
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

const COLUMNS = ['contact_id', 'first_seen_at', 'stage', 'first_source', 'first_medium', 'first_campaign', 'first_landing', 'last_source', 'last_medium', 'last_campaign', 'cold_at', 'warm_at', 'hot_at', 'client_at', 'revenue', 'pages'] as const;
type FactsRow = Record<(typeof COLUMNS)[number], string | number | null>;

/** A small seeded generator: the same rows on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function factsRow(id: number, next: () => number): FactsRow {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const at = (base: number) => (next() < 0.4 ? null : base + Math.floor(next() * 3) * DAY);
  const first = next() < 0.1 ? null : Date.UTC(2030, 0, 1) + Math.floor(next() * 4) * DAY;
  const cold = first === null ? null : at(first);
  const warm = cold === null ? null : at(cold);
  const hot = warm === null ? null : at(warm);
  const client = hot === null ? null : at(hot);
  return {
    contact_id: `ct_${id}`,
    first_seen_at: first,
    stage: 'cold',
    first_source: pick([null, 'google', 'news']),
    first_medium: pick([null, 'cpc', 'email']),
    first_campaign: pick([null, 'spring']),
    first_landing: pick(['/', '/pricing']),
    last_source: pick([null, 'google', 'direct']),
    last_medium: pick([null, 'cpc']),
    last_campaign: pick([null, 'spring', 'fall']),
    cold_at: cold,
    warm_at: warm,
    hot_at: hot,
    client_at: client,
    revenue: client === null ? 0 : pick([10, 25, 100]),
    pages: Math.floor(next() * 9),
  };
}

const valuesOf = (rows: readonly FactsRow[]) => sql.join(rows.map((r) => sql`(${sql.join(COLUMNS.map((c) => r[c]))})`));
const columnList = sql.raw(`(${COLUMNS.join(', ')})`);
/** The facts writes an import makes: one upsert of many rows, new contacts and updated ones together. */
const upsert = (db: Kysely<unknown>, rows: readonly FactsRow[]) =>
  sql`insert into contact_facts ${columnList} values ${valuesOf(rows)} on conflict (contact_id) do update set ${sql.raw(COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', '))}`.execute(db);

/** Every cell as the rollup would hold it, summed from the facts now: what the triggers must keep. */
async function rebuilt(db: Kysely<unknown>): Promise<Record<string, number>[]> {
  const flag = (condition: string) => `(case when ${condition} then 1 else 0 end)`;
  const sums = ['count(*)', ...['cold', 'warm', 'hot', 'client'].map((t) => `sum(${flag(`${t}_at is not null`)})`), ...HELD_COLUMN_NAMES.map((c) => `sum(${flag(HELD_COLUMNS[c](''))})`), 'sum(revenue)'];
  const names = ['contacts', 'cold', 'warm', 'hot', 'client', ...HELD_COLUMN_NAMES, 'revenue'];
  const selects = Object.entries(ROLLUP_DIMS).map(([dim, columns]) => {
    const value = columns === null ? `''` : columns.map((c) => `coalesce(${c}, '')`).join(` || '${ROLLUP_SEPARATOR}' || `);
    return `select '${dim}' as dim, ${value} as value, first_seen_at / ${DAY} as day, ${sums.map((s, i) => `${s} as ${names[i]}`).join(', ')} from contact_facts where first_seen_at is not null group by 2, 3`;
  });
  return normalized((await sql.raw<Record<string, unknown>>(`${selects.join(' union all ')}`).execute(db)).rows);
}

async function held(db: Kysely<unknown>): Promise<Record<string, number>[]> {
  return normalized((await sql<Record<string, unknown>>`select * from facts_rollup`.execute(db)).rows);
}

/** Cells as plain numbers in key order, without the empty cells a rollup keeps once its contacts left. */
function normalized(rows: readonly Record<string, unknown>[]): Record<string, number>[] {
  return rows
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'dim' || k === 'value' ? v : Number(v)])) as Record<string, number>)
    .filter((r) => Object.entries(r).some(([k, v]) => k !== 'dim' && k !== 'value' && k !== 'day' && v !== 0))
    .sort((a, b) => `${a.dim}|${a.value}|${a.day}`.localeCompare(`${b.dim}|${b.value}|${b.day}`));
}

for (const { name } of testDrivers(import.meta.url)) {
  describe(`0010 on ${name}`, () => {
    let db: Kysely<unknown> | undefined;
    afterAll(async () => db?.destroy());

    it('keeps every rollup cell equal to the facts through inserts, upserts that move or keep contacts, deletes and renames', async () => {
      const dialect = await dialectFor(name);
      db = new Kysely<unknown>({ dialect: dialect.kysely });
      for (const migration of MIGRATIONS) {
        const step = typeof migration.up === 'function' ? migration.up : migration.up[dialect.engine];
        await db.transaction().execute((tx) => step(tx));
      }
      const next = random(7);
      let rows = Array.from({ length: 300 }, (_, i) => factsRow(i, next));
      await upsert(db, rows.slice(0, 200));
      expect(await held(db)).toEqual(await rebuilt(db));

      // Half the known contacts change (some only in columns the rollup ignores), and 100 new ones arrive, in one statement.
      rows = rows.map((r, i) => (i >= 200 || next() < 0.5 ? r : next() < 0.5 ? { ...r, pages: Number(r.pages) + 1 } : factsRow(i, next)));
      await upsert(db, rows);
      expect(await held(db)).toEqual(await rebuilt(db));

      await sql`delete from contact_facts where contact_id like ${'ct_1%'}`.execute(db);
      expect(await held(db)).toEqual(await rebuilt(db));

      // A key change (no write path makes one today) still moves the counts with the row.
      await sql`update contact_facts set contact_id = contact_id || '_renamed', revenue = revenue + 1 where contact_id like ${'ct_2%'}`.execute(db);
      await sql`update contact_facts set pages = pages + 1`.execute(db);
      expect(await held(db)).toEqual(await rebuilt(db));
      expect((await held(db)).length).toBeGreaterThan(20);
    });
  });
}
