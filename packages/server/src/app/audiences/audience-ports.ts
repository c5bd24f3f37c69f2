import type { AudiencePlatform, AudienceSkipReason, EpochMs } from '@leadpulse/core';

/** Where each platform's list lives once created; set by the first sync, or by the user for an existing list. */
export interface AudienceSettings {
  readonly meta?: { readonly customAudienceId?: string };
  readonly google?: { readonly userListId?: string };
}

export interface AudienceRecord {
  readonly id: string;
  readonly name: string;
  readonly segmentId: string;
  readonly platforms: readonly AudiencePlatform[];
  readonly settings: AudienceSettings;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}

export type SyncStatus = 'ok' | 'failed' | 'refused';

export interface SyncRecord {
  readonly id: string;
  readonly audienceId: string;
  readonly platform: AudiencePlatform;
  readonly at: EpochMs;
  readonly added: number;
  readonly removed: number;
  readonly skipped: Partial<Record<AudienceSkipReason, number>>;
  readonly status: SyncStatus;
  readonly message: string | null;
}

/** What the store knows of a member to match it with: raw identifiers, typed demographics, consent. */
export interface AudienceSource {
  readonly contactId: string;
  readonly email: string | null;
  readonly userId: string | null;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly birthDate: number | null;
  readonly gender: string | null;
  readonly country: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
  readonly consentAds: boolean | null;
}

/** A contact the platform holds, with the hashed identifiers it was sent (JSON), as `audience_synced` keeps it. */
export interface SyncedRow {
  readonly contactId: string;
  readonly hash: string;
}

/** Where one audience's list stands on one platform. */
export interface SyncTarget {
  readonly audienceId: string;
  readonly platform: AudiencePlatform;
  readonly segmentId: string;
}

/**
 * Audiences, their sync history and what each platform holds. The delta is set-based: members of the segment with
 * ad consent granted, against `audience_synced`, both read in contact-id order and paged by key (no per-contact read).
 */
export interface AudienceRepository {
  insert(record: AudienceRecord): Promise<void>;
  update(record: AudienceRecord): Promise<void>;
  /** Soft delete; what the platforms hold is forgotten with it. */
  remove(id: string, at: EpochMs): Promise<boolean>;
  get(id: string): Promise<AudienceRecord | null>;
  list(): Promise<readonly AudienceRecord[]>;
  recordSync(sync: SyncRecord): Promise<void>;
  /** Newest first. */
  syncs(audienceId: string, limit: number): Promise<readonly SyncRecord[]>;
  /** The newest sync per platform. */
  lastSyncs(audienceIds: readonly string[]): Promise<ReadonlyMap<string, readonly SyncRecord[]>>;
  /** Every member of the segment, consenting or not (an export counts who is left out), after a contact id. */
  members(segmentId: string, after: string | null, limit: number): Promise<readonly AudienceSource[]>;
  /** Members of the segment and members with ad consent granted (the guard's size). */
  memberCounts(segmentId: string): Promise<{ members: number; consenting: number }>;
  /** Consenting members the platform does not hold yet, after a contact id. */
  entered(target: SyncTarget, after: string | null, limit: number): Promise<readonly AudienceSource[]>;
  /** Contacts the platform holds that are no longer consenting members (left, consent withdrawn, erased, merged). */
  left(target: SyncTarget, after: string | null, limit: number): Promise<readonly SyncedRow[]>;
  /** Consenting members the platform holds whose contact changed since `since`: their identifiers may have changed. */
  touched(target: SyncTarget, since: EpochMs, after: string | null, limit: number): Promise<readonly (AudienceSource & { readonly hash: string })[]>;
  markSynced(target: SyncTarget, rows: readonly SyncedRow[]): Promise<void>;
  unmarkSynced(target: SyncTarget, contactIds: readonly string[]): Promise<void>;
}
