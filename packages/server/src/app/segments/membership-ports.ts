import type { ContactId, EpochMs } from '@leadpulse/core';
import type { StoredEvent } from '../ports.js';
import type { SegmentRecord } from './segment-ports.js';

/** One contact entering (true) or leaving (false) one segment, at an instant. */
export interface MembershipMove {
  readonly segmentId: string;
  readonly contactId: ContactId;
  readonly at: EpochMs;
  readonly entered: boolean;
}

/**
 * What one batch changes in segment membership, written in the batch's transaction: the contacts' new `segments`
 * column (ids joined by '|'), the member rows added and removed, the moves and the `Segment Entered`/`Segment Left`
 * events. Only contacts whose membership changed appear.
 */
export interface MembershipWrite {
  readonly contacts: readonly { readonly id: ContactId; readonly segments: string }[];
  /** Contacts whose next evaluation must come no later than `at` (a rebuild's window; the write path saves its own). */
  readonly wakeBy?: readonly { readonly id: ContactId; readonly at: EpochMs }[];
  readonly moves: readonly MembershipMove[];
  readonly events: readonly StoredEvent[];
}

/** The membership writes and reads of the write path and of a rebuild, inside one transaction. */
export interface SegmentMembershipTx {
  /** Stores a batch's membership changes: one multi-row statement per table, nothing when the write is empty. */
  writeMembership(write: MembershipWrite): Promise<void>;
  /**
   * A merged-away or erased contact leaves every segment at once: its member rows go, `segments` is emptied, and
   * (unless `forget`) a leaving move is recorded per segment so sizes over time stay right. With `forget`, its moves go too.
   */
  dropMembership(ids: readonly ContactId[], options: { at: EpochMs; forget: boolean }): Promise<void>;
  /** Member ids of a segment after `afterId` in id order (a rebuild's page of current members). */
  segmentMemberIds(segmentId: string, afterId: ContactId | null, limit: number): Promise<ContactId[]>;
}

/** A saved segment that is not deleted, as membership reads it: 'building' while its rebuild runs, then 'live'. */
export type LiveSegmentRecord = Pick<SegmentRecord, 'id' | 'key' | 'name' | 'version' | 'status' | 'definition'>;

/** The store-level side of segment membership, outside the write path. */
export interface SegmentMembershipRepository {
  /** A cheap fingerprint of the segments table: it changes whenever a segment is saved, deleted or goes live. */
  fingerprint(): Promise<string>;
  /** Marks a segment live (its rebuild finished) unless it was deleted or edited to a newer version meanwhile. */
  markLive(segmentId: string, version: number, at: EpochMs): Promise<boolean>;
}
