import type { ContactId, DomainError, EpochMs, Issue, LeadEvent, Result, Scenario, StageKey } from '@leadpulse/core';
import type { EnrolmentRecord, ScenarioRecord, SendQuery, SendRecord, TaskRecord, TaskStatus, TemplateRecord } from './scenario-ports.js';

/** A scenario with the counts the list and the flow view show. */
export interface ScenarioView {
  readonly record: ScenarioRecord;
  /** Active enrolments by step id. */
  readonly atStep: Readonly<Record<string, number>>;
}

/** A rendered message, as the preview, the test inbox and the sender see it. */
export interface RenderedMessage {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** One day of a dry run: who would enrol, what would be sent, where they would leave. */
export interface SimulationLine {
  readonly at: EpochMs;
  readonly contactId: ContactId | null;
  readonly what: 'enrolled' | 'send_email' | 'send_sms' | 'sales_alert' | 'task' | 'webhook' | 'update_contact' | 'waiting' | 'exited' | 'completed';
  readonly stepId: string | null;
  readonly detail: string;
}
export interface SimulationResult {
  readonly from: EpochMs;
  readonly until: EpochMs;
  readonly contacts: number;
  readonly enrolled: number;
  readonly sends: number;
  readonly lines: readonly SimulationLine[];
}
export interface SimulationInput {
  /** Stored contacts (by id, or the first `limit` live ones), or a given event list (contacts built from it alone). */
  readonly contactIds?: readonly ContactId[];
  readonly events?: readonly unknown[];
  readonly from?: EpochMs;
  readonly until?: EpochMs;
  readonly limit?: number;
}

export interface ScenarioAdmin {
  list(): Promise<readonly ScenarioView[]>;
  get(id: string): Promise<Result<ScenarioView, DomainError>>;
  validate(input: unknown): Result<Scenario, Issue[]>;
  /** Stores version 1 as a draft (or `active` when asked). */
  create(input: unknown, options?: { activate?: boolean }): Promise<Result<ScenarioRecord, DomainError>>;
  /** Stores a new version. `migrate: 'by_step'` moves active enrolments to the new version by step id (those whose step is gone finish); `keep` leaves them on their version. */
  update(id: string, input: unknown, options?: { migrate?: 'by_step' | 'keep' }): Promise<Result<ScenarioRecord, DomainError>>;
  remove(id: string): Promise<Result<{ deleted: true }, DomainError>>;
  activate(id: string): Promise<Result<ScenarioRecord, DomainError>>;
  /** Holds enrolments where they are; activating again resumes them (due steps run at once, never a burst of catch-up sends). */
  pause(id: string): Promise<Result<ScenarioRecord, DomainError>>;
  enrolments(id: string, options: { status?: EnrolmentRecord['status']; limit: number; cursor?: string }): Promise<Result<{ enrolments: readonly EnrolmentRecord[]; nextCursor: string | null }, DomainError>>;
  simulate(id: string, input: SimulationInput): Promise<Result<SimulationResult, DomainError>>;
}

export interface TemplateAdmin {
  list(): Promise<readonly TemplateRecord[]>;
  get(id: string): Promise<Result<TemplateRecord, DomainError>>;
  create(input: unknown): Promise<Result<TemplateRecord, DomainError>>;
  update(id: string, input: unknown): Promise<Result<TemplateRecord, DomainError>>;
  remove(id: string): Promise<Result<{ deleted: true }, DomainError>>;
  /** Renders for one stored contact (or a sample contact without one). */
  preview(id: string, contactId?: ContactId): Promise<Result<RenderedMessage, DomainError>>;
  /** Renders an unsaved draft (subject, body, channel, locale) the same way: the editor's live preview. */
  previewDraft(input: unknown, contactId?: ContactId): Promise<Result<RenderedMessage, DomainError>>;
}

export interface Outbox {
  /** True when no SMTP relay is configured: email goes to the local mail sink, shown as the test inbox. */
  readonly local: boolean;
  list(query: SendQuery): Promise<{ sends: readonly SendRecord[]; nextCursor: string | null }>;
  get(id: string): Promise<Result<SendRecord, DomainError>>;
  /** A dead letter back to the queue, with its Message-ID unchanged. */
  retry(id: string): Promise<Result<SendRecord, DomainError>>;
  /** Delivers what is due, a bounded batch; returns how many were attempted. The scheduler calls it. */
  drain(options?: { limit?: number }): Promise<number>;
  /** The local mail sink (no SMTP configured): messages as they would have left, newest first. */
  testInbox(options: { limit: number }): Promise<readonly { sendId: string; messageId: string; to: string; subject: string; html: string; text: string; at: EpochMs }[]>;
}

export interface Tasks {
  get(id: string): Promise<Result<TaskRecord, DomainError>>;
  list(query: { assignee?: string; status?: TaskStatus; contactId?: ContactId; limit: number }): Promise<readonly TaskRecord[]>;
  /** Done, reassigned or snoozed; done and reassigned come back as events on the contact (`Task Completed`). */
  update(id: string, patch: { status?: TaskStatus; assignee?: string; snoozedUntil?: EpochMs | null }, by: string | null): Promise<Result<TaskRecord, DomainError>>;
}

/** What ingestion tells the scenarios about one contact after a write: its moves and events, in event time. */
export interface ContactActivity {
  readonly contactId: ContactId;
  readonly stage: StageKey;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly moves: readonly { readonly at: EpochMs; readonly from: StageKey | null; readonly to: StageKey }[];
  readonly events: readonly LeadEvent[];
}
