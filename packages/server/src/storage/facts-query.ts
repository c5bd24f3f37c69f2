import type { GroupBy } from '@leadpulse/core';
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Period } from '../app/ports.js';
import { DAY_MS } from './migrations/0004-facts-rollup.js';
import type { ContactFactsTable, Database } from './schema.js';

/** What the report reads share: numbers from either driver, the period filter, the grouping and the sample. */
export type Engine = 'sqlite' | 'postgres';

export const n = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export const reachedOf = (row: { cold_at: unknown; warm_at: unknown; hot_at: unknown; client_at: unknown }) => ({ cold: n(row.cold_at), warm: n(row.warm_at), hot: n(row.hot_at), client: n(row.client_at) });

export const parseSignals = (text: string | null) => (text ? text.split('|') : []);

/**
 * Contacts first seen in the period. With `scan`, the first-seen (milestones) index is kept out of the plan
 * (`+column`): when the period holds most contacts, reading a whole table or covering index in order beats a random
 * lookup per row, which SQLite would otherwise choose for any range. PostgreSQL plans this itself and ignores the
 * unary plus.
 */
export const inPeriod = (period: Period, scan = false): RawBuilder<boolean> => {
  const column = scan ? sql`+contact_facts.first_seen_at` : sql`contact_facts.first_seen_at`;
  return sql<boolean>`${column} is not null${period.from !== undefined ? sql` and ${column} >= ${period.from}` : sql``}${period.to !== undefined ? sql` and ${column} < ${period.to}` : sql``}`;
};

/** Whether a period holds more than a third of the contacts, estimated from the rollup's day cells (no scan). */
export async function isWide(db: Kysely<Database>, period: Period): Promise<boolean> {
  if (period.from === undefined && period.to === undefined) return true;
  const from = period.from === undefined ? Number.MIN_SAFE_INTEGER : Math.floor(period.from / DAY_MS);
  const to = period.to === undefined ? Number.MAX_SAFE_INTEGER : Math.ceil(period.to / DAY_MS);
  const { inside, total } = await db
    .selectFrom('facts_rollup')
    .select([sql<number>`coalesce(sum(case when day >= ${from} and day < ${to} then contacts else 0 end), 0)`.as('inside'), sql<number>`coalesce(sum(contacts), 0)`.as('total')])
    .where('dim', '=', 'none')
    .executeTakeFirstOrThrow();
  return Number(inside) * 3 > Number(total);
}

/**
 * contact_facts, joined with contact_details when traits or signals are read. The join's row type is narrowed
 * back to contact_facts: callers select detail columns by name (`traits`, `signals`), which only the details have.
 */
export function factsFrom(db: Kysely<Database>, withDetails: boolean): SelectQueryBuilder<Database, 'contact_facts', object> {
  const facts = db.selectFrom('contact_facts');
  return withDetails ? (facts.leftJoin('contact_details', 'contact_details.contact_id', 'contact_facts.contact_id') as unknown as typeof facts) : facts;
}

/**
 * A deterministic 1-in-k sample of the facts rows: the same contacts every time, spread over the whole table.
 * SQLite looks up every k-th rowid instead of scanning; PostgreSQL hashes the contact id in a parallel scan.
 */
export function sampleOf(engine: Engine, oneIn: number): RawBuilder<boolean> {
  if (oneIn === 1) return sql<boolean>`1 = 1`;
  if (engine === 'postgres') return sql<boolean>`abs(hashtext(contact_facts.contact_id)) % ${oneIn} = 0`;
  return sql<boolean>`contact_facts.rowid in (with recursive stride(r) as (select ${oneIn} union all select r + ${oneIn} from stride where r + ${oneIn} <= (select max(rowid) from contact_facts)) select r from stride)`;
}

const GROUP_COLUMNS: Record<string, keyof ContactFactsTable> = {
  source: 'first_source',
  medium: 'first_medium',
  campaign: 'first_campaign',
  landing: 'first_landing',
  'last-source': 'last_source',
  'last-medium': 'last_medium',
  'last-campaign': 'last_campaign',
  cohort: 'cohort',
};

/** The SQL value a contact is grouped by. */
export function groupExpression(by: GroupBy, engine: Engine): RawBuilder<string | null> {
  if (by === 'none') return sql<string>`'all'`;
  if (by.startsWith('trait:')) {
    const trait = by.slice('trait:'.length);
    return engine === 'sqlite' ? sql<string | null>`cast(json_extract(traits, ${`$."${trait}"`}) as text)` : sql<string | null>`(traits::jsonb ->> ${trait})`;
  }
  return sql<string | null>`${sql.ref(GROUP_COLUMNS[by]!)}`;
}
