import { DAY } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import { HELD_COLUMN_NAMES, HELD_COLUMNS } from '../held-columns.js';
import { ROLLUP_DIMS, ROLLUP_SEPARATOR } from '../rollup-dims.js';

/** As in 0004: the columns whose change moves a contact between rollup cells (the held counts read only milestones). */
const WATCHED = ['first_seen_at', 'first_source', 'first_medium', 'first_campaign', 'first_landing', 'last_source', 'last_medium', 'last_campaign', 'cold_at', 'warm_at', 'hot_at', 'client_at', 'revenue'];
const changed = WATCHED.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');

const COUNTED = ['contacts', 'cold', 'warm', 'hot', 'client', ...HELD_COLUMN_NAMES, 'revenue'];
const flag = (condition: string) => `(case when ${condition} then 1 else 0 end)`;
const valueOf = (columns: readonly string[] | null, p: string) => (columns === null ? `''` : columns.map((c) => `coalesce(${p}${c}, '')`).join(` || '${ROLLUP_SEPARATOR}' || `));

/** One upsert per grouping, adding (sign 1) or removing (sign -1) a facts row's contribution, held counts included. */
function contributions(row: 'new' | 'old', sign: 1 | -1): string {
  const p = `${row}.`;
  const values = ['1', ...['cold', 'warm', 'hot', 'client'].map((t) => flag(`${p}${t}_at is not null`)), ...HELD_COLUMN_NAMES.map((c) => flag(HELD_COLUMNS[c](p))), `${p}revenue`].map((v) => `${sign} * ${v}`);
  return Object.entries(ROLLUP_DIMS)
    .map(
      ([dim, columns]) => `insert into facts_rollup (dim, value, day, ${COUNTED.join(', ')})
      values ('${dim}', ${valueOf(columns, p)}, ${p}first_seen_at / ${DAY}, ${values.join(', ')})
      on conflict (dim, value, day) do update set ${COUNTED.map((c) => `${c} = facts_rollup.${c} + excluded.${c}`).join(', ')};`,
    )
    .join('\n');
}

/**
 * The rollup also counts, per cell, the contacts that held each temperature and those that made each step for real
 * (held both ends), so that the tunnel never counts a skipped stage as converted through. New columns, triggers that
 * keep them, and the cells rebuilt from the facts.
 */
async function addHeldCounts(db: Kysely<unknown>, replaceTriggers: () => Promise<void>): Promise<void> {
  for (const column of HELD_COLUMN_NAMES) await db.schema.alterTable('facts_rollup').addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await replaceTriggers();
  await sql`delete from facts_rollup`.execute(db);
  const sums = ['count(*)', ...['cold', 'warm', 'hot', 'client'].map((t) => `sum(${flag(`${t}_at is not null`)})`), ...HELD_COLUMN_NAMES.map((c) => `sum(${flag(HELD_COLUMNS[c](''))})`), 'sum(revenue)'];
  for (const [dim, columns] of Object.entries(ROLLUP_DIMS)) {
    await sql
      .raw(
        `insert into facts_rollup (dim, value, day, ${COUNTED.join(', ')})
         select '${dim}', ${valueOf(columns, '')}, first_seen_at / ${DAY}, ${sums.join(', ')}
         from contact_facts where first_seen_at is not null group by 2, 3`,
      )
      .execute(db);
  }
}

/** Paired DDL: SQLite triggers hold their statements, so they are replaced; PostgreSQL's call functions, replaced in place. */
export const up = {
  sqlite: (db: Kysely<unknown>) =>
    addHeldCounts(db, async () => {
      for (const name of ['insert', 'delete', 'update_old', 'update_new']) await sql.raw(`drop trigger facts_rollup_${name}`).execute(db);
      const insert = contributions('new', 1);
      const remove = contributions('old', -1);
      await sql.raw(`create trigger facts_rollup_insert after insert on contact_facts when new.first_seen_at is not null begin ${insert} end`).execute(db);
      await sql.raw(`create trigger facts_rollup_delete after delete on contact_facts when old.first_seen_at is not null begin ${remove} end`).execute(db);
      await sql.raw(`create trigger facts_rollup_update_old after update on contact_facts when old.first_seen_at is not null and (${changed}) begin ${remove} end`).execute(db);
      await sql.raw(`create trigger facts_rollup_update_new after update on contact_facts when new.first_seen_at is not null and (${changed}) begin ${insert} end`).execute(db);
    }),
  postgres: (db: Kysely<unknown>) =>
    addHeldCounts(db, async () => {
      const fn = (name: string, body: string) => sql.raw(`create or replace function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`).execute(db);
      await fn('facts_rollup_add', contributions('new', 1));
      await fn('facts_rollup_remove', contributions('old', -1));
    }),
};
