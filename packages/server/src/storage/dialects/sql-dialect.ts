import type { Dialect, SelectQueryBuilder } from 'kysely';

/** What differs between the two engines; code above this folder branches only on these. */
export interface SqlDialect {
  readonly engine: 'sqlite' | 'postgres';
  readonly kysely: Dialect;
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
  bulkWrite(kind: BulkWrite, rows: readonly Record<string, unknown>[]): boolean;
}

/** The statements with a bulk path: appending events (skip known ids) and saving contacts. */
export type BulkWrite = 'insert_events' | 'save_contacts';
