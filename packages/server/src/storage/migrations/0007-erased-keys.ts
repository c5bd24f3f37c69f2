import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ERASURE_KEY_SETTING } from '../../app/erasure-keys.js';

/**
 * Erasure tombstones: keyed one-way hashes (HMAC-SHA256) of the identities and messageIds of erased or anonymised
 * contacts, so that ingestion can drop re-sent old events without keeping any identifier. The key is random per store
 * and lives in `settings`. Alias calls get a partial index: an erase follows them in both directions, and they are a
 * tiny share of the events, so the index costs ingestion nothing measurable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('erased_keys')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'bigint', (c) => c.notNull())
    .execute();
  // The ingestion check reads the newest erase instant of each kind from the end of this index.
  await db.schema.createIndex('erased_keys_kind_at').on('erased_keys').columns(['kind', 'erased_at']).execute();
  await sql`create index events_alias on events (contact_id) where type = 'alias'`.execute(db);
  await sql`insert into settings (key, value) values (${ERASURE_KEY_SETTING}, ${randomBytes(32).toString('base64url')}) on conflict (key) do nothing`.execute(db);
}
