import type { CampaignOutcomeLine, CampaignStatsLine, Temperature, BlockingInputs, ChannelCounts, Classification, CostSegment, SegmentChannelCounts, DoctrineCheckInputs, OutcomeWindow, ContactFacts, ContactId, CostLine, GroupBy, TunnelInput, ContactState, Doctrine, EpochMs, EventId, LeadEvent, Reason, ScoreLine, StageKey } from '@leadpulse/core';
import type { ConversionRepository, ConversionTx } from './conversions/conversion-ports.js';
import type { AudienceRepository } from './audiences/audience-ports.js';
import type { ModelRepository } from './predict/model-ports.js';
import type { EmailFeedbackRepository } from './email-feedback-ports.js';
import type { EnrolmentRepository, ScenarioRepository, ScenarioTx, SendRepository, TaskRepository, TemplateRepository } from './scenario-ports.js';
import type { PrivacyRepository, PrivacyTx } from './privacy-ports.js';
import type { UserRepository } from './user-ports.js';
import type { SuppressionRepository, SuppressionTx } from './suppression-ports.js';
import type { SegmentMembershipRepository, SegmentMembershipTx } from './segments/membership-ports.js';
import type { SegmentQueries, SegmentRepository } from './segments/segment-ports.js';

/** The instant source. Production uses the system clock; tests advance a manual one. */
export interface Clock {
  now(): Date;
}

/** Structured logger port (pino satisfies it). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

export type IdentityKind = 'user' | 'anonymous' | 'email';
export interface Identity {
  readonly kind: IdentityKind;
  readonly value: string;
}
export interface IdentityRow extends Identity {
  readonly contactId: ContactId;
}

/** A contact as stored: the folded state plus its current classification. */
export interface ContactRecord {
  readonly id: ContactId;
  readonly userId: string | null;
  readonly email: string | null;
  readonly stage: StageKey;
  readonly stageSince: EpochMs;
  readonly score: number;
  readonly reasons: readonly Reason[];
  readonly scoreLines: readonly ScoreLine[];
  readonly state: ContactState;
  readonly nextEvalAt: EpochMs | null;
  readonly firstSeenAt: EpochMs | null;
  readonly lastSeenAt: EpochMs | null;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
  /** Set when this contact was merged into another; merged contacts are hidden from lists. */
  readonly mergedInto: ContactId | null;
  /** The doctrine version that produced `stage`. */
  readonly doctrineVersion: number;
  /** The ids of the live segments the contact is in, sorted, joined by '|' (segments/live-membership.ts). */
  readonly segments: string;
  /** The published predictive model's purchase probability at the last evaluation; null without a model. */
  readonly predicted: number | null;
}

/** The fields a classification or fold changes. */
export interface ContactUpdate {
  readonly id: ContactId;
  readonly userId: string | null;
  readonly email: string | null;
  readonly state: ContactState;
  readonly classification: Classification;
  readonly stageSince: EpochMs;
  readonly doctrineVersion: number;
  readonly updatedAt: EpochMs;
  /** The row reports read, derived from the state and the stage. */
  readonly facts: ContactFacts;
  /** The new `segments` (ids joined by '|') when the contact's live membership changed; absent: left as it is. */
  readonly segments?: string;
  /** The published predictive model's purchase probability now (app/predict/active-model.ts); null without a model. */
  readonly predicted: number | null;
  /** Set for a contact this transaction creates: the save inserts its row, created at this instant. */
  readonly createdAt?: EpochMs;
}

export type StageChangeCause = 'event' | 'time' | 'merge' | 'reclassify';
export interface StageChange {
  readonly id: string;
  readonly contactId: ContactId;
  readonly from: StageKey | null;
  readonly to: StageKey;
  readonly at: EpochMs;
  readonly cause: StageChangeCause;
  readonly doctrineVersion: number;
  readonly reasons: readonly Reason[];
  readonly score: number;
}

export interface MergeRecord {
  readonly id: string;
  /** The surviving contact. */
  readonly into: ContactId;
  /** The contact absorbed (kept as a tombstone with `mergedInto`). */
  readonly from: ContactId;
  readonly at: EpochMs;
  /** What linked them, e.g. `identify userId=u1 anonymousId=a1`. */
  readonly reason: string;
  readonly eventId: EventId | null;
  /** The identities moved from `from` to `into`, for the record and for undo. */
  readonly identities: readonly Identity[];
}

export interface DoctrineVersion {
  readonly version: number;
  readonly doctrine: Doctrine;
  readonly createdAt: EpochMs;
  readonly note: string | null;
  readonly active: boolean;
}

