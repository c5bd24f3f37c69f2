import { contactId } from '@leadpulse/core';
import type { Kysely} from 'kysely';
import { sql } from 'kysely';
import type { ContactPage, ContactQuery, ContactRepository } from '../app/ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { contactFromRow, mergeFromRow, stageChangeFromRow } from './rows.js';
import type { Database } from './schema.js';
import { keyChunks } from './table.js';

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString();
const decodePredictedCursor = (cursor: string): [number, string] => {
  try {
    const [p, id] = JSON.parse(decodeCursor(cursor)) as unknown[];
    if (typeof p === 'number' && typeof id === 'string') return [p, id];
  } catch {
    // A cursor of the other order, or garbage: start over from the top.
  }
  return [Number.POSITIVE_INFINITY, ''];
};

/** Contacts as they stand, their stage history and merges. */
export function createContactRepository(db: Kysely<Database>, dialect: SqlDialect): ContactRepository {
  return {
    async get(id) {
      const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? contactFromRow(row) : null;
    },
    async getMany(ids) {
      const found = [];
      for (const part of keyChunks([...new Set(ids)], dialect.maxParameters)) {
        if (part.length > 0) found.push(...(await db.selectFrom('contacts').selectAll().where('id', 'in', part).execute()).map(contactFromRow));
      }
      return found;
    },
    async findByIdentity(identity) {
      const row = await db
        .selectFrom('identities')
        .innerJoin('contacts', 'contacts.id', 'identities.contact_id')
        .selectAll('contacts')
        .where('identities.kind', '=', identity.kind)
        .where('identities.value', '=', identity.value)
        .executeTakeFirst();
      return row ? contactFromRow(row) : null;
    },
    async list(query: ContactQuery): Promise<ContactPage> {
      // A contact whose fold saw nothing (only crawler traffic) has no first_seen_at: it is not a person to list.
      let select = db.selectFrom('contacts').selectAll().where('merged_into', 'is', null).where('first_seen_at', 'is not', null);
      if (query.stage) select = select.where('stage', '=', query.stage);
      // By purchase probability: contacts the model has not scored (null) last, as -1.
      const predicted = sql<number>`coalesce(predicted, -1)`;
      if (query.cursor && query.sort === 'predicted') {
        const [p, id] = decodePredictedCursor(query.cursor);
        select = select.where((eb) => eb.or([eb(predicted, '<', p), eb.and([eb(predicted, '=', p), eb('id', '<', id)])]));
      } else if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor));
      if (query.q) {
        const pattern = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
        const like = dialect.likeOperator;
        select = select.where((eb) =>
          eb.or([
            eb('email', like, pattern),
            eb('user_id', like, pattern),
            eb('id', '=', query.q!),
            eb('id', 'in', eb.selectFrom('identities').select('contact_id').where('value', like, pattern)),
          ]),
        );
      }
      if (query.source) select = select.where('id', 'in', db.selectFrom('contact_facts').select('contact_id').where('first_source', '=', query.source));
      if (query.trait) {
        const { key, value } = query.trait;
        const trait = dialect.jsonText('traits', key);
        select = select.where('id', 'in', db.selectFrom('contact_details').select('contact_id').where(trait, '=', value));
      }
      if (query.seenAfter !== undefined) select = select.where('last_seen_at', '>=', query.seenAfter);
      if (query.seenBefore !== undefined) select = select.where('last_seen_at', '<', query.seenBefore);
      if (query.sort === 'predicted') select = select.orderBy(predicted, 'desc');
      const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = rows.slice(0, query.limit).map(contactFromRow);
      const last = page[page.length - 1];
      const next = !last || rows.length <= query.limit ? null : query.sort === 'predicted' ? encodeCursor(JSON.stringify([last.predicted ?? -1, last.id])) : encodeCursor(last.id);
      return { contacts: page, nextCursor: next };
    },
    async countByStage() {
      const rows = await db
        .selectFrom('contacts')
        .select(['stage', sql<number>`count(*)`.as('count')])
        .where('merged_into', 'is', null)
        .where('first_seen_at', 'is not', null)
        .groupBy('stage')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.stage, Number(r.count)]));
    },
    async stageHistoryOf(id) {
      const rows = await db.selectFrom('stage_changes').selectAll().where('contact_id', '=', id).orderBy('at').orderBy('id').execute();
      return rows.map(stageChangeFromRow);
    },
    async stageChangesAfter(cursor, limit) {
      if (!cursor) {
        const newest = await db.selectFrom('stage_changes').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
        return newest.reverse().map(stageChangeFromRow);
      }
      const rows = await db
        .selectFrom('stage_changes')
        .selectAll()
        .where((eb) => eb.or([eb('at', '>', cursor.at), eb.and([eb('at', '=', cursor.at), eb('id', '>', cursor.id)])]))
        .orderBy('at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(stageChangeFromRow);
    },
    async mergesOf(id) {
      const rows = await db.selectFrom('merges').selectAll().where((eb) => eb.or([eb('into_contact', '=', id), eb('from_contact', '=', id)])).orderBy('at').execute();
      return rows.map(mergeFromRow);
    },
    async due(now, limit) {
      const rows = await db
        .selectFrom('contacts')
        .select('id')
        .where('next_eval_at', '<=', now)
        .where('merged_into', 'is', null)
        .orderBy('next_eval_at')
        .limit(limit)
        .execute();
      return rows.map((r) => contactId(r.id));
    },
    async idsAfter(afterId, limit) {
      let select = db.selectFrom('contacts').select('id').where('merged_into', 'is', null);
      if (afterId) select = select.where('id', '>', afterId);
      return (await select.orderBy('id').limit(limit).execute()).map((r) => contactId(r.id));
    },
    async setPredicted(rows) {
      // Only this column: the contact's state and classification stay as ingestion last wrote them.
      await db.transaction().execute(async (tx) => {
        for (const row of rows) await tx.updateTable('contacts').set({ predicted: row.predicted }).where('id', '=', row.id).execute();
      });
    },
  };
}
