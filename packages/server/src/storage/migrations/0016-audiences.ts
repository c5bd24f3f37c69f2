import type { Kysely } from 'kysely';

/**
 * Ad audiences (issue 16): a segment pushed to Meta and Google customer lists. `audience_synced` is what each platform
 * holds now, per contact: the identifiers sent, already hashed, so a removal sends exactly what was added even after
 * the contact was erased, and a change of identifiers is seen without keeping any plain identifier.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audiences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('platforms', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema
    .createTable('audience_syncs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('audience_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .execute();
  // The history of one audience, newest first.
  await db.schema.createIndex('audience_syncs_audience_at').on('audience_syncs').columns(['audience_id', 'at']).execute();
  await db.schema
    .createTable('audience_synced')
    .addColumn('audience_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audience_synced_pkey', ['audience_id', 'platform', 'contact_id'])
    .execute();
}