export type KeyKind = 'write' | 'admin';
export interface ApiKey {
  readonly id: string;
  readonly kind: KeyKind;
  readonly label: string;
  /** sha256 hex of the secret; the secret itself is never stored. */
  readonly hash: string;
  /** Shown in lists so an operator can tell keys apart. */
  readonly prefix: string;
  readonly allowedOrigins: readonly string[];
  readonly createdAt: EpochMs;
  readonly revokedAt: EpochMs | null;
}

/** Lists and counts leave out merged contacts and contacts with no human activity (crawler traffic only). */
export interface ContactQuery {
  readonly stage?: StageKey;
  /** Matches email, userId, contact id, anonymous id or name traits (case-insensitive prefix/contains). */
  readonly q?: string;
  /** First-touch UTM source. */
  readonly source?: string;
  /** A trait equal to a value (compared as text). */
  readonly trait?: { readonly key: string; readonly value: string };
  /** Last seen in [seenAfter, seenBefore). */
  readonly seenAfter?: EpochMs;
  readonly seenBefore?: EpochMs;
  readonly limit: number;
  /** Opaque cursor from a previous page. */
  readonly cursor?: string;
  /** Newest first (default), or by the predicted purchase probability, highest first. */
  readonly sort?: 'newest' | 'predicted';
}
export interface ContactPage {
  readonly contacts: readonly ContactRecord[];
  readonly nextCursor: string | null;
}

export interface StoredEvent {
  readonly event: LeadEvent;
  readonly contactId: ContactId;
}

/** Writes that must commit together. On PostgreSQL, `lockContacts` takes row locks in id order. */
export interface StoreTx extends PrivacyTx, ScenarioTx, SuppressionTx, ConversionTx, SegmentMembershipTx {
  /** Of these event ids, the ones already in the log. */
  existingEventIds(ids: readonly EventId[]): Promise<Set<string>>;
  /** The version of the active doctrine as committed now (another process may have saved one since this one loaded). */
  activeDoctrineVersion(): Promise<number | null>;
  /**
   * Serializes writers that resolve the same identities (PostgreSQL: transaction-scoped advisory locks taken in
   * sorted order), so two processes never both create a contact for one new visitor. A no-op with a single writer.
   */
  lockIdentities(identities: readonly Identity[]): Promise<void>;
  findIdentities(identities: readonly Identity[]): Promise<IdentityRow[]>;
  /** Inserts identities; one already owned by another contact is left alone (first owner wins). */
  insertIdentities(rows: readonly IdentityRow[]): Promise<void>;
  identitiesOf(contactIds: readonly ContactId[]): Promise<IdentityRow[]>;
  createContacts(rows: readonly { id: ContactId; createdAt: EpochMs; state: ContactState; stage: StageKey; doctrineVersion: number }[]): Promise<void>;
  /** Loads (and on PostgreSQL locks, in id order) the given contacts; merged or missing ones are absent. */
  lockContacts(ids: readonly ContactId[]): Promise<ContactRecord[]>;
  /**
   * Live contacts due for re-evaluation (nextEvalAt <= now), oldest due first, held for the rest of the transaction.
   * Concurrent workers on PostgreSQL skip each other's rows (SKIP LOCKED), so each claims its own share.
   */
  claimDueContacts(now: EpochMs, limit: number): Promise<ContactRecord[]>;
  /** Appends events; an id already present is skipped, never overwritten. */
  insertEvents(rows: readonly StoredEvent[]): Promise<void>;
  /** A contact's whole history in (at, id) order, internal events excluded. */
  historyOf(contactId: ContactId): Promise<LeadEvent[]>;
  /** The first `limit` of a contact's events at or after `since`, in (at, id) order, internal events excluded. */
  historySince(contactId: ContactId, since: EpochMs, limit: number): Promise<LeadEvent[]>;
  /** Moves events and identities from one contact to another and tombstones `from`. */
  mergeContacts(merge: MergeRecord): Promise<void>;
  saveContacts(updates: readonly ContactUpdate[]): Promise<void>;
  insertStageChanges(rows: readonly StageChange[]): Promise<void>;
  /** Deletes the contacts' stage history and their `Stage Changed` events, before a walk from the beginning rewrites them. */
  clearStageHistory(contactIds: readonly ContactId[]): Promise<void>;
}

/** A half-open time range [from, to); an unset bound is open. */
export interface Period {
  readonly from?: EpochMs;
  readonly to?: EpochMs;
}

