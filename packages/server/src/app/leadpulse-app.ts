import type { Classification, ContactId, Doctrine, DoctrineAdvice, EpochMs, Factor, Issue, LeadEvent, Result, StageKey, DomainError } from '@leadpulse/core';
import type { PrivacyOptions, PrivacyOutcome } from './erase-contact.js';
import type { ContactExport } from './export-contact.js';
import type { Reports } from './reports.js';
import type { FeedCursor, FeedItem } from './stage-feed.js';
import type { Sessions } from './sessions.js';
import type { UserAccounts } from './user-accounts.js';
import type { DoctrineSuggestion } from './suggest-doctrine.js';
import type { Outbox, ScenarioAdmin, Tasks, TemplateAdmin } from './scenario-app.js';
import type { EmailEngagement } from './email-engagement.js';
import type { Unsubscribe } from './unsubscribe.js';
import type { SuppressionAdmin } from './unsubscribe-suppressions.js';
import type { EnrolmentRecord, SendRecord } from './scenario-ports.js';
import type { EmailFeedback } from './email-feedback.js';
import type { EmailDomainReport } from './email-domain-check.js';
import type { Conversions } from './conversions/create-conversions.js';
import type { Audiences } from './audiences/create-audiences.js';
import type { ModelTraining } from './predict/model-training.js';

export interface ContactPrediction {
  readonly modelId: string;
  readonly horizonDays: number;
  readonly probability: number;
  readonly factors: readonly Factor[];
}
import type { SegmentAdmin } from './segments/segment-admin.js';
import type { ApiKey, ContactPage, ContactQuery, ContactRecord, DoctrineVersion, IdentityRow, KeyKind, MergeRecord, StageChange } from './ports.js';

/** Where a batch of raw events came from; the HTTP layer and the importer fill it in. */
export interface IngestContext {
  readonly receivedAt: EpochMs;
  /** The client's address as seen by the server; it is truncated before anything stores it. */
  readonly ip?: string;
  readonly userAgent?: string;
  /** Segment type implied by the endpoint (`/v1/track` → 'track') for events that omit `type`. */
  readonly impliedType?: string;
  /** For generated ids: events without messageId get a deterministic one from this prefix and their index. */
  readonly idPrefix?: string;
}

export type IngestOutcome =
  | { readonly index: number; readonly status: 'accepted'; readonly contactId: ContactId }
  | { readonly index: number; readonly status: 'duplicate' }
  | { readonly index: number; readonly status: 'rejected'; readonly issues: readonly Issue[] };

export interface IngestResult {
  readonly outcomes: readonly IngestOutcome[];
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
}

/** What a doctrine change would do, computed by replaying every contact without saving. */
export interface DoctrinePreview {
  readonly contacts: number;
  readonly moved: number;
  /** from → to → count, only for contacts whose stage would change. */
  readonly moves: readonly { readonly from: StageKey; readonly to: StageKey; readonly count: number }[];
  readonly before: Record<StageKey, number>;
  readonly after: Record<StageKey, number>;
}

export interface ReclassifyReport {
  readonly contacts: number;
  readonly events: number;
  readonly changed: number;
  readonly dryRun: boolean;
  readonly moves: DoctrinePreview['moves'];
}

export type TimelineEntry =
  | { readonly kind: 'event'; readonly at: EpochMs; readonly event: LeadEvent }
  | { readonly kind: 'stage_change'; readonly at: EpochMs; readonly change: StageChange }
  | { readonly kind: 'merge'; readonly at: EpochMs; readonly merge: MergeRecord }
  | { readonly kind: 'send'; readonly at: EpochMs; readonly send: SendRecord };

/** A contact with its identities, as the API and CLI present it. */
export interface ContactView {
  readonly record: ContactRecord;
  readonly identities: readonly IdentityRow[];
  /** Labels of the current stage from the active doctrine. */
  readonly stageLabels: { readonly en: string; readonly fr: string };
}

/** A freshly created key: the only moment the secret is visible. */
export interface CreatedKey {
  readonly key: ApiKey;
  readonly secret: string;
}

/** The use cases, one per file under app/, bound together by main.ts. HTTP and CLI call only these. */
export interface LeadPulseApp {
  ingest(rawEvents: readonly unknown[], context: IngestContext): Promise<IngestResult>;
  /**
   * Runs an import of about `expectedEvents` events, building costly indexes once at its end when it is large
   * (bulk-load.ts); `work` learns whether they were deferred, so the CLI can say why the end takes a moment.
   */
  bulkLoad<T>(expectedEvents: number, work: (deferred: boolean) => Promise<T>): Promise<T>;
  /** Re-evaluates contacts whose classification can change with time alone; returns how many were evaluated. */
  evaluateDue(options?: { limit?: number }): Promise<number>;
  reclassify(options: { dryRun: boolean; onProgress?: (done: number, total: number) => void }): Promise<ReclassifyReport>;

