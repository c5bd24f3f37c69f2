import { sql, type Kysely } from 'kysely';
import type { EnrolmentRepository } from '../app/scenario-ports.js';
import { decodeCursor, enrolmentFromRow, olderThan, pageOf } from './scenario-rows.js';
import type { Database } from './schema.js';

/** Enrolments, read: a scenario's (newest first, by keyset pages), a contact's, one, and the active count. */
export function createEnrolmentRepository(db: Kysely<Database>): EnrolmentRepository {
  return {
    async ofScenario(scenarioId, options) {
      let select = db.selectFrom('enrolments').selectAll().where('scenario_id', '=', scenarioId);
      if (options.status) select = select.where('status', '=', options.status);
      if (options.cursor !== undefined) {
        const after = decodeCursor(options.cursor);
        if (!after) return { enrolments: [], nextCursor: null };
        select = select.where(olderThan('entered_at', after));
      }
      const rows = await select.orderBy('entered_at', 'desc').orderBy('id', 'desc').limit(options.limit + 1).execute();
      const page = pageOf(rows, options.limit, enrolmentFromRow, (e) => e.enteredAt);
      return { enrolments: page.items, nextCursor: page.nextCursor };
    },
    async ofContact(contactId) {
      const rows = await db.selectFrom('enrolments').selectAll().where('contact_id', '=', contactId).orderBy('entered_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(enrolmentFromRow);
    },
    async get(id) {
      const row = await db.selectFrom('enrolments').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? enrolmentFromRow(row) : null;
    },
    async countActive() {
      const row = await db.selectFrom('enrolments').select(sql<number>`count(*)`.as('count')).where('status', '=', 'active').executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
