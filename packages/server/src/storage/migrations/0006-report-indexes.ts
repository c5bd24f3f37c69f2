import type { Kysely } from 'kysely';

/**
 * Covering indexes for the two reports that cannot be summed from day cells (they depend on the report's instant).
 * SQLite has no hash aggregation: grouping a million facts rows by stage and exit page sorted them all (about
 * 0.9 s). Read from an index in (stage, exit page) order, the groups come out sorted and the rows are a third as
 * wide. The milestones index holds every column the doctrine check reads, and leads with first_seen_at, so it
 * replaces the first-seen index for every range on the period. PostgreSQL hashes its groups and plans parallel scans;
 * an index rewritten at every event would also cost it its HOT updates, so it keeps the tables as they are.
 */
export async function up(db: Kysely<unknown>, engine: 'sqlite' | 'postgres'): Promise<void> {
  if (engine !== 'sqlite') return;
  await db.schema.createIndex('contact_facts_exits').on('contact_facts').columns(['stage', 'exit_path', 'last_seen_at', 'first_seen_at', 'carts', 'checkouts', 'orders']).execute();
  await db.schema.createIndex('contact_facts_milestones').on('contact_facts').columns(['first_seen_at', 'cold_at', 'warm_at', 'hot_at', 'client_at']).execute();
  await db.schema.dropIndex('contact_facts_first_seen_at').execute();
}
