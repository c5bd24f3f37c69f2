import { contactId, eventId, type ContactId } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { StoredEvent, StoreTx } from '../app/ports.js';
import type { ErasedKey, PrivacyTx } from '../app/privacy-ports.js';
import { chunksFor, keyChunks } from './table.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { contactFromRow, eventFromRow } from './rows.js';
import { erasedKeysTable, type Database, type ErasedKeysTable } from './schema.js';

const LINKED_KINDS = ['user', 'anonymous'];

/** The erase, anonymise and export side of a transaction (ports.ts PrivacyTx); `insertEvents` is the store's own. */
/** `lockFactsRollup`: the transaction's lock for writes to contact facts (facts-rollup-lock.ts). */
export function createPrivacyTx(db: Kysely<Database>, dialect: SqlDialect, insertEvents: StoreTx['insertEvents'], lockFactsRollup: () => Promise<void>): PrivacyTx {
  const split = <T>(keys: readonly T[]) => keyChunks(keys, dialect.maxParameters).filter((part) => part.length > 0);
  // An alias call's previousId lives in the payload; the partial index events_alias keeps these scans to alias calls.
  const previousId = dialect.jsonText('payload', 'previousId');

  const absorbedIds = async (ids: readonly ContactId[]) => {
    const found: string[] = [];
    for (const part of split(ids)) found.push(...(await db.selectFrom('contacts').select('id').where('merged_into', 'in', part).execute()).map((r) => r.id));
    return found;
  };

  return {
    async aliasLinks(ids) {
      const previous = new Set<string>();
      const linked = new Set<string>();
      for (const part of split(ids)) {
        const rows = await db.selectFrom('events').select(previousId.as('previous_id')).where('type', '=', 'alias').where('contact_id', 'in', part).execute();
        for (const row of rows) if (row.previous_id) previous.add(row.previous_id);
      }
      const owned = new Set<string>();
      for (const part of split([...previous])) {
        const rows = await db.selectFrom('identities').select(['value', 'contact_id']).where('kind', 'in', LINKED_KINDS).where('value', 'in', part).execute();
        for (const row of rows) {
          owned.add(row.value);
          linked.add(row.contact_id);
        }
      }
      const own: string[] = [];
      for (const part of split(ids)) own.push(...(await db.selectFrom('identities').select('value').where('kind', 'in', LINKED_KINDS).where('contact_id', 'in', part).execute()).map((r) => r.value));
      for (const part of split([...new Set(own)])) {
        const rows = await db.selectFrom('events').select('contact_id').distinct().where('type', '=', 'alias').where(previousId, 'in', part).execute();
        for (const row of rows) linked.add(row.contact_id);
      }
      for (const id of ids) linked.delete(id);
      return { contacts: [...linked].sort().map((id) => contactId(id)), unownedPreviousIds: [...previous].filter((value) => !owned.has(value)) };
    },

    async eventIdsOf(ids) {
      const found: string[] = [];
      for (const part of split(ids)) found.push(...(await db.selectFrom('events').select('id').where('contact_id', 'in', part).where('internal', '=', 0).execute()).map((r) => r.id));
      return found.map((id) => eventId(id));
    },

    async eventsOfContacts(ids) {
      const events: StoredEvent[] = [];
      for (const part of split(ids)) {
        const rows = await db
          .selectFrom('events')
          .select(['id', 'contact_id', 'type', 'name', 'at', 'received_at', 'bot', 'internal', 'user_id', 'anonymous_id', 'payload'])
          .where('contact_id', 'in', part)
          .orderBy('contact_id')
          .orderBy('at')
          .orderBy('id')
          .execute();
        events.push(...rows.map((row) => ({ event: eventFromRow(row), contactId: contactId(row.contact_id) })));
      }
      return events;
    },

    async absorbedInto(ids) {
      const records = [];
      for (const part of split(ids)) records.push(...(await db.selectFrom('contacts').selectAll().where('merged_into', 'in', part).orderBy('id').execute()).map(contactFromRow));
      return records;
    },

    async eraseContacts(ids) {
      const live = new Set<string>();
      for (const part of split(ids)) for (const row of await db.selectFrom('contacts').select('id').where('id', 'in', part).execute()) live.add(row.id);
      const all = [...live, ...(await absorbedIds([...live].map((id) => contactId(id))))];
      for (const part of split(all)) {
        // A merge moved the absorbed contacts' events and identities onto the survivor, so contact_id finds them all.
        await db.deleteFrom('events').where('contact_id', 'in', part).execute();
        await db.deleteFrom('identities').where('contact_id', 'in', part).execute();
        await db.deleteFrom('stage_changes').where('contact_id', 'in', part).execute();
        await db.deleteFrom('merges').where((eb) => eb.or([eb('into_contact', 'in', part), eb('from_contact', 'in', part)])).execute();
        // The rollup triggers take the contact's contributions out of its cells.
        await lockFactsRollup();
        await db.deleteFrom('contact_facts').where('contact_id', 'in', part).execute();
        await db.deleteFrom('contact_details').where('contact_id', 'in', part).execute();
        await db.deleteFrom('contacts').where('id', 'in', part).execute();
        // What the scenarios held about them: positions, the outbox rows (addresses, subjects) and sales tasks.
        await db.deleteFrom('enrolments').where('contact_id', 'in', part).execute();
        await db.deleteFrom('campaign_enrolments').where('contact_id', 'in', part).execute();
        await db.deleteFrom('sends').where('contact_id', 'in', part).execute();
        await db.deleteFrom('tasks').where('contact_id', 'in', part).execute();
        await db.deleteFrom('conversion_deliveries').where('contact_id', 'in', part).execute();
        // Segment membership and its history name the person too; sizes over time forget them (segments/live-membership.ts).
        await db.deleteFrom('segment_members').where('contact_id', 'in', part).execute();
        await db.deleteFrom('segment_moves').where('contact_id', 'in', part).execute();
      }
      // A cell nobody counts in may be named after this contact's campaign or landing page. Sweeping every empty cell
      // also removes those an earlier move left behind (a contact whose first touch changed), which were as personal.
      if (all.length > 0) await db.deleteFrom('facts_rollup').where('contacts', '=', 0).execute();
      return all.map((id) => contactId(id));
    },

    async replaceEvents(ids, rows) {
      for (const part of split(ids)) await db.deleteFrom('events').where('contact_id', 'in', part).execute();
      await insertEvents(rows);
    },

    async stripIdentifiers(ids) {
      const absorbed = await absorbedIds(ids);
      for (const part of split([...ids, ...absorbed])) {
        await db.deleteFrom('identities').where('contact_id', 'in', part).execute();
        await db.deleteFrom('merges').where((eb) => eb.or([eb('into_contact', 'in', part), eb('from_contact', 'in', part)])).execute();
        await db.updateTable('stage_changes').set({ reasons: '[]' }).where('contact_id', 'in', part).execute();
        await stripScenarioData(db, part);
        // Queued conversions carry hashed identifiers and click ids: they name the person to the ad platforms.
        await db.deleteFrom('conversion_deliveries').where('contact_id', 'in', part).execute();
      }
      for (const part of split(absorbed)) await db.deleteFrom('contacts').where('id', 'in', part).execute();
    },

    async insertErasedKeys(keys) {
      // One row per hash: PostgreSQL refuses an upsert that touches the same row twice in one statement.
      const unique = [...new Map(keys.map((k) => [k.hash, { hash: k.hash, kind: k.kind, erased_at: k.erasedAt }])).values()];
      for (const part of chunksFor(erasedKeysTable, unique, dialect.maxParameters)) {
        await db
          .insertInto('erased_keys')
          .values(part)
          .onConflict((oc) => oc.column('hash').doUpdateSet((eb) => ({ erased_at: eb.ref('excluded.erased_at') })))
          .execute();
      }
    },

    async findErasedKeys(hashes) {
      const unique = [...new Set(hashes)];
      const found = new Map<string, ErasedKey>();
      const add = (row: ErasedKeysTable) => found.set(row.hash, { hash: row.hash, kind: row.kind as ErasedKey['kind'], erasedAt: Number(row.erased_at) });
      // Ingestion asks this for every batch once an erase exists: SQLite answers from one cached statement.
      const fast = unique.length > 0 ? dialect.bulkRead('erased_keys', unique) : null;
      if (fast) for (const row of fast) add(row as unknown as ErasedKeysTable);
      else for (const part of split(unique)) for (const row of await db.selectFrom('erased_keys').selectAll().where('hash', 'in', part).execute()) add(row);
      return found;
    },

    async erasureHorizon() {
      // Each maximum is read from the end of the (kind, erased_at) index: one cheap statement per ingestion batch.
      const { rows } = await sql<{ identities_until: number | null; messages_until: number | null }>`
        select (select max(erased_at) from erased_keys where kind = 'identity') as identities_until,
               (select max(erased_at) from erased_keys where kind = 'message') as messages_until`.execute(db);
      const row = rows[0];
      return { identitiesUntil: row?.identities_until == null ? null : Number(row.identities_until), messages: row?.messages_until != null };
    },
  };
}

/**
 * Anonymisation keeps the shape of what was sent (channel, status, instants: the counts stay true) and drops who it
 * went to: each send's recipient, rendered subject and payload (addresses, owner, reasons), and each enrolment's
 * trigger context. A queued send has no one to go to any more, so it is suppressed; an active enrolment has no one
 * to follow up, so it exits. Tasks keep their title (a step's text) and assignee (a salesperson, not the contact).
 */
async function stripScenarioData(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  // The instant the anonymisation ran, as insertIdentities stamps rows: the ports pass no clock to these writes.
  const now = Date.now();
  await db.updateTable('sends').set({ status: 'suppressed', next_attempt_at: null, last_error: 'contact anonymised', updated_at: now }).where('contact_id', 'in', ids).where('status', '=', 'queued').execute();
  await db.updateTable('sends').set({ recipient: null, subject: null, payload: '{}' }).where('contact_id', 'in', ids).execute();
  await db.updateTable('enrolments').set({ status: 'exited', end_reason: 'anonymised', ended_at: now, due_at: null, updated_at: now }).where('contact_id', 'in', ids).where('status', '=', 'active').execute();
  await db.updateTable('enrolments').set({ context: '{}' }).where('contact_id', 'in', ids).execute();
}
