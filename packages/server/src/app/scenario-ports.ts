import type { ContactId, EnrolmentHistoryLine, EnrolmentPosition, EnrolmentStatus, EpochMs, Scenario, ScenarioStatus, TemplatePreset } from '@leadpulse/core';

/** One version of a scenario document. Editing a scenario stores a new version; enrolments remember theirs. */
export interface ScenarioRecord {
  readonly id: string;
  readonly key: string;
  readonly version: number;
  readonly status: ScenarioStatus;
  readonly scenario: Scenario;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}

/**
 * A stored message template: the fields of a shipped one (key, locale, channel, name, subject, body: Liquid over MJML
 * for email, Liquid text for SMS), with its id and dates. With `locale`, `key` is unique: `warm-follow-up` in each.
 */
export interface TemplateRecord extends TemplatePreset {
  readonly id: string;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}

export interface EnrolmentRecord {
  readonly id: string;
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly contactId: ContactId;
  readonly status: EnrolmentStatus;
  readonly position: EnrolmentPosition;
  readonly enteredAt: EpochMs;
  readonly endedAt: EpochMs | null;
  readonly endReason: string | null;
  readonly history: readonly EnrolmentHistoryLine[];
  /** What triggered it (the stage entered, the event, the date), shown and passed to templates. */
  readonly context: Readonly<Record<string, unknown>>;
  readonly updatedAt: EpochMs;
}

