import { STANDARD_EVENTS, type ContactId } from '@leadpulse/core';
import type { Kysely } from 'kysely';
import type { ContactRecord, ContactUpdate, IdentityRow, MergeRecord, StageChange, StoreTx, StoredEvent } from '../app/ports.js';
import type { PrivacyTx } from '../app/privacy-ports.js';
import type { ScenarioTx } from '../app/scenario-ports.js';
import { CONTACT_UPDATE_COLUMNS } from './contact-columns.js';
import { factsRollupLock } from './facts-rollup-lock.js';
import { claimRows, lockRows } from './row-locks.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { contactFromRow, eventFromRow, eventToRow, identityFromRow } from './rows.js';
import { DETAIL_COLUMNS, detailsRowOf, FACT_COLUMNS, factsRowOf } from './fact-columns.js';
import { createPrivacyTx } from './privacy-tx.js';
import { createScenarioTx } from './scenario-tx.js';
import { createConversionTx } from './conversion-repository.js';
import { createSuppressionTx } from './suppression-repository.js';
import type { SuppressionTx } from '../app/suppression-ports.js';
import type { SegmentMembershipTx } from '../app/segments/membership-ports.js';
import { createSegmentMembershipTx, setContactSegments } from './segment-membership-writes.js';
import type { ConversionTx } from '../app/conversions/conversion-ports.js';
import { contactDetailsTable, contactFactsTable, contactsTable, eventsTable, identitiesTable, stageChangesTable, type ContactsTable, type Database, type IdentitiesTable } from './schema.js';
import { chunksFor, keyChunks, type AnyTable } from './table.js';

const EVENT_COLUMNS = ['id', 'type', 'name', 'at', 'received_at', 'bot', 'internal', 'user_id', 'anonymous_id', 'payload'] as const;

