import { sql } from 'kysely';
import { contactId, type EnrolmentStatus, type ScenarioStatus } from '@leadpulse/core';
import type { EnrolmentRecord, ScenarioRecord, SendChannel, SendRecord, SendStatus, TaskRecord, TaskStatus, TemplateRecord } from '../app/scenario-ports.js';
import type { EnrolmentsTable, ScenariosTable, SendsTable, TasksTable, TemplatesTable } from './schema.js';

/** Scenario rows to records and back (rows are not domain objects). JSON columns are text on both engines. */

const numOrNull = (value: number | null) => (value === null ? null : Number(value));

export const scenarioFromRow = (row: ScenariosTable): ScenarioRecord => ({
  id: row.id,
  key: row.key,
  version: Number(row.version),
  status: row.status as ScenarioStatus,
  scenario: JSON.parse(row.document),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export const templateFromRow = (row: TemplatesTable): TemplateRecord => ({
  id: row.id,
  key: row.key,
  locale: row.locale as TemplateRecord['locale'],
  channel: row.channel as TemplateRecord['channel'],
  name: row.name,
  subject: row.subject,
  body: row.body,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export const templateToRow = (record: TemplateRecord): TemplatesTable => ({
  id: record.id,
  key: record.key,
  locale: record.locale,
  channel: record.channel,
  name: record.name,
  subject: record.subject,
  body: record.body,
  created_at: record.createdAt,
  updated_at: record.updatedAt,
});

export const enrolmentFromRow = (row: EnrolmentsTable): EnrolmentRecord => ({
  id: row.id,
  scenarioId: row.scenario_id,
  scenarioVersion: Number(row.scenario_version),
  contactId: contactId(row.contact_id),
  status: row.status as EnrolmentStatus,
  position: { stepId: row.step_id, dueAt: numOrNull(row.due_at), occurrence: Number(row.occurrence), waitingSince: numOrNull(row.waiting_since) },
  enteredAt: Number(row.entered_at),
  endedAt: numOrNull(row.ended_at),
  endReason: row.end_reason,
  history: JSON.parse(row.history),
  context: JSON.parse(row.context),
  updatedAt: Number(row.updated_at),
});

export const enrolmentToRow = (record: EnrolmentRecord): EnrolmentsTable => ({
  id: record.id,
  scenario_id: record.scenarioId,
  scenario_version: record.scenarioVersion,
  contact_id: record.contactId,
  status: record.status,
  step_id: record.position.stepId,
  due_at: record.position.dueAt,
  occurrence: record.position.occurrence,
  waiting_since: record.position.waitingSince,
  entered_at: record.enteredAt,
  ended_at: record.endedAt,
  end_reason: record.endReason,
  history: JSON.stringify(record.history),
  context: JSON.stringify(record.context),
  updated_at: record.updatedAt,
});

export const sendFromRow = (row: SendsTable): SendRecord => ({
  id: row.id,
  idempotencyKey: row.idempotency_key,
  enrolmentId: row.enrolment_id,
  scenarioId: row.scenario_id,
  contactId: contactId(row.contact_id),
  stepId: row.step_id,
  channel: row.channel as SendChannel,
  status: row.status as SendStatus,
  messageId: row.message_id,
  recipient: row.recipient,
  payload: JSON.parse(row.payload),
  subject: row.subject,
  attempts: Number(row.attempts),
  nextAttemptAt: numOrNull(row.next_attempt_at),
  lastError: row.last_error,
  providerAnswer: row.provider_answer,
  createdAt: Number(row.created_at),
  sentAt: numOrNull(row.sent_at),
  updatedAt: Number(row.updated_at),
});

export const sendToRow = (record: SendRecord): SendsTable => ({
  id: record.id,
  idempotency_key: record.idempotencyKey,
  enrolment_id: record.enrolmentId,
  scenario_id: record.scenarioId,
  contact_id: record.contactId,
  step_id: record.stepId,
  channel: record.channel,
  status: record.status,
  message_id: record.messageId,
  recipient: record.recipient,
  payload: JSON.stringify(record.payload),
  subject: record.subject,
  attempts: record.attempts,
  next_attempt_at: record.nextAttemptAt,
  last_error: record.lastError,
  provider_answer: record.providerAnswer,
  created_at: record.createdAt,
  sent_at: record.sentAt,
  updated_at: record.updatedAt,
});

export const taskFromRow = (row: TasksTable): TaskRecord => ({
  id: row.id,
  idempotencyKey: row.idempotency_key,
  contactId: contactId(row.contact_id),
  enrolmentId: row.enrolment_id,
  scenarioId: row.scenario_id,
  title: row.title,
  assignee: row.assignee,
  status: row.status as TaskStatus,
  dueAt: Number(row.due_at),
  createdAt: Number(row.created_at),
  doneAt: numOrNull(row.done_at),
  snoozedUntil: numOrNull(row.snoozed_until),
});

export const taskToRow = (record: TaskRecord): TasksTable => ({
  id: record.id,
  idempotency_key: record.idempotencyKey,
  contact_id: record.contactId,
  enrolment_id: record.enrolmentId,
  scenario_id: record.scenarioId,
  title: record.title,
  assignee: record.assignee,
  status: record.status,
  due_at: record.dueAt,
  created_at: record.createdAt,
  done_at: record.doneAt,
  snoozed_until: record.snoozedUntil,
});

/** Keyset cursors of newest-first lists: the (instant, id) of the last row of a page, opaque to callers. */
export const encodeCursor = (at: number, id: string): string => Buffer.from(JSON.stringify([at, id])).toString('base64url');

export function decodeCursor(cursor: string): { at: number; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return { at: value[0], id: value[1] };
  } catch {
    // A cursor that is not ours reads as the first page's end: nothing further.
  }
  return null;
}

/**
 * Rows older than a cursor in (instant, id) order: the next newest-first page. The first term is an index range on
 * both engines (an OR alone is not), so a page costs its own rows, however deep it is.
 */
export const olderThan = (atColumn: string, after: { at: number; id: string }) =>
  sql<boolean>`(${sql.ref(atColumn)} <= ${after.at} and (${sql.ref(atColumn)} < ${after.at} or ${sql.ref('id')} < ${after.id}))`;

/** A page from rows read with `limit + 1`, and the cursor of the next page when there is one. */
export function pageOf<Row, R extends { id: string }>(rows: readonly Row[], limit: number, map: (row: Row) => R, at: (record: R) => number): { items: R[]; nextCursor: string | null } {
  const items = rows.slice(0, limit).map(map);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(at(last), last.id) : null };
}