  getContact(id: ContactId): Promise<Result<ContactView, DomainError>>;
  lookupContact(by: { userId?: string; anonymousId?: string; email?: string }): Promise<Result<ContactView, DomainError>>;
  listContacts(query: ContactQuery): Promise<{ page: ContactPage; views: readonly ContactView[] }>;
  contactTimeline(id: ContactId, options: { limit: number; before?: EpochMs }): Promise<Result<readonly TimelineEntry[], DomainError>>;
  contactHistory(id: ContactId): Promise<Result<readonly StageChange[], DomainError>>;
  /** GDPR erase of the contact and those linked to it by alias calls; re-sent old events cannot bring them back. */
  eraseContact(id: ContactId, options?: PrivacyOptions): Promise<Result<PrivacyOutcome, DomainError>>;
  /** Removes every identifier of the contact (and those linked by alias calls) and keeps its counts in the reports. */
  anonymiseContact(id: ContactId, options?: PrivacyOptions): Promise<Result<PrivacyOutcome, DomainError>>;
  /** Everything held about the contact and those linked to it by alias calls (GDPR access). */
  exportContact(id: ContactId, options?: PrivacyOptions): Promise<Result<ContactExport, DomainError>>;
  /** Why a contact has its stage right now, recomputed at `now` (for explanation screens). */
  explainContact(id: ContactId): Promise<Result<Classification, DomainError>>;

  getDoctrine(): Promise<DoctrineVersion>;
  doctrineVersions(): Promise<readonly DoctrineVersion[]>;
  /** Validates, stores a new version, activates it and replays every contact under it. */
  putDoctrine(input: unknown, options: { note?: string }): Promise<Result<{ version: DoctrineVersion; report: ReclassifyReport }, DomainError>>;
  previewDoctrine(input: unknown): Promise<Result<DoctrinePreview, DomainError>>;
  validateDoctrine(input: unknown): Result<Doctrine, DomainError>;
  /** Replays the history under each preset without saving, and ranks the presets by how well their stages sort buyers. */
  suggestDoctrine(options?: { horizon?: string }): Promise<Result<DoctrineSuggestion, DomainError>>;

  /** Resolves a write key secret (Basic username or body writeKey) to its key, or an error code. */
  authenticateWriteKey(secret: string | undefined): Promise<Result<ApiKey, DomainError>>;
  authenticateAdmin(token: string | undefined): Promise<Result<ApiKey, DomainError>>;
  createKey(kind: KeyKind, options: { label: string; allowedOrigins?: readonly string[] }): Promise<CreatedKey>;
  listKeys(): Promise<readonly ApiKey[]>;
  revokeKey(id: string): Promise<Result<{ revoked: true }, DomainError>>;

  /** Dashboard users: add, list, remove, change role or password, and the first admin of a new store. */
  readonly users: UserAccounts;
  /** Sign-in, browser sessions and sign-out. */
  readonly sessions: Sessions;

  stageCounts(): Promise<Record<StageKey, number>>;
  /** Stage changes of every contact after a cursor, for the live feed; without a cursor, the newest `limit`. */
  stageFeed(cursor: FeedCursor | null, limit: number): Promise<readonly FeedItem[]>;
  /** The tunnel, blocking points, costs, campaigns and doctrine check, and the cost lines behind the cost report. */
  readonly reports: Reports;
  /** Follow-up scenarios, their templates, the outbox of what they send, and the sales tasks they create. */
  readonly scenarios: ScenarioAdmin;
  readonly templates: TemplateAdmin;
  readonly outbox: Outbox;
  readonly tasks: Tasks;
  /** Opens and clicks on tracked email links, recorded as events on the send's contact. */
  readonly engagement: EmailEngagement;
  /** The unsubscribe page and one-click, and consent set through the API (issue 15). */
  readonly unsubscribe: Unsubscribe;
  /** The suppression list: listed, and lifted by an admin. */
  readonly suppressions: SuppressionAdmin;
  /** Bounce (DSN) and complaint (ARF) reports: received from a webhook, the bounce mailbox or the CLI, and listed. */
  readonly emailFeedback: EmailFeedback;
  /** The sending domain's SPF, DKIM and DMARC records, and what to publish. */
  checkEmailDomain(): Promise<EmailDomainReport>;
  /** Moves enrolments whose step is due and delivers due sends; the scheduler calls it. Returns what it did. */
  runFollowUps(options?: { limit?: number }): Promise<{ advanced: number; delivered: number }>;
  /** A contact's enrolments and sends, newest first, for the contact document. */
  contactFollowUps(id: ContactId, options?: { limit?: number }): Promise<{ enrolments: readonly EnrolmentRecord[]; sends: readonly SendRecord[] }>;

  /** Site events forwarded to Meta's Conversions API and Google Ads, their delivery log and the scheduler's drain. */
  readonly conversions: Conversions;
  /** Ad audiences: a segment pushed to Meta and Google customer lists, exported or synced, with the history. */
  readonly audiences: Audiences;
  /** The predictive score: training runs, the published model and its card (docs/predictive-score.md). */
  readonly models: ModelTraining;
  /** A contact's purchase probability now and the features behind it; null without a published model. */
  predictContact(id: ContactId): Promise<ContactPrediction | null>;
  /** Doctrine edits that would order the stages by the company's own conversion, cross-validated (docs/predictive-score.md). */
  adviseDoctrine(options: { horizonDays: number }): Promise<DoctrineAdvice & { readonly contacts: number }>;
  /** Saved segments: versions, preview, members, breakdown, sizes over time and export (issue 16). */
  readonly segments: SegmentAdmin;
  /** Store reachable and migrations applied (GET /ready). */
  isReady(): Promise<boolean>;
  /** The app's clock, so views computed at "now" agree with classification. */
  now(): EpochMs;
}
