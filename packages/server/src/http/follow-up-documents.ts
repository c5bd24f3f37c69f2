import type { EnrolmentDocument, ScenarioDocument, SendDocument, SimulationDocument, TaskDocument, TemplateDocument } from '@leadpulse/contract';
import type { ScenarioView, SimulationResult } from '../app/scenario-app.js';
import type { EnrolmentRecord, ScenarioRecord, SendRecord, TaskRecord, TemplateRecord } from '../app/scenario-ports.js';

// Records keep epoch milliseconds; documents show ISO instants, like every other API document.
const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const toScenarioDocument = (record: ScenarioRecord): ScenarioDocument => ({
  id: record.id,
  key: record.key,
  version: record.version,
  status: record.status,
  scenario: record.scenario as unknown as ScenarioDocument['scenario'],
  createdAt: iso(record.createdAt),
  updatedAt: iso(record.updatedAt),
});

export const toScenarioViewDocument = (view: ScenarioView) => ({ ...toScenarioDocument(view.record), atStep: { ...view.atStep } });

export const toEnrolmentDocument = (e: EnrolmentRecord): EnrolmentDocument => ({
  id: e.id,
  scenarioId: e.scenarioId,
  scenarioVersion: e.scenarioVersion,
  contactId: e.contactId,
  status: e.status,
  position: { stepId: e.position.stepId, dueAt: isoOrNull(e.position.dueAt), occurrence: e.position.occurrence, waitingSince: isoOrNull(e.position.waitingSince) },
  enteredAt: iso(e.enteredAt),
  endedAt: isoOrNull(e.endedAt),
  endReason: e.endReason,
  history: e.history.map((line) => ({ at: iso(line.at), stepId: line.stepId, what: line.what, ...(line.detail === undefined ? {} : { detail: line.detail }) })),
  context: { ...e.context },
  updatedAt: iso(e.updatedAt),
});

export const toSendDocument = (s: SendRecord): SendDocument => ({
  id: s.id,
  idempotencyKey: s.idempotencyKey,
  enrolmentId: s.enrolmentId,
  scenarioId: s.scenarioId,
  contactId: s.contactId,
  stepId: s.stepId,
  channel: s.channel,
  status: s.status,
  messageId: s.messageId,
  recipient: s.recipient,
  payload: { ...s.payload },
  subject: s.subject,
  attempts: s.attempts,
  nextAttemptAt: isoOrNull(s.nextAttemptAt),
  lastError: s.lastError,
  providerAnswer: s.providerAnswer,
  createdAt: iso(s.createdAt),
  sentAt: isoOrNull(s.sentAt),
  updatedAt: iso(s.updatedAt),
});

export const toTemplateDocument = (t: TemplateRecord): TemplateDocument => ({
  id: t.id,
  key: t.key,
  locale: t.locale,
  channel: t.channel,
  name: t.name,
  subject: t.subject,
  body: t.body,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

export const toTaskDocument = (t: TaskRecord): TaskDocument => ({
  id: t.id,
  idempotencyKey: t.idempotencyKey,
  contactId: t.contactId,
  enrolmentId: t.enrolmentId,
  scenarioId: t.scenarioId,
  title: t.title,
  assignee: t.assignee,
  status: t.status,
  dueAt: iso(t.dueAt),
  createdAt: iso(t.createdAt),
  doneAt: isoOrNull(t.doneAt),
  snoozedUntil: isoOrNull(t.snoozedUntil),
});

export const toSimulationDocument = (r: SimulationResult): SimulationDocument => ({
  from: iso(r.from),
  until: iso(r.until),
  contacts: r.contacts,
  enrolled: r.enrolled,
  sends: r.sends,
  lines: r.lines.map((line) => ({ at: iso(line.at), contactId: line.contactId, what: line.what, stepId: line.stepId, detail: line.detail })),
});

/** A day (its start, UTC) or an ISO date-time, as the contract's instants are written, to epoch milliseconds. */
export const instantFrom = (text: string): number => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
