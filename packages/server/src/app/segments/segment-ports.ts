import type { ColumnPredicate, ContactId, ContactState, EpochMs, SegmentDefinition, StageKey } from '@leadpulse/core';

/** 'building' while the membership of a new or edited version is computed; 'live' once segment_members holds it. */
export type SegmentStatus = 'building' | 'live';

/** A saved segment: its current version's definition (every version is kept in segment_versions). */
export interface SegmentRecord {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly definition: SegmentDefinition;
  readonly version: number;
  readonly status: SegmentStatus;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}

export interface SegmentVersion {
  readonly version: number;
  readonly definition: SegmentDefinition;
  readonly createdAt: EpochMs;
}

/** A contact as the segment evaluator reads it: its folded state, stage and score. */
export interface SegmentCandidate {
  readonly id: ContactId;
  readonly stage: StageKey;
  readonly score: number;
  readonly predicted: number | null;
  readonly state: ContactState;
}

/** A member in an export: who, where they stand, when they entered (null when computed, not stored), and the profile columns. */
export interface SegmentExportRow {
  readonly id: ContactId;
  readonly userId: string | null;
  readonly email: string | null;
  readonly stage: StageKey;
  readonly score: number;
  readonly enteredAt: EpochMs | null;
  readonly birthDate: EpochMs | null;
  readonly age: number | null;
  readonly gender: string | null;
  readonly householdSize: number | null;
  readonly children: number | null;
  readonly country: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** Consent per purpose: true granted, false refused, null unknown. */
  readonly consentEmail: boolean | null;
  readonly consentSms: boolean | null;
  readonly consentAds: boolean | null;
  readonly consentTracking: boolean | null;
}

/** One page of a key-ordered walk: rows after `after` (a contact id), ascending. */
export interface PageRequest {
  readonly after?: string;
  readonly limit: number;
}

/** Saved segments, their versions and their stored membership (segment_members, segment_moves). */
export interface SegmentRepository {
  /** Every segment not deleted, by key, with its member count. */
  list(): Promise<readonly (SegmentRecord & { readonly size: number })[]>;
  /** Every segment not deleted, by key, without sizes (what references and the evaluator read). */
  all(): Promise<readonly SegmentRecord[]>;
  get(id: string): Promise<SegmentRecord | null>;
  getByKey(key: string): Promise<SegmentRecord | null>;
  versions(id: string): Promise<readonly SegmentVersion[]>;
  /** Stores version 1; false when another segment has the key. */
  create(record: SegmentRecord): Promise<boolean>;
  /** Stores `record.version` as the current version (and in the history); false when another segment has the key. */
  update(record: SegmentRecord): Promise<boolean>;
  /** Soft delete: the row stays (deleted_at) with its key freed; its members and moves go. False when absent. */
  remove(id: string, at: EpochMs): Promise<boolean>;
  setStatus(id: string, status: SegmentStatus, at: EpochMs): Promise<boolean>;
  /** Segments with this status, not deleted (H3 rebuilds those left 'building'). */
  withStatus(status: SegmentStatus): Promise<readonly SegmentRecord[]>;
  /** Changes whenever a segment is created, edited, deleted or changes status: a cheap check for other processes. */
  stamp(): Promise<string>;
  size(id: string): Promise<number>;
  /** Stored members, by contact id ascending. */
  members(id: string, page: PageRequest): Promise<readonly { readonly contactId: ContactId; readonly enteredAt: EpochMs }[]>;
  /** Stored members with their export columns, by contact id ascending. */
  memberRows(id: string, page: PageRequest): Promise<readonly SegmentExportRow[]>;
  /** Stored members per current stage. */
  breakdown(id: string): Promise<readonly { readonly stage: StageKey; readonly count: number }[]>;
  /** Members at the end of each UTC day of [fromDay, toDay] (epoch days), from the entries and exits recorded. */
  sizes(id: string, fromDay: number, toDay: number): Promise<readonly { readonly day: number; readonly size: number }[]>;
}

/** Scenario keys a contact is enrolled in now (`active`) and has ever been (`ever`). */
export interface ScenarioMembership {
  readonly active: ReadonlySet<string>;
  readonly ever: ReadonlySet<string>;
}

/** Contacts read through a segment prefilter (core's ColumnPredicate over contacts ⋈ contact_facts). */
export interface SegmentQueries {
  count(where: ColumnPredicate): Promise<number>;
  countByStage(where: ColumnPredicate): Promise<Readonly<Record<StageKey, number>>>;
  /** These contacts as the evaluator reads them (live ones only), by id ascending. */
  candidatesOf(ids: readonly ContactId[]): Promise<readonly SegmentCandidate[]>;
  /** Up to `limit` ids matching the predicate, in no particular order: the first the engine finds. */
  sample(where: ColumnPredicate, limit: number): Promise<readonly ContactId[]>;
  /** Ids matching the predicate, by id ascending. */
  ids(where: ColumnPredicate, page: PageRequest): Promise<readonly ContactId[]>;
  /** Export columns of these contacts (enteredAt null), by id ascending. */
  rowsOf(ids: readonly ContactId[]): Promise<readonly SegmentExportRow[]>;
  scenariosOf(ids: readonly ContactId[]): Promise<ReadonlyMap<ContactId, ScenarioMembership>>;
}
