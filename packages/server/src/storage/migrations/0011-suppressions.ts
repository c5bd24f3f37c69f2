import type { Kysely } from 'kysely';

/**
 * The suppression list (issue 15): addresses that must not be written to, one row per (channel, address, reason).
 * The primary key is the send-time lookup; the contact index serves an erase, which rewrites its rows as hashes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('suppressions')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('suppressions_pkey', ['channel', 'address', 'reason'])
    .execute();
  await db.schema.createIndex('suppressions_contact').on('suppressions').column('contact_id').execute();
}
