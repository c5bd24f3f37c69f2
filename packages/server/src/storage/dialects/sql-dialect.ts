import type { Dialect, Kysely, RawBuilder, SelectQueryBuilder, Transaction } from 'kysely';
import type { PurgeOutcome } from '../../app/privacy-ports.js';

/** The engines LeadPulse stores in. Only this folder and the pairing of engine-specific migrations read it. */
export type EngineName = 'sqlite' | 'postgres';

/** What an engine can do; code outside this folder branches on these, never on the engine's name. */
export interface Capabilities {
  /** Several processes write at once, so rows read to be updated are locked (PostgreSQL). */
  readonly concurrentWriters: boolean;
  /** Due work is claimed with `FOR UPDATE SKIP LOCKED`, so concurrent workers take disjoint rows. */
  readonly skipLocked: boolean;
  /**
   * Reading most of a table through a range index costs a random lookup per row (SQLite): wide report periods
   * scan in order instead. PostgreSQL plans this itself.
   */
  readonly scanWideRanges: boolean;
  /**
   * A large import drops the segment prefilter's indexes and builds them once at its end (deferred-indexes.ts):
   * SQLite otherwise rewrites most of their pages at every commit, their keys being random to the import's order.
   * PostgreSQL keeps them: a build in a transaction would hold its live writers for the whole build.
   */
  readonly deferIndexesInBulkLoads: boolean;
}

/**
 * What differs between the two engines, as small SQL pieces and named capabilities: a query above this folder is
 * written once, and a reader of this folder sees every difference at once.
 */
export interface SqlDialect {
  readonly engine: EngineName;
  readonly kysely: Dialect;
  /** The database file of an embedded store, which other threads can open read-only (the report worker). */
  readonly file?: string;
  readonly capabilities: Capabilities;
  /** Bound parameters allowed in one statement. */
  readonly maxParameters: number;
  /** Case-insensitive LIKE operator. */
  readonly likeOperator: 'like' | 'ilike';

  /** The text of a top-level field of a JSON text column (null when absent); numbers come back as their text. */
  jsonText(column: string, key: string): RawBuilder<string | null>;
  /** True when a text column starts with `prefix`, case-sensitively, with no pattern characters (segment prefilters). */
  startsWith(column: string, prefix: string): RawBuilder<boolean>;
  /** The UTC day of an epoch-milliseconds column, as `YYYY-MM-DD`. */
  utcDay(column: string): RawBuilder<string>;
  /** A deterministic 1-in-n sample of contact_facts: the same rows every time, spread over the whole table. */
  sampleFactsOneIn(n: number): RawBuilder<boolean>;
  /** Planner hint: keeps a derived table whole, so expressions it computes once per row are not repeated per use. */
  keepWhole<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;

  /** The statement that creates index `name` as it stands, or null when there is no such index. */
  indexDefinition(db: Kysely<unknown>, name: string): Promise<string | null>;
  /** Takes transaction-scoped locks on these keys, in sorted order (PostgreSQL advisory locks); a no-op for SQLite. */
  lockKeys(db: Kysely<unknown>, keys: readonly string[]): Promise<void>;
  /** Holds a lock across transactions until released (PostgreSQL: a session advisory lock on a connection of its own). */
  holdLock(name: string): Promise<() => Promise<void>>;
  /**
   * The bulk write path, when the engine has a faster one than multi-row statements: SQLite loops a cached
   * prepared statement inside the open transaction. Returns false when the caller should use Kysely.
   */
  bulkWrite(kind: BulkWrite, rows: readonly Record<string, unknown>[]): boolean;
  /** Looks up many keys with one cached statement (SQLite: a JSON array parameter); null when the caller should use Kysely. */
  bulkRead(kind: BulkRead, keys: readonly unknown[]): Record<string, unknown>[] | null;
  /**
   * After an erase has committed, removes what the files still hold of the deleted bytes (SQLite: index samples and
   * the WAL); PostgreSQL leaves dead rows to VACUUM.
   */
  purgeDeleted(db: Kysely<unknown>, values: readonly string[]): Promise<PurgeOutcome>;
  /**
   * Runs `work` in a transaction whose commit survives a crash of this process but does not wait for the disk:
   * SQLite synchronous=NORMAL for that commit, PostgreSQL synchronous_commit off. For records whose loss in a power cut
   * costs a repeat and nothing else (the outbox's claims and outcomes: a message re-sent under its Message-ID).
   */
  relaxedCommit<DB, T>(db: Kysely<DB>, work: (tx: Transaction<DB>) => Promise<T>): Promise<T>;
}

/** The statements with a bulk path on engines that have one. */
export type BulkWrite =
  | 'insert_events'
  | 'save_contacts'
  | 'save_facts'
  | 'save_details'
  | 'create_contacts'
  | 'insert_identities'
  | 'insert_stage_changes'
  // Live segment membership (segment-membership-writes.ts).
  | 'insert_segment_members'
  | 'delete_segment_members'
  | 'insert_segment_moves'
  | 'set_contact_segments';

/** Set lookups with a fast path: known event ids, identity owners, contact rows, erased keys. */
export type BulkRead = 'event_ids' | 'identities' | 'contacts' | 'histories' | 'erased_keys';
