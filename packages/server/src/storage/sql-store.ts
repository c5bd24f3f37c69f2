import { contactId, type ContactId, type LeadEvent } from '@leadpulse/core';
import { Kysely, sql } from 'kysely';
import type { ContactPage, ContactQuery, Store } from '../app/ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { migrate, migrationsApplied } from './migrations/migrate.js';
import { contactFromRow, doctrineFromRow, eventFromRow, keyFromRow, mergeFromRow, stageChangeFromRow } from './rows.js';
import type { Database, EventsTable } from './schema.js';
import { createReportStore } from './report-store.js';
import { createReportReader, REPORT_READS } from './report-reader.js';
import { createStoreTx, eventColumns, identitiesOf } from './store-tx.js';
import { createUserStore } from './user-store.js';
import { keyChunks } from './table.js';

const pick = <T extends object, K extends keyof T>(from: T, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString();

/** The Store on one Kysely instance; queries are written once for both engines. */
export function createSqlStore(dialect: SqlDialect): Store {
  const db = new Kysely<Database>({ dialect: dialect.kysely });
  // An embedded file's reports run in a worker thread; PostgreSQL runs them in its own processes already.
  const reportReader = dialect.file ? createReportReader(dialect.file) : null;

  const store: Store = {
    capabilities: dialect.capabilities,
    migrate: () => migrate(db, Date.now(), dialect.engine),
    async isReady() {
      try {
        await sql`select 1`.execute(db);
        return await migrationsApplied(db);
      } catch {
        return false;
      }
    },
    // Kysely's destroy closes the SQLite handle or ends the PostgreSQL pool.
    async close() {
      await reportReader?.close();
      await db.destroy();
    },
    transaction: (fn) => db.transaction().execute((tx) => fn(createStoreTx(tx, dialect))),

    async getContact(id) {
      const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? contactFromRow(row) : null;
    },
    async findContactByIdentity(identity) {
      const row = await db
        .selectFrom('identities')
        .innerJoin('contacts', 'contacts.id', 'identities.contact_id')
        .selectAll('contacts')
        .where('identities.kind', '=', identity.kind)
        .where('identities.value', '=', identity.value)
        .executeTakeFirst();
      return row ? contactFromRow(row) : null;
    },
    async listContacts(query: ContactQuery): Promise<ContactPage> {
      // A contact whose fold saw nothing (only crawler traffic) has no first_seen_at: it is not a person to list.
      let select = db.selectFrom('contacts').selectAll().where('merged_into', 'is', null).where('first_seen_at', 'is not', null);
      if (query.stage) select = select.where('stage', '=', query.stage);
      if (query.cursor) select = select.where('id', '<', decodeCursor(query.cursor));
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
      const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = rows.slice(0, query.limit).map(contactFromRow);
      return { contacts: page, nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!.id) : null };
    },
    identitiesOf: (ids) => identitiesOf(db, dialect, ids),
    async countContactsByStage() {
      const rows = await db
        .selectFrom('contacts')
        .select(['stage', sql<number>`count(*)`.as('count')])
        .where('merged_into', 'is', null)
        .where('first_seen_at', 'is not', null)
        .groupBy('stage')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.stage, Number(r.count)]));
    },
    async eventsOf(id, options) {
      let select = db.selectFrom('events').select(eventColumns).where('contact_id', '=', id);
      if (options.before !== undefined) select = select.where('at', '<', options.before);
      const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
      return rows.map(eventFromRow);
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
    async eraseContact(id) {
      return db.transaction().execute(async (tx) => (await createStoreTx(tx, dialect).eraseContacts([id])).length > 0);
    },
    purgeErased: (values) => dialect.purgeDeleted(db as unknown as Kysely<unknown>, values),

    async dueContacts(now, limit) {
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
    async contactIdsAfter(afterId, limit) {
      let select = db.selectFrom('contacts').select('id').where('merged_into', 'is', null);
      if (afterId) select = select.where('id', '>', afterId);
      return (await select.orderBy('id').limit(limit).execute()).map((r) => contactId(r.id));
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
    async countEvents() {
      const { count } = await db.selectFrom('events').select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow();
      return Number(count);
    },

    async activeDoctrine() {
      const row = await db.selectFrom('doctrines').selectAll().where('active', '=', 1).orderBy('version', 'desc').executeTakeFirst();
      return row ? doctrineFromRow(row) : null;
    },
    async doctrineVersions() {
      return (await db.selectFrom('doctrines').selectAll().orderBy('version', 'desc').execute()).map(doctrineFromRow);
    },
    saveDoctrine: (doctrine, options) =>
      db.transaction().execute(async (tx) => {
        const { max } = await tx.selectFrom('doctrines').select(sql<number | null>`max(version)`.as('max')).executeTakeFirstOrThrow();
        const version = Number(max ?? 0) + 1;
        await tx.updateTable('doctrines').set({ active: 0 }).where('active', '=', 1).execute();
        const row = { version, document: JSON.stringify(doctrine), created_at: options.now, note: options.note, active: 1 };
        await tx.insertInto('doctrines').values(row).execute();
        return doctrineFromRow(row);
      }),

    async createKey(key) {
      await db
        .insertInto('api_keys')
        .values({
          id: key.id,
          kind: key.kind,
          label: key.label,
          hash: key.hash,
          prefix: key.prefix,
          allowed_origins: JSON.stringify(key.allowedOrigins),
          created_at: key.createdAt,
          revoked_at: key.revokedAt,
        })
        .execute();
    },
    async findKeyByHash(hash) {
      const row = await db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
      return row ? keyFromRow(row) : null;
    },
    async listKeys() {
      return (await db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute()).map(keyFromRow);
    },
    async revokeKey(id, at) {
      const result = await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    ...createReportStore(db, dialect),
    ...(reportReader ? pick(reportReader, REPORT_READS) : {}),
    ...createUserStore(db, dialect),

    async getSetting(key) {
      return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null;
    },
    async setSetting(key, value) {
      await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    },
  };
  return store;
}


