import type { GroupBy } from '@leadpulse/core';
import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { Period } from '../app/ports.js';
import type { ContactFactsTable, Database } from './schema.js';

/** What the report reads share: numbers from either driver, the period filter, the grouping and the sample. */
export type Engine = 'sqlite' | 'postgres';

export const n = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export const reachedOf = (row: { cold_at: unknown; warm_at: unknown; hot_at: unknown; client_at: unknown }) => ({ cold: n(row.cold_at), warm: n(row.warm_at), hot: n(row.hot_at), client: n(row.client_at) });

export const parseSignals = (text: string | null) => (text ? text.split('|') : []);

/** Contacts first seen in the period. */
export const inPeriod = (period: Period) => (eb: ExpressionBuilder<Database, 'contact_facts'>) =>
  eb.and([
    eb('first_seen_at', 'is not', null),
    ...(period.from !== undefined ? [eb('first_seen_at', '>=', period.from)] : []),
    ...(period.to !== undefined ? [eb('first_seen_at', '<', period.to)] : []),
  ]);

/**
 * A deterministic 1-in-k sample of the facts rows: the same contacts every time, spread over the whole table.
 * SQLite looks up every k-th rowid instead of scanning; PostgreSQL hashes the contact id in a parallel scan.
 */
export function sampleOf(engine: Engine, oneIn: number): RawBuilder<boolean> {
  if (oneIn === 1) return sql<boolean>`1 = 1`;
  if (engine === 'postgres') return sql<boolean>`abs(hashtext(contact_id)) % ${oneIn} = 0`;
  return sql<boolean>`rowid in (with recursive stride(r) as (select ${oneIn} union all select r + ${oneIn} from stride where r + ${oneIn} <= (select max(rowid) from contact_facts)) select r from stride)`;
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
