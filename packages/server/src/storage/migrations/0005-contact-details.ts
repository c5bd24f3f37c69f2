import { sql, type Kysely } from 'kysely';

/**
 * Traits and signals move out of contact_facts into contact_details. They are the wide columns (JSON traits, up to
 * 24 page paths and every event name), and every report scans contact_facts: without them its rows are a fifth of
 * the size, so a scan reads a fifth of the pages. Only groupings by trait and the sampled reads join the details.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contact_details')
    .addColumn('contact_id', 'text', (c) => c.primaryKey())
    .addColumn('traits', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('signals', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`insert into contact_details (contact_id, traits, signals) select contact_id, traits, signals from contact_facts`.execute(db);
  await db.schema.alterTable('contact_facts').dropColumn('traits').execute();
  await db.schema.alterTable('contact_facts').dropColumn('signals').execute();
}