export type SendChannel = 'email' | 'sms' | 'alert' | 'webhook';
/** DESIGN 3.5 statuses. `failed` is a dead letter (permanent failure, retryable by hand); `suppressed` was never sent. */
export const SEND_STATUSES = ['queued', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed', 'failed', 'suppressed'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

/** One outbox row: an effect decided by a step, with the identity it keeps for life. */
export interface SendRecord {
  readonly id: string;
  /** `enrolmentId:stepId:occurrence:run` (run: the instant the step came due): unique, so a step decided twice writes one row. */
  readonly idempotencyKey: string;
  readonly enrolmentId: string | null;
  readonly scenarioId: string | null;
  readonly contactId: ContactId;
  readonly stepId: string | null;
  readonly channel: SendChannel;
  readonly status: SendStatus;
  /** RFC 5322 Message-ID for email (`<id@host>`), fixed when the send is decided and reused on every retry. */
  readonly messageId: string;
  /** Address, phone number or URL; null until rendered when it comes from the contact. */
  readonly recipient: string | null;
  /** Template key and anything the renderer needs (to, webhook, alert reasons), decided with the step. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Rendered subject (email), for lists and the test inbox. */
  readonly subject: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: EpochMs | null;
  readonly lastError: string | null;
  /** The provider's answer (SMTP response line, HTTP status), recorded on success. */
  readonly providerAnswer: string | null;
  readonly createdAt: EpochMs;
  readonly sentAt: EpochMs | null;
  readonly updatedAt: EpochMs;
}

export type TaskStatus = 'open' | 'done' | 'snoozed';
export interface TaskRecord {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly contactId: ContactId;
  readonly enrolmentId: string | null;
  readonly scenarioId: string | null;
  readonly title: string;
  /** An email: the owner's or a team's address. */
  readonly assignee: string;
  readonly status: TaskStatus;
  readonly dueAt: EpochMs;
  readonly createdAt: EpochMs;
  readonly doneAt: EpochMs | null;
  readonly snoozedUntil: EpochMs | null;
}

export interface SendQuery {
  readonly contactId?: ContactId;
  readonly scenarioId?: string;
  readonly status?: SendStatus;
  readonly limit: number;
  /** Opaque cursor from a previous page (newest first). */
  readonly cursor?: string;
}

export interface ScenarioRepository {
  /** The newest version of every scenario, by key. */
  list(): Promise<ScenarioRecord[]>;
  /** The newest version, or the given one. */
  get(id: string, version?: number): Promise<ScenarioRecord | null>;
  getByKey(key: string): Promise<ScenarioRecord | null>;
  /** Newest version of every active scenario, for triggers. */
  active(): Promise<ScenarioRecord[]>;
  /** Stores a new scenario (version 1) or a new version of an existing one (same id); false when the key is taken by another id. */
  save(record: ScenarioRecord): Promise<boolean>;
  setStatus(id: string, status: ScenarioStatus, at: EpochMs): Promise<boolean>;
  /** Deletes the scenario, its versions and its enrolments; its sends stay (the record of what was sent). */
  delete(id: string): Promise<boolean>;
  /**
   * Active enrolments on older versions move to `version` when their step id is in it (or they are between
   * occurrences); the others end, saying their step is gone.
   */
  moveEnrolments(id: string, version: number, stepIds: readonly string[], at: EpochMs): Promise<{ moved: number; ended: number }>;
  /** Active enrolments by step id, for the flow view's counts. */
  countsByStep(id: string): Promise<Record<string, number>>;
}

export interface TemplateRepository {
  list(): Promise<TemplateRecord[]>;
  get(id: string): Promise<TemplateRecord | null>;
  /** The template with this key in this locale, else in the other one. */
  find(key: string, locale: 'en' | 'fr'): Promise<TemplateRecord | null>;
  /** Inserts or replaces by id; false when (key, locale) belongs to another id. */
  save(record: TemplateRecord): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export interface EnrolmentRepository {
  ofScenario(scenarioId: string, options: { status?: EnrolmentStatus; limit: number; cursor?: string }): Promise<{ enrolments: EnrolmentRecord[]; nextCursor: string | null }>;
  ofContact(contactId: ContactId): Promise<EnrolmentRecord[]>;
  get(id: string): Promise<EnrolmentRecord | null>;
  countActive(): Promise<number>;
}

export interface SendRepository {
  list(query: SendQuery): Promise<{ sends: SendRecord[]; nextCursor: string | null }>;
  get(id: string): Promise<SendRecord | null>;
  /** Sends to this contact over email or SMS (or only `channel`) since an instant (queued included), for frequency caps. */
  countMessagesSince(contactId: ContactId, since: EpochMs, channel?: 'email' | 'sms'): Promise<number>;
  /**
   * Claims up to `limit` sends that are queued and due (nextAttemptAt <= now), oldest first, by moving their
   * nextAttemptAt to `leaseUntil`: a crashed sender's claims come back when the lease ends. Concurrent senders on
   * PostgreSQL skip each other's rows (SKIP LOCKED).
   */
  claimDue(now: EpochMs, leaseUntil: EpochMs, limit: number): Promise<SendRecord[]>;
  /**
   * Records an attempt's outcome; only a row still `queued` is changed. The commit survives a crash of this process
   * without waiting for the disk (a power cut may lose the last ones: those messages go again, under their Message-ID).
   */
  recordOutcome(id: string, outcome: { status: SendStatus; attempts: number; nextAttemptAt: EpochMs | null; lastError: string | null; providerAnswer: string | null; subject?: string | null; recipient?: string | null; sentAt: EpochMs | null; updatedAt: EpochMs }): Promise<boolean>;
  /** Many outcomes in one transaction, committed as recordOutcome's; each as recordOutcome. */
  recordOutcomes(outcomes: readonly { id: string; outcome: Parameters<SendRepository['recordOutcome']>[1] }[]): Promise<boolean[]>;
  /** A dead letter (`failed`) back to `queued`, due now; false for any other status. */
  retry(id: string, now: EpochMs): Promise<boolean>;
  /** Updates the engagement status of a send found by its Message-ID (opened, clicked, bounced…). */
  setStatusByMessageId(messageId: string, status: SendStatus, at: EpochMs): Promise<boolean>;
}

export interface TaskRepository {
  list(query: { assignee?: string; status?: TaskStatus; contactId?: ContactId; limit: number }): Promise<TaskRecord[]>;
  get(id: string): Promise<TaskRecord | null>;
  update(id: string, patch: { status?: TaskStatus; assignee?: string; snoozedUntil?: EpochMs | null; doneAt?: EpochMs | null }): Promise<boolean>;
}

/** Scenario writes that commit with the step (or the stage change) that decides them. Part of StoreTx. */
export interface ScenarioTx {
  /** The Message-IDs of every send to these contacts: an erase forgets their copies in the local mail sink. */
  messageIdsOfContacts(contactIds: readonly ContactId[]): Promise<string[]>;
  /** One version of a scenario's document, read in the transaction (an enrolment kept on an older version). */
  scenarioVersion(id: string, version: number): Promise<Scenario | null>;
  /** As SendRepository.countMessagesSince, inside the transaction (frequency caps of the step being run). */
  countMessagesSince(contactId: ContactId, since: EpochMs, channel?: 'email' | 'sms'): Promise<number>;
  /** As SendRepository.setStatusByMessageId, inside the transaction that stores the engagement event. */
  markEngagement(messageId: string, status: SendStatus, at: EpochMs): Promise<boolean>;
  /** The sends an enrolment decided, oldest first (branches on opens and clicks). */
  sendsOfEnrolment(enrolmentId: string): Promise<SendRecord[]>;
  /** Active enrolments of these contacts, with their scenario ids (trigger and exit checks on ingestion). */
  enrolmentsOfContacts(contactIds: readonly ContactId[]): Promise<EnrolmentRecord[]>;
  /** The newest enrolment (any status) of each (scenario, contact) pair asked, for re-entry policies. */
  latestEnrolments(pairs: readonly { scenarioId: string; contactId: ContactId }[]): Promise<EnrolmentRecord[]>;
  /** Inserts enrolments and returns the ids written; one whose id exists (the same trigger seen again) is skipped. */
  insertEnrolments(rows: readonly EnrolmentRecord[]): Promise<string[]>;
  saveEnrolments(rows: readonly EnrolmentRecord[]): Promise<void>;
  /** Active enrolments whose step is due (dueAt <= now) in active scenarios, oldest first, held for the transaction (SKIP LOCKED). */
  claimDueEnrolments(now: EpochMs, limit: number): Promise<EnrolmentRecord[]>;
  /** Inserts sends; one whose idempotency key exists is skipped, and its existing id returned in place. */
  insertSends(rows: readonly SendRecord[]): Promise<void>;
  insertTasks(rows: readonly TaskRecord[]): Promise<void>;
  /** Records each enrolment's side of a measured scenario, once (the campaign report's outcome); a known one is kept. */
  recordCampaignEnrolments(rows: readonly { enrolmentId: string; scenarioId: string; contactId: ContactId; group: 'treated' | 'control'; enteredAt: EpochMs }[]): Promise<void>;
}
