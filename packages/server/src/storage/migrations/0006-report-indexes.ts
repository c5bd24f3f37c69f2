import type { Kysely } from 'kysely';

/**
 * A covering index for the doctrine check, which depends on the report's instant (whose outcome is known) and so
 * cannot be summed from day cells: first seen and the instant each temperature was reached, every column it reads.
 * It leads with first_seen_at, so it replaces the first-seen index for every range on the period, and its columns
 * change only when a contact reaches a new temperature, so ingestion pays nothing more for it. (An index for
 * blocking points, ordered by stage and exit page, took them from 1.2 s to 0.34 s at a million contacts, but the
 * exit page and last-seen instant change at almost every event: ingestion lost 12 %, measured back to back.)
 * PostgreSQL keeps the first-seen index: it plans parallel scans and hashes its groups.
 */
export const up = {
  sqlite: async (db: Kysely<unknown>) => {
    await db.schema.createIndex('contact_facts_milestones').on('contact_facts').columns(['first_seen_at', 'cold_at', 'warm_at', 'hot_at', 'client_at']).execute();
    await db.schema.dropIndex('contact_facts_first_seen_at').execute();
  },
  postgres: async () => {},
};
