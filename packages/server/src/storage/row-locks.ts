import type { SelectQueryBuilder } from 'kysely';
import type { Capabilities } from './dialects/sql-dialect.js';

/** Locks the rows read for the rest of the transaction where other processes write too; one writer needs no lock. */
export function lockRows<DB, TB extends keyof DB, O>(capabilities: Capabilities, query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
  return capabilities.concurrentWriters ? query.forUpdate() : query;
}

/** Claims due rows: concurrent workers skip the rows another one holds, so each takes its own share without waiting. */
export function claimRows<DB, TB extends keyof DB, O>(capabilities: Capabilities, query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
  if (!capabilities.concurrentWriters) return query;
  return capabilities.skipLocked ? query.forUpdate().skipLocked() : query.forUpdate();
}