export interface StageMoveCount {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly from: StageKey | null;
  readonly to: StageKey;
  readonly count: number;
}

/** Contacts as they stand: folded state, stage, history of moves and merges. */
export interface ContactRepository {
  get(id: ContactId): Promise<ContactRecord | null>;
  /** Those of these contacts that exist (merged ones included), in no particular order. */
  getMany(ids: readonly ContactId[]): Promise<ContactRecord[]>;
  findByIdentity(identity: Identity): Promise<ContactRecord | null>;
  list(query: ContactQuery): Promise<ContactPage>;
  countByStage(): Promise<Record<StageKey, number>>;
  /** Live contact ids due for re-evaluation (nextEvalAt <= now), oldest due first. */
  due(now: EpochMs, limit: number): Promise<ContactId[]>;
  /** Live contact ids after `afterId` in id order, for replays. */
  idsAfter(afterId: ContactId | null, limit: number): Promise<ContactId[]>;
  /** Sets contacts' predicted purchase probability (a newly published model scores everyone). */
  setPredicted(rows: readonly { readonly id: ContactId; readonly predicted: number | null }[]): Promise<void>;
  stageHistoryOf(contactId: ContactId): Promise<StageChange[]>;
  /** Stage changes of every contact after a cursor in (at, id) order; without one, the newest `limit` in that order. */
  stageChangesAfter(cursor: { at: EpochMs; id: string } | null, limit: number): Promise<StageChange[]>;
  mergesOf(contactId: ContactId): Promise<MergeRecord[]>;
}

export interface IdentityRepository {
  of(contactIds: readonly ContactId[]): Promise<IdentityRow[]>;
}

/** The event log, read. */
export interface EventRepository {
  /** Events of a contact, newest first, internal ones included. */
  of(contactId: ContactId, options: { limit: number; before?: EpochMs }): Promise<LeadEvent[]>;
  /** Histories of many contacts at once, each in (at, id) order, internal events excluded. */
  historiesOf(contactIds: readonly ContactId[]): Promise<Map<ContactId, LeadEvent[]>>;
  count(): Promise<number>;
}

export interface DoctrineRepository {
  active(): Promise<DoctrineVersion | null>;
  versions(): Promise<DoctrineVersion[]>;
  /** Stores a new version and makes it the active one. */
  save(doctrine: Doctrine, options: { note: string | null; now: EpochMs }): Promise<DoctrineVersion>;
}

export interface KeyRepository {
  create(key: ApiKey): Promise<void>;
  findByHash(hash: string): Promise<ApiKey | null>;
  list(): Promise<ApiKey[]>;
  revoke(id: string, at: EpochMs): Promise<boolean>;
}

/** Which enrolments the campaign outcome reads, how long after enrolling counts, and each scenario's goal temperature (client when absent). */
export interface CampaignOutcomeQuery {
  readonly period: { readonly from: EpochMs; readonly to: EpochMs };
  readonly horizonMs: number;
  readonly goals: Readonly<Record<string, Temperature>>;
}

