import type { ContactId } from '@leadpulse/core';
import type { Kysely } from 'kysely';
import type { AdPlatform, ConversionDelivery, ConversionRepository, ConversionTx, DeliveryStatus } from '../app/conversions/conversion-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { claimRows } from './row-locks.js';
import { conversionDeliveriesTable, type ConversionDeliveriesTable } from './conversion-table.js';
import { decodeCursor, olderThan, pageOf } from './scenario-rows.js';
import type { Database } from './schema.js';
import { chunksFor, keyChunks } from './table.js';

const fromRow = (row: ConversionDeliveriesTable): ConversionDelivery => ({
  id: row.id,
  platform: row.platform as AdPlatform,
  eventId: row.event_id,
  eventName: row.event_name,
  contactId: row.contact_id as ContactId,
  payload: JSON.parse(row.payload) as Record<string, unknown>,
  status: row.status as DeliveryStatus,
  attempts: Number(row.attempts),
  nextAttemptAt: row.next_attempt_at === null ? null : Number(row.next_attempt_at),
  lastError: row.last_error,
  createdAt: Number(row.created_at),
  sentAt: row.sent_at === null ? null : Number(row.sent_at),
});

/** The queue's write inside the ingestion transaction: one row per forwarded event and platform, never twice. */
export function createConversionTx(db: Kysely<Database>, dialect: SqlDialect): ConversionTx {
  return {
    async queueConversions(rows) {
      const mapped: ConversionDeliveriesTable[] = rows.map((r) => ({
        id: r.id,
        platform: r.platform,
        event_id: r.eventId,
        event_name: r.eventName,
        contact_id: r.contactId,
        payload: JSON.stringify(r.payload),
        status: 'pending',
        attempts: 0,
        next_attempt_at: r.createdAt,
        last_error: null,
        created_at: r.createdAt,
        sent_at: null,
      }));
      for (const part of chunksFor(conversionDeliveriesTable, mapped, dialect.maxParameters)) {
        if (part.length === 0) continue;
        await db
          .insertInto('conversion_deliveries')
          .values(part)
          .onConflict((oc) => oc.columns(['platform', 'event_id']).doNothing())
          .execute();
      }
    },
  };
}

/** The drain's lease and settlement, and the delivery log. */
export function createConversionRepository(db: Kysely<Database>, dialect: SqlDialect): ConversionRepository {
  return {
    lease: (platform, now, limit, leaseMs) =>
      db.transaction().execute(async (tx) => {
        const due = tx
          .selectFrom('conversion_deliveries')
          .selectAll()
          .where('status', '=', 'pending')
          .where('platform', '=', platform)
          .where('next_attempt_at', '<=', now)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit);
        const rows = await claimRows(dialect.capabilities, due).execute();
        const ids = rows.map((r) => r.id);
        for (const part of keyChunks(ids, dialect.maxParameters)) {
          if (part.length === 0) continue;
          await tx
            .updateTable('conversion_deliveries')
            .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: now + leaseMs }))
            .where('id', 'in', part)
            .execute();
        }
        return rows.map((row) => fromRow({ ...row, attempts: Number(row.attempts) + 1, next_attempt_at: now + leaseMs }));
      }),
    async settle(outcomes) {
      if (outcomes.length === 0) return;
      await db.transaction().execute(async (tx) => {
        for (const o of outcomes) {
          const update =
            o.status === 'sent'
              ? { status: 'sent', sent_at: o.at, next_attempt_at: null, last_error: null }
              : o.status === 'retry'
                ? { status: 'pending', next_attempt_at: o.nextAttemptAt, last_error: o.error.slice(0, 1000) }
                : { status: 'failed', next_attempt_at: null, last_error: o.error.slice(0, 1000) };
          await tx.updateTable('conversion_deliveries').set(update).where('id', '=', o.id).execute();
        }
      });
    },
    async prune(before) {
      const result = await db.deleteFrom('conversion_deliveries').where('status', '!=', 'pending').where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async list(query) {
      let select = db.selectFrom('conversion_deliveries').selectAll();
      if (query.status) select = select.where('status', '=', query.status);
      if (query.platform) select = select.where('platform', '=', query.platform);
      if (query.cursor !== undefined) {
        const after = decodeCursor(query.cursor);
        if (!after) return { deliveries: [], nextCursor: null };
        select = select.where(olderThan('created_at', after));
      }
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = pageOf(rows, query.limit, fromRow, (r) => r.createdAt);
      return { deliveries: page.items, nextCursor: page.nextCursor };
    },
  };
}
