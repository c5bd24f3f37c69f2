import type { Dialect, Kysely, SelectQueryBuilder } from 'kysely';

/** What differs between the two engines; code above this folder branches only on these. */
export interface SqlDialect {
  readonly engine: 'sqlite' | 'postgres';
  readonly kysely: Dialect;
  /** The database file of an embedded store, which other threads can open too. */
  readonly file?: string;
  readonly capabilities: { readonly concurrentWriters: boolean; readonly skipLocked: boolean };
  /** Bound parameters allowed in one statement. */
  readonly maxParameters: number;
  /** Case-insensitive LIKE operator. */
  readonly likeOperator: 'like' | 'ilike';
  /** Row locks for the rest of the transaction (a no-op with a single writer). */
  lockRows<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /**
   * The bulk write path, when the engine has a faster one than multi-row statements: SQLite loops a cached
   * prepared statement inside the open transaction. Returns false when the caller should use Kysely.
   */
  /** Takes transaction-scoped locks on these keys, in sorted order (PostgreSQL advisory locks); a no-op for SQLite. */
  lockKeys(db: Kysely<unknown>, keys: readonly string[]): Promise<void>;
  bulkWrite(kind: BulkWrite, rows: readonly Record<string, unknown>[]): boolean;
  /** Looks up many keys with one cached statement (SQLite: a JSON array parameter); null when the caller should use Kysely. */
  bulkRead(kind: BulkRead, keys: readonly unknown[]): Record<string, unknown>[] | null;
}

/** The statements with a bulk path on engines that have one. */
export type BulkWrite = 'insert_events' | 'save_contacts' | 'save_facts' | 'save_details' | 'create_contacts' | 'insert_identities' | 'insert_stage_changes';

/** Set lookups with a fast path: known event ids, identity owners, contact rows, erased keys. */
export type BulkRead = 'event_ids' | 'identities' | 'contacts' | 'histories' | 'erased_keys';