/** The write side, bound to one open transaction. */
export function createStoreTx(db: Kysely<Database>, dialect: SqlDialect): StoreTx {
  const lockFactsRollup = factsRollupLock(db as unknown as Kysely<unknown>, dialect);
  const keys = <T>(values: readonly T[]) => keyChunks(values, dialect.maxParameters);
  const rowsOf = <T>(table: AnyTable, rows: readonly T[]) => chunksFor(table, rows, dialect.maxParameters);

  const tx: Omit<StoreTx, keyof PrivacyTx | keyof ScenarioTx | keyof SuppressionTx | keyof ConversionTx | keyof SegmentMembershipTx> = {
    async existingEventIds(ids) {
      const fast = dialect.bulkRead('event_ids', ids);
      if (fast) return new Set(fast.map((row) => row['id'] as string));
      const found = new Set<string>();
      for (const part of keys(ids)) {
        if (part.length === 0) continue;
        for (const row of await db.selectFrom('events').select('id').where('id', 'in', part).execute()) found.add(row.id);
      }
      return found;
    },

    async activeDoctrineVersion() {
      const row = await db.selectFrom('doctrines').select('version').where('active', '=', 1).orderBy('version', 'desc').executeTakeFirst();
      return row ? Number(row.version) : null;
    },

    lockIdentities: (identities) => dialect.lockKeys(db as unknown as Kysely<unknown>, identities.map((i) => `${i.kind}:${i.value}`)),

    async findIdentities(identities) {
      const fast = dialect.bulkRead('identities', identities.map((i) => [i.kind, i.value]));
      if (fast) return fast.map((row) => identityFromRow(row as unknown as IdentitiesTable));
      const rows: IdentityRow[] = [];
      const byKind = new Map<string, string[]>();
      for (const { kind, value } of identities) byKind.set(kind, [...(byKind.get(kind) ?? []), value]);
      for (const [kind, values] of byKind) {
        for (const part of keys(values)) {
          const found = await db.selectFrom('identities').select(['kind', 'value', 'contact_id']).where('kind', '=', kind).where('value', 'in', part).execute();
          rows.push(...found.map(identityFromRow));
        }
      }
      return rows;
    },

    async insertIdentities(rows) {
      const now = Date.now();
      const mapped = rows.map((r) => ({ kind: r.kind, value: r.value, contact_id: r.contactId, created_at: now }));
      if (mapped.length === 0 || dialect.bulkWrite('insert_identities', mapped)) return;
      for (const part of rowsOf(identitiesTable, mapped)) {
        await db
          .insertInto('identities')
          .values(part)
          .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
          .execute();
      }
    },

    identitiesOf: (ids) => identitiesOf(db, dialect, ids),

    async createContacts(rows) {
      const mapped = rows.map((r) => ({
        id: r.id as string,
        user_id: null,
        email: null,
        stage: r.stage,
        stage_since: r.createdAt,
        score: 0,
        reasons: '[]',
        score_lines: '[]',
        state: JSON.stringify(r.state),
        next_eval_at: null,
        first_seen_at: null,
        last_seen_at: null,
        created_at: r.createdAt,
        updated_at: r.createdAt,
        merged_into: null,
        doctrine_version: r.doctrineVersion,
        predicted: null,
      }));
      if (mapped.length === 0 || dialect.bulkWrite('create_contacts', mapped.map((row) => ({ ...row, segments: '' })))) return;
      for (const part of rowsOf(contactsTable, mapped)) await db.insertInto('contacts').values(part).execute();
    },

    async lockContacts(ids) {
      const records: ContactRecord[] = [];
      // Sorted, so that concurrent writers on PostgreSQL always lock in the same order.
      const sorted = [...new Set(ids)].sort();
      const fast = sorted.length > 0 ? dialect.bulkRead('contacts', sorted) : null;
      if (fast) return fast.map((row) => contactFromRow(row as unknown as ContactsTable));
      for (const part of keys(sorted)) {
        if (part.length === 0) continue;
        const query = db.selectFrom('contacts').selectAll().where('id', 'in', part).where('merged_into', 'is', null).orderBy('id');
        records.push(...(await lockRows(dialect.capabilities, query).execute()).map(contactFromRow));
      }
      return records;
    },

    async claimDueContacts(now, limit) {
      const due = db.selectFrom('contacts').selectAll().where('next_eval_at', '<=', now).where('merged_into', 'is', null).orderBy('next_eval_at').limit(limit);
      return (await claimRows(dialect.capabilities, due).execute()).map(contactFromRow);
    },

    async insertEvents(rows: readonly StoredEvent[]) {
      if (rows.length === 0) return;
      const mapped = rows.map((r) => eventToRow(r.event, r.contactId));
      if (dialect.bulkWrite('insert_events', mapped as unknown as Record<string, unknown>[])) return;
      for (const part of rowsOf(eventsTable, mapped)) {
        if (part.length === 0) continue;
        await db
          .insertInto('events')
          .values(part)
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
    },

    async historyOf(contactId) {
      const rows = await db
        .selectFrom('events')
        .select(EVENT_COLUMNS)
        .where('contact_id', '=', contactId)
        .where('internal', '=', 0)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map(eventFromRow);
    },

    async historySince(contactId, since, limit) {
      // events_contact_at (contact_id, at, id): the slice is read from the index, whatever the history's length.
      const rows = await db
        .selectFrom('events')
        .select(EVENT_COLUMNS)
        .where('contact_id', '=', contactId)
        .where('at', '>=', since)
        .where('internal', '=', 0)
        .orderBy('at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(eventFromRow);
    },

    async mergeContacts(merge: MergeRecord) {
      await db.updateTable('events').set({ contact_id: merge.into }).where('contact_id', '=', merge.from).execute();
      await db.updateTable('identities').set({ contact_id: merge.into }).where('contact_id', '=', merge.from).execute();
      await db.updateTable('contacts').set({ merged_into: merge.into, next_eval_at: null }).where('id', '=', merge.from).execute();
      await lockFactsRollup();
      await db.deleteFrom('contact_facts').where('contact_id', '=', merge.from).execute();
      await db.deleteFrom('contact_details').where('contact_id', '=', merge.from).execute();
      // Earlier tombstones that pointed at `from` now point at the survivor.
      await db.updateTable('contacts').set({ merged_into: merge.into }).where('merged_into', '=', merge.from).execute();
      // What was sent to the person and the tasks about them follow them; so do their journeys, except one the
      // survivor is already on (one run per scenario at a time): that one ends, saying why.
      await db.updateTable('sends').set({ contact_id: merge.into }).where('contact_id', '=', merge.from).execute();
      await db.updateTable('tasks').set({ contact_id: merge.into }).where('contact_id', '=', merge.from).execute();
      const survivorScenarios = db.selectFrom('enrolments').select('scenario_id').where('contact_id', '=', merge.into).where('status', '=', 'active');
      await db
        .updateTable('enrolments')
        .set({ status: 'exited', step_id: null, due_at: null, ended_at: merge.at, end_reason: 'merged into a contact already on this scenario', updated_at: merge.at })
        .where('contact_id', '=', merge.from)
        .where('status', '=', 'active')
        .where('scenario_id', 'in', survivorScenarios)
        .execute();
      await db.updateTable('enrolments').set({ contact_id: merge.into }).where('contact_id', '=', merge.from).execute();
      await db.updateTable('campaign_enrolments').set({ contact_id: merge.into }).where('contact_id', '=', merge.from).execute();
      await db
        .insertInto('merges')
        .values({
          id: merge.id,
          into_contact: merge.into,
          from_contact: merge.from,
          at: merge.at,
          reason: merge.reason,
          event_id: merge.eventId,
          identities: JSON.stringify(merge.identities),
        })
        .execute();
    },

    async saveContacts(updates: readonly ContactUpdate[]) {
      if (updates.length === 0) return;
      const rows = updates.map(contactRowOf);
      const facts = updates.map(factsRowOf);
      const details = updates.map(detailsRowOf);
      const bulk = (kind: 'create_contacts' | 'save_contacts' | 'save_facts' | 'save_details', list: readonly object[]) => dialect.bulkWrite(kind, list as unknown as Record<string, unknown>[]);
      // A changed membership is set by the same statement (SQLite rewrites the whole row on any update: once, not twice).
      // A contact this transaction creates is inserted whole; null leaves an existing contact's membership as it is.
      const created: object[] = [];
      const existing: object[] = [];
      updates.forEach((u, i) => (u.createdAt !== undefined ? created.push({ ...rows[i]!, segments: u.segments ?? '' }) : existing.push({ ...rows[i]!, segments: u.segments ?? null })));
      if (bulk('create_contacts', created) && bulk('save_contacts', existing) && bulk('save_facts', facts) && bulk('save_details', details)) return;
      await lockFactsRollup();
      for (const part of rowsOf(contactDetailsTable, details)) {
        await db
          .insertInto('contact_details')
          .values(part)
          .onConflict((oc) => oc.column('contact_id').doUpdateSet((eb) => Object.fromEntries(DETAIL_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])) as never))
          .execute();
      }
      for (const part of rowsOf(contactFactsTable, facts)) {
        await db
          .insertInto('contact_facts')
          .values(part)
          .onConflict((oc) => oc.column('contact_id').doUpdateSet((eb) => Object.fromEntries(FACT_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])) as never))
          .execute();
      }
      // One upsert per chunk: the insert branch runs for the contacts this transaction creates, the update branch for the rest.
      for (const part of rowsOf(contactsTable, rows)) {
        await db
          .insertInto('contacts')
          .values(part)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => Object.fromEntries(CONTACT_UPDATE_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])) as never),
          )
          .execute();
      }
      await setContactSegments(db, dialect, updates.flatMap((u) => (u.segments === undefined ? [] : [{ id: u.id, segments: u.segments }])));
    },

    async clearStageHistory(ids) {
      for (const part of keys([...new Set(ids)])) {
        await db.deleteFrom('stage_changes').where('contact_id', 'in', part).execute();
        await db.deleteFrom('events').where('contact_id', 'in', part).where('internal', '=', 1).where('name', '=', STANDARD_EVENTS.stageChanged).execute();
      }
    },

    async insertStageChanges(rows: readonly StageChange[]) {
      const mapped = rows.map((c) => ({
        id: c.id,
        contact_id: c.contactId,
        from_stage: c.from,
        to_stage: c.to,
        at: c.at,
        cause: c.cause,
        doctrine_version: c.doctrineVersion,
        reasons: JSON.stringify(c.reasons),
        score: c.score,
      }));
      if (mapped.length === 0 || dialect.bulkWrite('insert_stage_changes', mapped)) return;
      for (const part of rowsOf(stageChangesTable, mapped)) await db.insertInto('stage_changes').values(part).execute();
    },
  };
  return { ...tx, ...createPrivacyTx(db, dialect, tx.insertEvents, lockFactsRollup), ...createScenarioTx(db, dialect), ...createSuppressionTx(db, dialect), ...createConversionTx(db, dialect), ...createSegmentMembershipTx(db, dialect, tx.insertEvents) };
}

