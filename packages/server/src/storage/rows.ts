import { contactId, eventId, type ContactId, type EventId, type LeadEvent } from '@leadpulse/core';
import type { ApiKey, ContactRecord, DoctrineVersion, IdentityKind, IdentityRow, KeyKind, MergeRecord, StageChange, StageChangeCause } from '../app/ports.js';
import type { ApiKeysTable, ContactsTable, DoctrinesTable, EventsTable, IdentitiesTable, MergesTable, StageChangesTable } from './schema.js';

/** Rows are not domain objects: these map snake_case rows to core types and back. */
/**
 * The JSON columns (state, reasons, score lines) are parsed on first read: replays and lists read many
 * contacts without touching their state, and parsing it was a large share of their time.
 */
export function contactFromRow(row: ContactsTable): ContactRecord {
  let state: ContactRecord['state'] | undefined;
  let reasons: ContactRecord['reasons'] | undefined;
  let scoreLines: ContactRecord['scoreLines'] | undefined;
  return {
    id: contactId(row.id),
    userId: row.user_id,
    email: row.email,
    stage: row.stage,
    stageSince: Number(row.stage_since),
    score: Number(row.score),
    get reasons() {
      return (reasons ??= JSON.parse(row.reasons));
    },
    get scoreLines() {
      return (scoreLines ??= JSON.parse(row.score_lines));
    },
    get state() {
      return (state ??= JSON.parse(row.state));
    },
    nextEvalAt: row.next_eval_at === null ? null : Number(row.next_eval_at),
    firstSeenAt: row.first_seen_at === null ? null : Number(row.first_seen_at),
    lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    mergedInto: row.merged_into === null ? null : contactId(row.merged_into),
    doctrineVersion: row.doctrine_version,
    // Kept out of contactsTable so that saves leave it alone; every read selects it (migration 0015).
    segments: (row as { segments?: string }).segments ?? '',
    predicted: row.predicted === null || row.predicted === undefined ? null : Number(row.predicted),
  };
}

export function eventToRow(event: LeadEvent, contact: ContactId): EventsTable {
  return {
    id: event.id,
    contact_id: contact,
    origin_contact_id: contact,
    type: event.type,
    name: event.name,
    at: event.at,
    received_at: event.receivedAt,
    bot: event.bot ? 1 : 0,
    internal: event.internal ? 1 : 0,
    user_id: event.userId,
    anonymous_id: event.anonymousId,
    payload: JSON.stringify({ properties: event.properties, traits: event.traits, context: event.context, previousId: event.previousId, groupId: event.groupId }),
  };
}

export function eventFromRow(row: Omit<EventsTable, 'contact_id' | 'origin_contact_id'>): LeadEvent {
  const payload = JSON.parse(row.payload) as { properties: Record<string, unknown>; traits: Record<string, unknown>; context: Record<string, unknown>; previousId: string | null; groupId: string | null };
  return {
    id: eventId(row.id),
    type: row.type as LeadEvent['type'],
    name: row.name,
    userId: row.user_id,
    anonymousId: row.anonymous_id,
    previousId: payload.previousId ?? null,
    groupId: payload.groupId ?? null,
    at: Number(row.at),
    receivedAt: Number(row.received_at),
    properties: payload.properties ?? {},
    traits: payload.traits ?? {},
    context: payload.context ?? {},
    bot: Number(row.bot) === 1,
    internal: Number(row.internal) === 1,
  };
}

export const identityFromRow = (row: Pick<IdentitiesTable, 'kind' | 'value' | 'contact_id'>): IdentityRow => ({
  kind: row.kind as IdentityKind,
  value: row.value,
  contactId: contactId(row.contact_id),
});

export const stageChangeFromRow = (row: StageChangesTable): StageChange => ({
  id: row.id,
  contactId: contactId(row.contact_id),
  from: row.from_stage,
  to: row.to_stage,
  at: Number(row.at),
  cause: row.cause as StageChangeCause,
  doctrineVersion: row.doctrine_version,
  reasons: JSON.parse(row.reasons),
  score: Number(row.score),
});

export const mergeFromRow = (row: MergesTable): MergeRecord => ({
  id: row.id,
  into: contactId(row.into_contact),
  from: contactId(row.from_contact),
  at: Number(row.at),
  reason: row.reason,
  eventId: row.event_id === null ? null : (eventId(row.event_id) as EventId),
  identities: JSON.parse(row.identities),
});

export const doctrineFromRow = (row: DoctrinesTable): DoctrineVersion => ({
  version: row.version,
  doctrine: JSON.parse(row.document),
  createdAt: Number(row.created_at),
  note: row.note,
  active: Number(row.active) === 1,
});

export const keyFromRow = (row: ApiKeysTable): ApiKey => ({
  id: row.id,
  kind: row.kind as KeyKind,
  label: row.label,
  hash: row.hash,
  prefix: row.prefix,
  allowedOrigins: JSON.parse(row.allowed_origins),
  createdAt: Number(row.created_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});
