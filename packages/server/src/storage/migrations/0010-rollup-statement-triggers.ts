import { DAY } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import { HELD_COLUMN_NAMES, HELD_COLUMNS } from '../held-columns.js';
import { ROLLUP_DIMS, ROLLUP_SEPARATOR } from '../rollup-dims.js';

/** As in 0004 and 0008: the columns whose change moves a contact between rollup cells. */
const WATCHED = ['first_seen_at', 'first_source', 'first_medium', 'first_campaign', 'first_landing', 'last_source', 'last_medium', 'last_campaign', 'cold_at', 'warm_at', 'hot_at', 'client_at', 'revenue'];
const COUNTED = ['contacts', 'cold', 'warm', 'hot', 'client', ...HELD_COLUMN_NAMES, 'revenue'];
const READ = ['first_seen_at', ...new Set(Object.values(ROLLUP_DIMS).flatMap((columns) => columns ?? [])), 'cold_at', 'warm_at', 'hot_at', 'client_at', 'revenue'];

const flag = (condition: string) => `(case when ${condition} then 1 else 0 end)`;
const valueOf = (columns: readonly string[] | null) => (columns === null ? `''` : columns.map((c) => `coalesce(c.${c}, '')`).join(` || '${ROLLUP_SEPARATOR}' || `));
/** Every grouping's cell of one changed row, as (dim, value) pairs. */
const cells = Object.entries(ROLLUP_DIMS)
  .map(([dim, columns]) => `('${dim}', ${valueOf(columns)})`)
  .join(', ');
const deltas = ['1', ...['cold', 'warm', 'hot', 'client'].map((t) => flag(`c.${t}_at is not null`)), ...HELD_COLUMN_NAMES.map((c) => flag(HELD_COLUMNS[c]('c.'))), 'c.revenue'].map((v) => `sum(c.sign * ${v})`);

/**
 * One upsert for a whole statement: the signed rows in `changes` (sign, then the facts columns the rollup reads)
 * summed per cell. Cells whose sums are all zero (a contact moved within its cell of a grouping) are left alone;
 * cells are written in key order, so two transactions lock the cells they share in the same order.
 */
const upsert = (changes: string) => `insert into facts_rollup (dim, value, day, ${COUNTED.join(', ')})
  select d.dim, d.value, c.first_seen_at / ${DAY}, ${deltas.join(', ')}
  from (${changes}) c cross join lateral (values ${cells}) d(dim, value)
  group by 1, 2, 3
  having ${deltas.map((d) => `${d} <> 0`).join(' or ')}
  order by 1, 2, 3
  on conflict (dim, value, day) do update set ${COUNTED.map((c) => `${c} = facts_rollup.${c} + excluded.${c}`).join(', ')};`;

const signed = (sign: 1 | -1, table: string, alias: string, where: string) => `select ${sign} as sign, ${READ.map((c) => `${alias}.${c}`).join(', ')} from ${table} ${alias} where ${alias}.first_seen_at is not null${where}`;
/** An updated row counts only when a watched column changed; unchanged pairs (most saves) would cancel out anyway. */
const same = WATCHED.map((c) => `o.${c} is not distinct from n.${c}`).join(' and ');
const updated = `${signed(-1, 'old_rows', 'o', ` and not exists (select 1 from new_rows n where n.contact_id = o.contact_id and ${same})`)}
  union all ${signed(1, 'new_rows', 'n', ` and not exists (select 1 from old_rows o where o.contact_id = n.contact_id and ${same})`)}`;

const TRIGGERS = {
  insert: { event: 'insert', referencing: 'new table as new_rows', body: upsert(signed(1, 'new_rows', 'c', '')) },
  delete: { event: 'delete', referencing: 'old table as old_rows', body: upsert(signed(-1, 'old_rows', 'c', '')) },
  update: { event: 'update', referencing: 'old table as old_rows new table as new_rows', body: upsert(updated) },
} as const;

/**
 * PostgreSQL: the rollup's row-level triggers (ten upserts per facts row written, each summing the held counts)
 * become statement-level triggers over the statement's transition tables: one grouped upsert per statement, so a
 * chunk of 2,000 saved contacts touches each of its cells once. The cells do not change: same contributions, summed
 * first. SQLite has no transition tables and keeps its row-level triggers.
 */
export const up = {
  sqlite: async (_db: Kysely<unknown>) => {},
  postgres: async (db: Kysely<unknown>) => {
    for (const name of ['insert', 'delete', 'update_old', 'update_new']) await sql.raw(`drop trigger facts_rollup_${name} on contact_facts`).execute(db);
    for (const name of ['add', 'remove']) await sql.raw(`drop function facts_rollup_${name}()`).execute(db);
    for (const [name, t] of Object.entries(TRIGGERS)) {
      await sql.raw(`create function facts_rollup_${name}() returns trigger language plpgsql as $$ begin ${t.body} return null; end $$`).execute(db);
      await sql.raw(`create trigger facts_rollup_${name} after ${t.event} on contact_facts referencing ${t.referencing} for each statement execute function facts_rollup_${name}()`).execute(db);
    }
  },
};