function contactRowOf(update: ContactUpdate): ContactsTable {
  const { classification, state } = update;
  return {
    id: update.id,
    user_id: update.userId,
    email: update.email,
    stage: classification.stage,
    stage_since: update.stageSince,
    score: classification.score,
    reasons: JSON.stringify(classification.reasons),
    score_lines: JSON.stringify(classification.scoreLines),
    state: JSON.stringify(state),
    next_eval_at: classification.nextChangeAt,
    first_seen_at: state.firstSeenAt,
    last_seen_at: state.lastSeenAt,
    // Only read by the insert branch, which runs for a contact this transaction creates.
    created_at: update.createdAt ?? update.updatedAt,
    updated_at: update.updatedAt,
    merged_into: null,
    doctrine_version: update.doctrineVersion,
    predicted: update.predicted,
  };
}

export async function identitiesOf(db: Kysely<Database>, dialect: SqlDialect, ids: readonly ContactId[]): Promise<IdentityRow[]> {
  const rows: IdentityRow[] = [];
  for (const part of keyChunks([...new Set(ids)], dialect.maxParameters)) {
    if (part.length === 0) continue;
    const found = await db.selectFrom('identities').select(['kind', 'value', 'contact_id']).where('contact_id', 'in', part).orderBy('created_at').execute();
    rows.push(...found.map(identityFromRow));
  }
  return rows;
}

export const eventColumns = EVENT_COLUMNS;
