import type { ContactId, EpochMs } from '@leadpulse/core';

/** Why an address may no longer be written to (issue 15). A hard bounce and a complaint block every message. */
export const SUPPRESSION_REASONS = ['unsubscribed', 'hard_bounced', 'complained', 'erased'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
export const SUPPRESSION_CHANNELS = ['email', 'sms'] as const;
export type SuppressionChannel = (typeof SUPPRESSION_CHANNELS)[number];

/**
 * One row of the suppression list: an address (normalised: an email in lower case, a phone as written, or `hash:…`
 * for an erased contact's, never the address itself) with the reason, the contact when known, and where it came from.
 */
export interface SuppressionRecord {
  readonly channel: SuppressionChannel;
  readonly address: string;
  readonly reason: SuppressionReason;
  readonly contactId: ContactId | null;
  readonly at: EpochMs;
  readonly source: string;
}

/** The key a list page ends on; the next page starts after it. */
export type SuppressionKey = Pick<SuppressionRecord, 'channel' | 'address' | 'reason'>;

export interface SuppressionRepository {
  /** A page in (channel, address, reason) order, after `after` when given. */
  list(query: { readonly limit: number; readonly after?: SuppressionKey | null; readonly channel?: SuppressionChannel; readonly reason?: SuppressionReason }): Promise<SuppressionRecord[]>;
  /** The rows of these addresses on one channel (read at send time: an index lookup). */
  find(channel: SuppressionChannel, addresses: readonly string[]): Promise<SuppressionRecord[]>;
  /** Deletes the address's rows of these reasons; how many went. */
  lift(channel: SuppressionChannel, address: string, reasons: readonly SuppressionReason[]): Promise<number>;
}

/** The suppression side of a write transaction: rows written with the event that caused them. */
export interface SuppressionTx {
  /** Inserts rows; one already there (same channel, address and reason) keeps its first instant. */
  insertSuppressions(rows: readonly SuppressionRecord[]): Promise<void>;
  /** Deletes these contacts' rows of these reasons on a channel (a contact who opts in again). */
  liftSuppressionsOfContacts(channel: SuppressionChannel, contactIds: readonly ContactId[], reasons: readonly SuppressionReason[]): Promise<void>;
  /** Every row naming these contacts. */
  suppressionsOfContacts(contactIds: readonly ContactId[]): Promise<SuppressionRecord[]>;
  /** Deletes every row naming these contacts (an erase first rewrites them as hashes). */
  deleteSuppressionsOfContacts(contactIds: readonly ContactId[]): Promise<void>;
}
