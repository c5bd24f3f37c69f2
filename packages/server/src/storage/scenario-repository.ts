import { sql, type Kysely } from 'kysely';
import type { ScenarioRepository } from '../app/scenario-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { scenarioFromRow } from './scenario-rows.js';
import type { Database } from './schema.js';

/**
 * Scenario versions. Every version is kept (primary key (id, version)); the newest carries `latest = 1`, which the
 * lists read and which holds the key's uniqueness across scenarios (a partial unique index). Status belongs to the
 * scenario, so it is written on every version: an enrolment left on an old version is held when the scenario pauses.
 */
export function createScenarioRepository(db: Kysely<Database>, dialect: SqlDialect): ScenarioRepository {
  const newest = () => db.selectFrom('scenarios').selectAll().where('latest', '=', 1);

  return {
    async list() {
      return (await newest().orderBy('key').execute()).map(scenarioFromRow);
    },
    async get(id, version) {
      const query = version === undefined ? newest().where('id', '=', id) : db.selectFrom('scenarios').selectAll().where('id', '=', id).where('version', '=', version);
      const row = await query.executeTakeFirst();
      return row ? scenarioFromRow(row) : null;
    },
    async getByKey(key) {
      const row = await newest().where('key', '=', key).executeTakeFirst();
      return row ? scenarioFromRow(row) : null;
    },
    async active() {
      return (await newest().where('status', '=', 'active').orderBy('key').execute()).map(scenarioFromRow);
    },
    save: (record) =>
      db.transaction().execute(async (tx) => {
        // Two processes saving the same key wait for each other (PostgreSQL advisory lock), so the check below holds.
        await dialect.lockKeys(tx as unknown as Kysely<unknown>, [`scenario-key:${record.key}`]);
        const holder = await tx.selectFrom('scenarios').select('id').where('key', '=', record.key).where('latest', '=', 1).where('id', '!=', record.id).executeTakeFirst();
        if (holder) return false;
        await tx.updateTable('scenarios').set({ latest: 0, status: record.status }).where('id', '=', record.id).execute();
        await tx.deleteFrom('scenarios').where('id', '=', record.id).where('version', '=', record.version).execute();
        await tx
          .insertInto('scenarios')
          .values({
            id: record.id,
            key: record.key,
            version: record.version,
            status: record.status,
            latest: 1,
            document: JSON.stringify(record.scenario),
            created_at: record.createdAt,
            updated_at: record.updatedAt,
          })
          .execute();
        return true;
      }),
    async setStatus(id, status, at) {
      const result = await db.updateTable('scenarios').set({ status, updated_at: at }).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    delete: (id) =>
      db.transaction().execute(async (tx) => {
        // Sends and tasks stay: they are the record of what was sent and asked.
        await tx.deleteFrom('enrolments').where('scenario_id', '=', id).execute();
        // Deleting stops the scenario: what it queued and has not sent yet stays as a record, and never leaves.
        await tx
          .updateTable('sends')
          .set({ status: 'suppressed', last_error: 'the scenario was deleted', next_attempt_at: null })
          .where('scenario_id', '=', id)
          .where('status', '=', 'queued')
          .execute();
        const result = await tx.deleteFrom('scenarios').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      }),
    moveEnrolments: (id, version, stepIds, at) =>
      // Two conditional updates in one transaction, never rows read and written back: a step that runs meanwhile
      // keeps what it did, and an enrolment that ended meanwhile stays ended.
      db.transaction().execute(async (tx) => {
        const stale = tx.updateTable('enrolments').where('scenario_id', '=', id).where('status', '=', 'active').where('scenario_version', '!=', version);
        const moved = await stale
          .set({ scenario_version: version, updated_at: at })
          .where((eb) => eb.or([eb('step_id', 'is', null), eb('step_id', 'in', [...stepIds])]))
          .executeTakeFirst();
        const ended = await stale.set({ status: 'exited', step_id: null, due_at: null, ended_at: at, end_reason: `its step is not in version ${version}`, updated_at: at }).executeTakeFirst();
        return { moved: Number(moved.numUpdatedRows), ended: Number(ended.numUpdatedRows) };
      }),
    async countsByStep(id) {
      const rows = await db
        .selectFrom('enrolments')
        .select(['step_id', sql<number>`count(*)`.as('count')])
        .where('scenario_id', '=', id)
        .where('status', '=', 'active')
        .where('step_id', 'is not', null)
        .groupBy('step_id')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.step_id!, Number(r.count)]));
    },
  };
}
