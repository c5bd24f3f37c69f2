import type { Kysely } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';

/**
 * Taken by every transaction before it writes contact facts (an upsert, a merge's or an erase's delete), held to its
 * commit. The rollup's statement triggers write their cells in key order, but an upsert fires two of them (insert,
 * then update), each in its own order, and a delete a third: two writers crossing them would deadlock. Every writer
 * updates the same hot cells (today's, for one) and holds them to its commit anyway, so taking turns from its first
 * facts write costs no parallelism that existed, and removes the cycle. PostgreSQL only (SQLite has one writer).
 * Returns the transaction's `lock()`; call it before each such statement.
 */
export function factsRollupLock(db: Kysely<unknown>, dialect: SqlDialect): () => Promise<void> {
  // Once per transaction: the lock is held to the commit, and a merge-heavy write would otherwise ask again per merge.
  let taken: Promise<void> | null = null;
  return () => (taken ??= dialect.lockKeys(db, ['leadpulse:facts-rollup']));
}
