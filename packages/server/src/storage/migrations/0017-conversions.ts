import type { Kysely } from 'kysely';

/**
 * Website conversions forwarded to the ad platforms (docs/conversions.md): one row per (platform, event), filled in
 * the ingestion transaction and drained by the scheduler. The unique key is the deduplication: an event is queued
 * once per platform whatever retries bring it back. `payload` is the platform's own JSON for that event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('conversion_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addUniqueConstraint('conversion_deliveries_event', ['platform', 'event_id'])
    .execute();
  // The drain's lookup: pending rows whose attempt is due.
  await db.schema.createIndex('conversion_deliveries_due').on('conversion_deliveries').columns(['status', 'next_attempt_at']).execute();
  // The delivery log, newest first, paged by (created_at, id); an erase finds a contact's rows.
  await db.schema.createIndex('conversion_deliveries_created').on('conversion_deliveries').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('conversion_deliveries_contact').on('conversion_deliveries').column('contact_id').execute();
}
