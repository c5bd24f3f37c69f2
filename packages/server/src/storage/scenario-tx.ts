import type { Kysely } from 'kysely';
import type { EnrolmentRecord, ScenarioTx } from '../app/scenario-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { claimRows, lockRows } from './row-locks.js';
import { enrolmentFromRow, enrolmentToRow, sendFromRow, sendToRow, taskToRow } from './scenario-rows.js';
import { createScenarioRepository } from './scenario-repository.js';
import { createSendRepository } from './send-repository.js';
import { recordCampaignEnrolments } from './campaign-reads.js';
import { enrolmentsTable, sendsTable, tasksTable, type Database, type SendsTable, type TasksTable } from './schema.js';
import { chunksFor, keyChunks, type AnyTable } from './table.js';

/** The scenario side of a transaction (scenario-ports.ts ScenarioTx): enrolments, sends and tasks written with the step. */
export function createScenarioTx(db: Kysely<Database>, dialect: SqlDialect): ScenarioTx {
  const keys = <T>(values: readonly T[]) => keyChunks([...new Set(values)], dialect.maxParameters).filter((part) => part.length > 0);
  const rowsOf = <T>(table: AnyTable, rows: readonly T[]) => chunksFor(table, rows, dialect.maxParameters).filter((part) => part.length > 0);

  const insertSkippingKnown = async (table: typeof sendsTable | typeof tasksTable, rows: readonly (SendsTable | TasksTable)[]) => {
    for (const part of rowsOf(table, rows)) {
      await db
        .insertInto(table.name)
        .values(part as never)
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  };

  // Reads a step makes inside its transaction go through it: on SQLite, a read on the store's one connection would
  // wait for this very transaction to end.
  const sends = createSendRepository(db, dialect);
  const scenarios = createScenarioRepository(db, dialect);

  return {
    countMessagesSince: (contactId, since, channel) => sends.countMessagesSince(contactId, since, channel),
    async messageIdsOfContacts(contactIds) {
      const found: string[] = [];
      for (const part of keys(contactIds)) found.push(...(await db.selectFrom('sends').select('message_id').where('contact_id', 'in', part).execute()).map((r) => r.message_id));
      return found;
    },
    scenarioVersion: async (id, version) => (await scenarios.get(id, version))?.scenario ?? null,
    markEngagement: (messageId, status, at) => sends.setStatusByMessageId(messageId, status, at),
    async sendsOfEnrolment(enrolmentId) {
      const rows = await db.selectFrom('sends').selectAll().where('enrolment_id', '=', enrolmentId).orderBy('created_at').orderBy('id').limit(1000).execute();
      return rows.map(sendFromRow);
    },

    async enrolmentsOfContacts(contactIds) {
      const found: EnrolmentRecord[] = [];
      for (const part of keys(contactIds)) {
        // Locked on PostgreSQL: a scheduler advancing one of these enrolments finishes first, and this reads its result.
        const query = db.selectFrom('enrolments').selectAll().where('contact_id', 'in', part).where('status', '=', 'active').orderBy('id');
        found.push(...(await lockRows(dialect.capabilities, query).execute()).map(enrolmentFromRow));
      }
      return found;
    },

    async latestEnrolments(pairs) {
      const wanted = new Set(pairs.map((p) => `${p.scenarioId}\u0000${p.contactId}`));
      const newest = new Map<string, EnrolmentRecord>();
      for (const part of keys(pairs.map((p) => p.contactId))) {
        // The contact index narrows to these contacts' enrolments; the pairs asked are picked out here.
        const rows = await db.selectFrom('enrolments').selectAll().where('contact_id', 'in', part).execute();
        for (const row of rows) {
          const pair = `${row.scenario_id}\u0000${row.contact_id}`;
          if (!wanted.has(pair)) continue;
          const held = newest.get(pair);
          if (!held || row.entered_at > held.enteredAt || (row.entered_at === held.enteredAt && row.id > held.id)) newest.set(pair, enrolmentFromRow(row));
        }
      }
      return [...newest.values()];
    },

    async insertEnrolments(rows) {
      // An enrolment's id comes from its trigger: one already there (a history walked again) is kept, never doubled.
      const inserted: string[] = [];
      for (const part of rowsOf(enrolmentsTable, rows.map(enrolmentToRow))) {
        const written = await db
          .insertInto('enrolments')
          .values(part)
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .execute();
        inserted.push(...written.map((r) => r.id));
      }
      return inserted;
    },

    async saveEnrolments(rows) {
      // One row per id: PostgreSQL refuses an upsert that touches the same row twice in one statement; the last wins.
      const unique = [...new Map(rows.map((r) => [r.id, enrolmentToRow(r)])).values()];
      const updated = enrolmentsTable.except('id', 'scenario_id', 'contact_id', 'entered_at');
      for (const part of rowsOf(enrolmentsTable, unique)) {
        await db
          .insertInto('enrolments')
          .values(part)
          .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(updated.map((c) => [c, eb.ref(`excluded.${c}`)])) as never))
          .execute();
      }
    },

    async claimDueEnrolments(now, limit) {
      // Read from the front of enrolments_due; a paused scenario's enrolments stay where they are. The contact rows are
      // claimed with their enrolments: ingestion locks contacts, then their enrolments, so a worker that locked an
      // enrolment first and then waited for its contact could deadlock with it; a worker that skips both never waits.
      const due = db
        .selectFrom('enrolments')
        .innerJoin('contacts', 'contacts.id', 'enrolments.contact_id')
        .selectAll('enrolments')
        .where('enrolments.status', '=', 'active')
        .where('enrolments.due_at', '<=', now)
        .where('enrolments.scenario_id', 'in', db.selectFrom('scenarios').select('id').where('latest', '=', 1).where('status', '=', 'active'))
        .orderBy('enrolments.due_at')
        .orderBy('enrolments.id')
        .limit(limit);
      return (await claimRows(dialect.capabilities, due).execute()).map(enrolmentFromRow);
    },

    // A key (or Message-ID) already stored is skipped: a step decided twice writes one send, one task.
    insertSends: (rows) => insertSkippingKnown(sendsTable, rows.map(sendToRow)),
    insertTasks: (rows) => insertSkippingKnown(tasksTable, rows.map(taskToRow)),
    recordCampaignEnrolments: (rows) => recordCampaignEnrolments(db, dialect, rows),
  };
}
