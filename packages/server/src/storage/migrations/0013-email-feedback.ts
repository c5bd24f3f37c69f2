import { type Kysely } from 'kysely';

/**
 * Bounce and complaint reports received (issue 15): every DSN or ARF report that came in by webhook, mailbox or CLI,
 * kept whether it could be read (`parsed`), not (`unparsed`, with the reason) or named no send we know
 * (`unmatched`). Never dropped silently. The raw report is kept, bounded in size, for an admin to read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('email_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('reason', 'text')
    .addColumn('send_id', 'text')
    .addColumn('detail', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .execute();
  // The admin's list, newest first, paged by (received_at, id).
  await db.schema.createIndex('email_feedback_received').on('email_feedback').columns(['received_at', 'id']).execute();
  // A report that lost the original Message-ID is matched by its recipient: the newest send to that address.
  await db.schema.createIndex('sends_recipient').on('sends').columns(['recipient', 'created_at']).execute();
}