/** The reads behind the reports (maintained state, never the event log), and the cost lines. */
export interface ReportRepository {
  /**
   * Facts of live contacts first seen in the period (every live contact when it is open). Traits and signals, the
   * heavy columns, are read only when asked for; otherwise they come back empty.
   */
  reportFacts(period: Period, read?: { traits?: boolean; signals?: boolean }): Promise<ContactFacts[]>;
  /**
   * The tunnel's counts by group, aggregated by the database, with step durations read from at most about
   * `maxDurations` contacts (a deterministic 1-in-k sample above that, k returned).
   */
  tunnelInputs(period: Period, by: GroupBy, maxDurations: number): Promise<{ inputs: TunnelInput[]; sampledOneIn: number; coverageStart: EpochMs | null }>;
  /** Contacts first seen in the period by first-touch channel (UTM source or medium) and campaign, aggregated by the database. */
  channelCounts(period: Period, field: 'source' | 'medium'): Promise<ChannelCounts[]>;
  /**
   * The blocking-points report's counts (quiet contacts and their exit pages, last pages, the purchase path) by the
   * database, and page lift over at most about `maxSample` contacts (a deterministic 1-in-k sample above that).
   */
  blockingInputs(period: Period, window: { now: EpochMs; quietAfterMs: number }, maxSample: number): Promise<BlockingInputs>;
  /** The doctrine check's conversion by stage by the database, and by signal over at most about `maxSample` known contacts. */
  doctrineCheckInputs(period: Period, window: OutcomeWindow, maxSample: number): Promise<DoctrineCheckInputs>;
  /** The campaign rollup (sends by scenario, step, template, variant and group) summed over the period's UTC days. */
  campaignStats(period: { from: EpochMs; to: EpochMs }): Promise<CampaignStatsLine[]>;
  /**
   * The period's enrolments (whole UTC days) by scenario and group, with the goal, purchases and revenue within the
   * horizon after each, summed from the outcome rollup: `horizonMs` is one of CAMPAIGN_HORIZON_DAYS (others throw).
   */
  campaignOutcomes(query: CampaignOutcomeQuery): Promise<CampaignOutcomeLine[]>;
  /** Stage changes in the period, counted by UTC day and move. */
  stageMoves(period: Period): Promise<StageMoveCount[]>;
  addCostLines(lines: readonly CostLine[]): Promise<void>;
  /** Cost lines whose period overlaps the given one. */
  listCostLines(period: Period): Promise<CostLine[]>;
  getCostLine(id: string): Promise<CostLine | null>;
  /** Replaces a line's fields (its id and creation kept); false when no line has the id. */
  updateCostLine(line: CostLine): Promise<boolean>;
  deleteCostLine(id: string): Promise<boolean>;
  /** Segments that are not deleted, for the cost lines assigned to one and the report by segment. */
  costSegments(): Promise<(CostSegment & { readonly live: boolean })[]>;
  /**
   * Members of the given segments first seen in the period, by segment and first-touch channel (UTM source or
   * medium), aggregated by the database over segment_members ⋈ contact_facts.
   */
  segmentChannelCounts(period: Period, field: 'source' | 'medium', segmentIds: readonly string[]): Promise<SegmentChannelCounts[]>;
}

/** Small key/value settings (e.g. whether the demo was loaded). */
export interface SettingsRepository {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/**
 * The store: the repositories the use cases read and write, and transactions for writes that commit together. A use
 * case takes only the repositories it needs (`Pick<Store, 'contacts' | 'events'>`).
 */
export interface Store {
  /** What the engine can do (storage/dialects/sql-dialect.ts); `deferIndexesInBulkLoads`: `deferIndexes` pays there. */
  readonly capabilities: { readonly concurrentWriters: boolean; readonly skipLocked: boolean; readonly deferIndexesInBulkLoads: boolean };
  /** Applies pending migrations, then rebuilds any index a crashed import left dropped. */
  migrate(): Promise<void>;
  /**
   * Holds a lock shared by every process of the deployment until the returned release is called: processes that
   * start together seed the doctrine, keys and presets one after the other (PostgreSQL: a session advisory lock,
   * let go by the database if the process dies; SQLite: one process owns the file, nothing to hold).
   */
  lock(name: string): Promise<() => Promise<void>>;
  /**
   * Before a large import: drops the indexes that cost more to maintain row by row than to build once (a no-op where
   * the engine does not gain from it: storage/deferred-indexes.ts). `restoreIndexes` builds them again.
   */
  deferIndexes(): Promise<void>;
  restoreIndexes(): Promise<void>;
  /** True when the store answers and every migration is applied. */
  isReady(): Promise<boolean>;
  close(): Promise<void>;
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  readonly contacts: ContactRepository;
  readonly identities: IdentityRepository;
  readonly events: EventRepository;
  readonly doctrines: DoctrineRepository;
  readonly keys: KeyRepository;
  readonly users: UserRepository;
  readonly reports: ReportRepository;
  readonly privacy: PrivacyRepository;
  readonly settings: SettingsRepository;
  readonly scenarios: ScenarioRepository;
  readonly templates: TemplateRepository;
  readonly enrolments: EnrolmentRepository;
  readonly sends: SendRepository;
  readonly tasks: TaskRepository;
  /** Bounce and complaint reports received (DSN, ARF), read or not. */
  readonly emailFeedback: EmailFeedbackRepository;
  readonly suppressions: SuppressionRepository;
  /** Ad audiences, their sync history and what each platform holds (issue 16). */
  readonly audiences: AudienceRepository;
  /** Training runs of the predictive score and its published model (issue 17). */
  readonly models: ModelRepository;
  /** Website conversions queued for Meta and Google, and their delivery log. */
  readonly conversions: ConversionRepository;
  /** Live segment membership outside the write path: the segments to keep live, going live, forgetting one. */
  readonly segmentMembership: SegmentMembershipRepository;
  /** Saved segments, their versions and stored membership (issue 16). */
  readonly segments: SegmentRepository;
  /** Contacts read through a segment prefilter: counts, candidates, export rows. */
  readonly segmentQueries: SegmentQueries;
}
