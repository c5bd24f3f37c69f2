import { contactId, type ContactId, type LeadEvent } from '@leadpulse/core';
import type { Kysely} from 'kysely';
import { sql } from 'kysely';
import type { EventRepository } from '../app/ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { eventFromRow } from './rows.js';
import type { Database, EventsTable } from './schema.js';
import { eventColumns } from './store-tx.js';
import { keyChunks } from './table.js';

/** The event log, read: a contact's page of events, many histories for a replay, the count. */
export function createEventRepository(db: Kysely<Database>, dialect: SqlDialect): EventRepository {
  return {
    async of(id, options) {
      let select = db.selectFrom('events').select(eventColumns).where('contact_id', '=', id);
      if (options.before !== undefined) select = select.where('at', '<', options.before);
      const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
      return rows.map(eventFromRow);
    },
    async historiesOf(ids) {
      const histories = new Map<ContactId, LeadEvent[]>(ids.map((id) => [id, []]));
      // Taking Kysely's connection waits for any open write transaction, so the fast path never reads uncommitted rows.
      const fast = ids.length > 0 ? await db.connection().execute(async () => dialect.bulkRead('histories', ids)) : null;
      if (fast) {
        for (const row of fast) histories.get(contactId(row['contact_id'] as string))?.push(eventFromRow(row as unknown as EventsTable));
        return histories;
      }
      for (const part of keyChunks(ids, dialect.maxParameters)) {
        if (part.length === 0) continue;
        const rows = await db
          .selectFrom('events')
          .select([...eventColumns, 'contact_id'])
          .where('contact_id', 'in', part)
          .where('internal', '=', 0)
          .orderBy('contact_id')
          .orderBy('at')
          .orderBy('id')
          .execute();
        for (const row of rows) histories.get(contactId(row.contact_id))?.push(eventFromRow(row));
      }
      return histories;
    },
    async count() {
      const { count } = await db.selectFrom('events').select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
      return Number(count);
    },
  };
}
