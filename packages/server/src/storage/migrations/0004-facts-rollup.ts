import { DAY } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import { ROLLUP_DIMS, ROLLUP_SEPARATOR } from '../rollup-dims.js';

/** The columns whose change moves a contact between rollup cells. */
const WATCHED = ['first_seen_at', 'first_source', 'first_medium', 'first_campaign', 'first_landing', 'last_source', 'last_medium', 'last_campaign', 'cold_at', 'warm_at', 'hot_at', 'client_at', 'revenue'];

/** One upsert per grouping, adding (sign 1) or removing (sign -1) a facts row's contribution. */
function contributions(row: 'new' | 'old', sign: 1 | -1): string[] {
  const flag = (column: string) => `${sign} * (case when ${row}.${column} is not null then 1 else 0 end)`;
  return Object.entries(ROLLUP_DIMS).map(([dim, columns]) => {
    const value = columns === null ? `''` : columns.map((c) => `coalesce(${row}.${c}, '')`).join(` || '${ROLLUP_SEPARATOR}' || `);
    return `insert into facts_rollup (dim, value, day, contacts, cold, warm, hot, client, revenue)
      values ('${dim}', ${value}, ${row}.first_seen_at / ${DAY}, ${sign}, ${flag('cold_at')}, ${flag('warm_at')}, ${flag('hot_at')}, ${flag('client_at')}, ${sign} * ${row}.revenue)
      on conflict (dim, value, day) do update set contacts = facts_rollup.contacts + excluded.contacts, cold = facts_rollup.cold + excluded.cold,
        warm = facts_rollup.warm + excluded.warm, hot = facts_rollup.hot + excluded.hot, client = facts_rollup.client + excluded.client,
        revenue = facts_rollup.revenue + excluded.revenue;`;
  });
}

const changed = WATCHED.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');

/**
 * Contacts, stages reached and revenue by grouping value and UTC day of first contact, kept by triggers on
 * contact_facts: the tunnel, costs and campaigns sum a few thousand cells instead of grouping a million rows.
 * Triggers cover every write path (saves, merges, erasures) and fire on updates only when a watched column
 * changes, which most saves (last seen, page counts) do not.
 */
async function createRollup(db: Kysely<unknown>, createTriggers: (db: Kysely<unknown>) => Promise<void>): Promise<void> {
  await db.schema
    .createTable('facts_rollup')
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('contacts', 'bigint', (c) => c.notNull())
    .addColumn('cold', 'bigint', (c) => c.notNull())
    .addColumn('warm', 'bigint', (c) => c.notNull())
    .addColumn('hot', 'bigint', (c) => c.notNull())
    .addColumn('client', 'bigint', (c) => c.notNull())
    .addColumn('revenue', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('facts_rollup_pk', ['dim', 'day', 'value'])
    .execute();
  // The tunnel's coverage start: the earliest client milestone, found from the smallest end of this index.
  await db.schema.createIndex('contact_facts_client_at').on('contact_facts').column('client_at').execute();

  await createTriggers(db);

  // Facts written before this migration.
  for (const [dim, columns] of Object.entries(ROLLUP_DIMS)) {
    const value = columns === null ? `''` : columns.map((c) => `coalesce(${c}, '')`).join(` || '${ROLLUP_SEPARATOR}' || `);
    const count = (c: string) => `sum(case when ${c} is not null then 1 else 0 end)`;
    await sql
      .raw(
        `insert into facts_rollup (dim, value, day, contacts, cold, warm, hot, client, revenue)
         select '${dim}', ${value}, first_seen_at / ${DAY}, count(*), ${count('cold_at')}, ${count('warm_at')}, ${count('hot_at')}, ${count('client_at')}, sum(revenue)
         from contact_facts where first_seen_at is not null group by 2, 3`,
      )
      .execute(db);
  }
}

const insert = contributions('new', 1).join('\n');
const remove = contributions('old', -1).join('\n');

/** Paired DDL: SQLite triggers hold their statements; PostgreSQL triggers call a function. */
export const up = {
  sqlite: (db: Kysely<unknown>) =>
    createRollup(db, async () => {
      await sql.raw(`create trigger facts_rollup_insert after insert on contact_facts when new.first_seen_at is not null begin ${insert} end`).execute(db);
      await sql.raw(`create trigger facts_rollup_delete after delete on contact_facts when old.first_seen_at is not null begin ${remove} end`).execute(db);
      await sql.raw(`create trigger facts_rollup_update_old after update on contact_facts when old.first_seen_at is not null and (${changed}) begin ${remove} end`).execute(db);
      await sql.raw(`create trigger facts_rollup_update_new after update on contact_facts when new.first_seen_at is not null and (${changed}) begin ${insert} end`).execute(db);
    }),
  postgres: (db: Kysely<unknown>) =>
    createRollup(db, async () => {
      const fn = (name: string, body: string) => sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`).execute(db);
      await fn('facts_rollup_add', insert);
      await fn('facts_rollup_remove', remove);
      await sql.raw(`create trigger facts_rollup_insert after insert on contact_facts for each row when (new.first_seen_at is not null) execute function facts_rollup_add()`).execute(db);
      await sql.raw(`create trigger facts_rollup_delete after delete on contact_facts for each row when (old.first_seen_at is not null) execute function facts_rollup_remove()`).execute(db);
      await sql.raw(`create trigger facts_rollup_update_old after update on contact_facts for each row when (old.first_seen_at is not null and (${changed})) execute function facts_rollup_remove()`).execute(db);
      await sql.raw(`create trigger facts_rollup_update_new after update on contact_facts for each row when (new.first_seen_at is not null and (${changed})) execute function facts_rollup_add()`).execute(db);
    }),
};

