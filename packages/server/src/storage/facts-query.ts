import { DAY, SCORE_BANDS, type GroupBy } from '@leadpulse/core';
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Period } from '../app/ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import type { ContactFactsTable, Database } from './schema.js';

/** What the report reads share: numbers from either driver, the period filter, the grouping and the sample. */

export const n = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export const reachedOf = (row: { cold_at: unknown; warm_at: unknown; hot_at: unknown; client_at: unknown }) => ({ cold: n(row.cold_at), warm: n(row.warm_at), hot: n(row.hot_at), client: n(row.client_at) });

export const parseSignals = (text: string | null) => (text ? text.split('|') : []);

/**
 * Contacts first seen in the period. With `scan`, the first-seen (milestones) index is kept out of the plan
 * (`+column`): when the period holds most contacts, reading a whole table or covering index in order beats a random
 * lookup per row, which an engine with `scanWideRanges` would otherwise choose for any range (wideScan below).
 */
export const inPeriod = (period: Period, scan = false): RawBuilder<boolean> => {
  const column = scan ? sql`+contact_facts.first_seen_at` : sql`contact_facts.first_seen_at`;
  return sql<boolean>`${column} is not null${period.from !== undefined ? sql` and ${column} >= ${period.from}` : sql``}${period.to !== undefined ? sql` and ${column} < ${period.to}` : sql``}`;
};

/** Whether a period holds more than a third of the contacts, estimated from the rollup's day cells (no scan). */
export async function isWide(db: Kysely<Database>, period: Period): Promise<boolean> {
  if (period.from === undefined && period.to === undefined) return true;
  const from = period.from === undefined ? Number.MIN_SAFE_INTEGER : Math.floor(period.from / DAY);
  const to = period.to === undefined ? Number.MAX_SAFE_INTEGER : Math.ceil(period.to / DAY);
  const { inside, total } = await db
    .selectFrom('facts_rollup')
    .select([sql<number>`coalesce(sum(case when day >= ${from} and day < ${to} then contacts else 0 end), 0)`.as('inside'), sql<number>`coalesce(sum(contacts), 0)`.as('total')])
    .where('dim', '=', 'none')
    .executeTakeFirstOrThrow();
  return Number(inside) * 3 > Number(total);
}

/** Whether to read the period by a scan in order (inPeriod's `scan`): only on engines that need the hint, for wide periods. */
export const wideScan = async (db: Kysely<Database>, dialect: SqlDialect, period: Period) => dialect.capabilities.scanWideRanges && (await isWide(db, period));

/**
 * contact_facts, joined with contact_details when traits or signals are read. The join's row type is narrowed
 * back to contact_facts: callers select detail columns by name (`traits`, `signals`), which only the details have.
 */
export function factsFrom(db: Kysely<Database>, withDetails: boolean): SelectQueryBuilder<Database, 'contact_facts', object> {
  const facts = db.selectFrom('contact_facts');
  return withDetails ? (facts.leftJoin('contact_details', 'contact_details.contact_id', 'contact_facts.contact_id') as unknown as typeof facts) : facts;
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
export function groupExpression(by: GroupBy, dialect: SqlDialect): RawBuilder<string | null> {
  if (by === 'none') return sql<string>`'all'`;
  if (by.startsWith('trait:')) return dialect.jsonText('traits', by.slice('trait:'.length));
  if (by === 'score-band') {
    // The same bands as core's scoreBandOf, over the probability stored on the contact.
    const predicted = sql`(select predicted from contacts where contacts.id = contact_facts.contact_id)`;
    const bands = SCORE_BANDS.map(([lower, label]) => sql`when ${predicted} >= ${sql.lit(lower)} then ${sql.lit(label)}`);
    return sql<string | null>`case ${sql.join(bands, sql` `)} else null end`;
  }
  return sql<string | null>`${sql.ref(GROUP_COLUMNS[by]!)}`;
}
