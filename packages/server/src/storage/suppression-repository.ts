import { contactId, type ContactId } from '@leadpulse/core';
import type { Kysely } from 'kysely';
import type { SuppressionChannel, SuppressionReason, SuppressionRecord, SuppressionRepository, SuppressionTx } from '../app/suppression-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { suppressionsTable, type Database, type SuppressionsTable } from './schema.js';
import { chunksFor, keyChunks } from './table.js';

const fromRow = (row: SuppressionsTable): SuppressionRecord => ({
  channel: row.channel as SuppressionChannel,
  address: row.address,
  reason: row.reason as SuppressionReason,
  contactId: row.contact_id === null ? null : contactId(row.contact_id),
  at: Number(row.at),
  source: row.source,
});
const toRow = (r: SuppressionRecord): SuppressionsTable => ({ channel: r.channel, address: r.address, reason: r.reason, contact_id: r.contactId, at: r.at, source: r.source });

/** The suppression list's reads and its admin's lift; the writes happen in transactions (createSuppressionTx). */
export function createSuppressionRepository(db: Kysely<Database>, dialect: SqlDialect): SuppressionRepository {
  return {
    async list(query) {
      let select = db.selectFrom('suppressions').selectAll();
      if (query.channel) select = select.where('channel', '=', query.channel);
      if (query.reason) select = select.where('reason', '=', query.reason);
      const after = query.after;
      if (after) {
        select = select.where((eb) =>
          eb.or([
            eb('channel', '>', after.channel),
            eb.and([eb('channel', '=', after.channel), eb('address', '>', after.address)]),
            eb.and([eb('channel', '=', after.channel), eb('address', '=', after.address), eb('reason', '>', after.reason)]),
          ]),
        );
      }
      return (await select.orderBy('channel').orderBy('address').orderBy('reason').limit(query.limit).execute()).map(fromRow);
    },
    async find(channel, addresses) {
      const found: SuppressionRecord[] = [];
      for (const part of keyChunks([...new Set(addresses)], dialect.maxParameters)) {
        if (part.length === 0) continue;
        found.push(...(await db.selectFrom('suppressions').selectAll().where('channel', '=', channel).where('address', 'in', part).execute()).map(fromRow));
      }
      return found;
    },
    async lift(channel, address, reasons) {
      if (reasons.length === 0) return 0;
      const result = await db.deleteFrom('suppressions').where('channel', '=', channel).where('address', '=', address).where('reason', 'in', reasons).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** The suppression side of one open transaction. */
export function createSuppressionTx(db: Kysely<Database>, dialect: SqlDialect): SuppressionTx {
  const split = (ids: readonly ContactId[]) => keyChunks([...new Set(ids)], dialect.maxParameters).filter((part) => part.length > 0);
  return {
    async insertSuppressions(rows) {
      // One row per key: PostgreSQL refuses a statement that touches a row twice; the first instant is the one kept.
      const unique = [...new Map(rows.map((r) => [`${r.channel}\u0000${r.address}\u0000${r.reason}`, toRow(r)])).values()];
      for (const part of chunksFor(suppressionsTable, unique, dialect.maxParameters)) {
        if (part.length === 0) continue;
        await db
          .insertInto('suppressions')
          .values(part)
          .onConflict((oc) => oc.columns(['channel', 'address', 'reason']).doNothing())
          .execute();
      }
    },
    async liftSuppressionsOfContacts(channel, contactIds, reasons) {
      if (reasons.length === 0) return;
      for (const part of split(contactIds)) await db.deleteFrom('suppressions').where('channel', '=', channel).where('contact_id', 'in', part).where('reason', 'in', reasons).execute();
    },
    async suppressionsOfContacts(contactIds) {
      const found: SuppressionRecord[] = [];
      for (const part of split(contactIds)) found.push(...(await db.selectFrom('suppressions').selectAll().where('contact_id', 'in', part).execute()).map(fromRow));
      return found;
    },
    async deleteSuppressionsOfContacts(contactIds) {
      for (const part of split(contactIds)) await db.deleteFrom('suppressions').where('contact_id', 'in', part).execute();
    },
  };
}
