import type { ContactId, EpochMs, EventId } from '@leadpulse/core';
import type { ContactRecord, StoredEvent } from './ports.js';

// The erase, anonymise and export side of the store (docs/privacy.md).

/** A keyed one-way hash kept after an erase or an anonymisation, of an identity (`user:u1`) or of a messageId. */
export interface ErasedKey {
  readonly hash: string;
  readonly kind: 'identity' | 'message';
  /** The erase instant: an identity's key drops only the events timed at or before it (the comeback rule). */
  readonly erasedAt: EpochMs;
}

/** How far the bytes of erased rows are gone once the erase has committed (Store.purgeErased). */
export type PurgeOutcome = 'purged' | 'wal_busy' | 'vacuum_pending';

/** The reads and writes of erase, anonymise and export, inside one transaction. */
export interface PrivacyTx {
  /**
   * One hop of alias links from these contacts: the other live contacts that own the previousId of one of their alias
   * calls, or whose alias calls name one of their user or anonymous ids; and the previousIds nobody owns.
   */
  aliasLinks(ids: readonly ContactId[]): Promise<{ contacts: ContactId[]; unownedPreviousIds: string[] }>;
  /** Ids of the contacts' events, internal ones excluded: the messageIds an erase remembers. */
  eventIdsOf(ids: readonly ContactId[]): Promise<EventId[]>;
  /** Every event of these contacts, internal ones included, in (contact, at, id) order. */
  eventsOfContacts(ids: readonly ContactId[]): Promise<StoredEvent[]>;
  /** The contacts merged into these: hidden, but still holding the identifiers they had. */
  absorbedInto(ids: readonly ContactId[]): Promise<ContactRecord[]>;
  /**
   * Deletes the contacts, those merged into them and everything about them (their enrolments, sends and tasks
   * included), then every rollup cell that no contact
   * counts in any more (its grouping value may be the contact's own). Returns the contact ids deleted.
   */
  eraseContacts(ids: readonly ContactId[]): Promise<ContactId[]>;
  /** Replaces the contacts' events by these (anonymised) ones. */
  replaceEvents(ids: readonly ContactId[], rows: readonly StoredEvent[]): Promise<void>;
  /**
   * Deletes identities, merges and absorbed contacts, and empties the stage history's reasons; the stage moves stay.
   * Sends lose their recipient, subject and payload (queued ones are suppressed), enrolments their trigger context
   * (active ones exit, reason `anonymised`).
   */
  stripIdentifiers(ids: readonly ContactId[]): Promise<void>;
  /** Stores keys; a key already present takes the newer erase instant. */
  insertErasedKeys(keys: readonly ErasedKey[]): Promise<void>;
  findErasedKeys(hashes: readonly string[]): Promise<Map<string, ErasedKey>>;
  /** The newest erase instant of identity keys, and whether any messageId is remembered: ingestion checks nothing while both are empty. */
  erasureHorizon(): Promise<{ identitiesUntil: EpochMs | null; messages: boolean }>;
}

/** What a GDPR erase does outside its transaction (the rest is PrivacyTx). */
export interface PrivacyRepository {
  /**
   * Deletes the contact, its identities, events, stage history, merges, absorbed contacts, enrolments, sends and
   * tasks. Returns false if absent.
   * The GDPR erase (app/erase-contact.ts) also follows alias links, remembers keyed hashes and purges.
   */
  eraseContact(id: ContactId): Promise<boolean>;
  /**
   * After an erase or anonymisation has committed, removes what is left of the deleted bytes: on SQLite the planner's
   * index samples holding these values and the WAL (checkpointed and truncated); PostgreSQL leaves dead rows to VACUUM.
   */
  purgeErased(values: readonly string[]): Promise<PurgeOutcome>;
}
