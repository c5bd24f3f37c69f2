import type { Kysely } from 'kysely';

/** The initial schema, written once with Kysely's schema builder and applied identically on both engines. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text')
    .addColumn('email', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('stage_since', 'bigint', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('score_lines', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('next_eval_at', 'bigint')
    .addColumn('first_seen_at', 'bigint')
    .addColumn('last_seen_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('doctrine_version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_stage').on('contacts').columns(['stage', 'id']).execute();
  // Partial indexes: "merged_into is null" matches nearly every row, and a full index on it tempted SQLite's
  // planner into scanning and sorting the whole table for every contact list, replay chunk and due query.
  await db.schema.createIndex('contacts_next_eval_at').on('contacts').column('next_eval_at').where('next_eval_at', 'is not', null).execute();
  await db.schema.createIndex('contacts_email').on('contacts').column('email').execute();
  await db.schema.createIndex('contacts_user_id').on('contacts').column('user_id').execute();
  await db.schema.createIndex('contacts_last_seen_at').on('contacts').column('last_seen_at').execute();
  await db.schema.createIndex('contacts_merged_into').on('contacts').column('merged_into').where('merged_into', 'is not', null).execute();

  await db.schema
    .createTable('identities')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identities_pk', ['kind', 'value'])
    .execute();
  await db.schema.createIndex('identities_contact').on('identities').column('contact_id').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('origin_contact_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('bot', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', 'text')
    .addColumn('anonymous_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_contact_at').on('events').columns(['contact_id', 'at', 'id']).execute();

  await db.schema
    .createTable('stage_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('doctrine_version', 'integer', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stage_changes_contact_at').on('stage_changes').columns(['contact_id', 'at']).execute();
  await db.schema.createIndex('stage_changes_at').on('stage_changes').column('at').execute();

  await db.schema
    .createTable('merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('into_contact', 'text', (c) => c.notNull())
    .addColumn('from_contact', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('identities', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('merges_into').on('merges').column('into_contact').execute();
  await db.schema.createIndex('merges_from').on('merges').column('from_contact').execute();

  await db.schema
    .createTable('doctrines')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('allowed_origins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
