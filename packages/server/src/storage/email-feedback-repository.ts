import type { Kysely } from 'kysely';
import type { EmailFeedbackRecord, EmailFeedbackRepository, FeedbackSource, FeedbackStatus } from '../app/email-feedback-ports.js';
import { decodeCursor, olderThan, pageOf, sendFromRow } from './scenario-rows.js';
import type { Database, EmailFeedbackTable } from './schema.js';

const fromRow = (row: EmailFeedbackTable): EmailFeedbackRecord => ({
  id: row.id,
  receivedAt: Number(row.received_at),
  source: row.source as FeedbackSource,
  status: row.status as FeedbackStatus,
  kind: row.kind as EmailFeedbackRecord['kind'],
  reason: row.reason,
  sendId: row.send_id,
  detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
  raw: row.raw,
});

/** The received bounce and complaint reports, and the look-up of the send a report is about. */
export function createEmailFeedbackRepository(db: Kysely<Database>): EmailFeedbackRepository {
  return {
    async insert(record) {
      await db
        .insertInto('email_feedback')
        .values({
          id: record.id,
          received_at: record.receivedAt,
          source: record.source,
          status: record.status,
          kind: record.kind,
          reason: record.reason,
          send_id: record.sendId,
          detail: record.detail === null ? null : JSON.stringify(record.detail),
          raw: record.raw,
        })
        .execute();
    },

    async list(query) {
      let select = db.selectFrom('email_feedback').selectAll();
      if (query.status) select = select.where('status', '=', query.status);
      if (query.cursor !== undefined) {
        const after = decodeCursor(query.cursor);
        if (!after) return { items: [], nextCursor: null };
        select = select.where(olderThan('received_at', after));
      }
      const rows = await select.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
      return pageOf(rows, query.limit, fromRow, (r) => r.receivedAt);
    },

    async findSend(by) {
      if (by.messageId) {
        const row = await db.selectFrom('sends').selectAll().where('message_id', '=', by.messageId).executeTakeFirst();
        if (row) return sendFromRow(row);
      }
      if (by.recipient) {
        const row = await db.selectFrom('sends').selectAll().where('recipient', '=', by.recipient).where('channel', '=', 'email').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
        if (row) return sendFromRow(row);
      }
      return null;
    },
  };
}
