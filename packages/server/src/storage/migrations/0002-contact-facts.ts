import type { Kysely } from 'kysely';

/**
 * One row per live contact for the reports (tunnel, costs, campaigns, blocking points, doctrine check): narrow,
 * typed columns that SQL can group and count without opening the JSON state. Written with every contact save.
 * Contacts saved before this migration get their row at their next evaluation or at `leadpulse reclassify`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contact_facts')
    .addColumn('contact_id', 'text', (c) => c.primaryKey())
    .addColumn('first_seen_at', 'bigint')
    .addColumn('last_seen_at', 'bigint')
    .addColumn('cohort', 'text')
    .addColumn('first_source', 'text')
    .addColumn('first_medium', 'text')
    .addColumn('first_campaign', 'text')
    .addColumn('first_landing', 'text')
    .addColumn('last_source', 'text')
    .addColumn('last_medium', 'text')
    .addColumn('last_campaign', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('temperature', 'text')
    .addColumn('cold_at', 'bigint')
    .addColumn('warm_at', 'bigint')
    .addColumn('hot_at', 'bigint')
    .addColumn('client_at', 'bigint')
    .addColumn('revenue', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('orders', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('carts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checkouts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exit_path', 'text')
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sessions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('engaged', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('traits', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('signals', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('contact_facts_first_seen_at').on('contact_facts').column('first_seen_at').execute();

  await db.schema
    .createTable('cost_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('campaign', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period_start', 'bigint', (c) => c.notNull())
    .addColumn('period_end', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cost_lines_period').on('cost_lines').columns(['period_start', 'period_end']).execute();
}
