import { sql, type Kysely } from 'kysely';
import type { SendRepository, SendStatus } from '../app/scenario-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { claimRows } from './row-locks.js';
import { decodeCursor, olderThan, pageOf, sendFromRow } from './scenario-rows.js';
import type { Database } from './schema.js';

/**
 * Engagement only moves forward: a late open (images loaded after the click) does not hide the click. A status
 * below here may be replaced by a later one; bounces, complaints and unsubscribes replace any of them.
 */
const ENGAGEMENT_ORDER: readonly SendStatus[] = ['queued', 'sent', 'delivered', 'opened', 'clicked'];
const MESSAGES = ['email', 'sms'];

type Outcome = Parameters<SendRepository['recordOutcome']>[1];

/** Records one attempt's outcome; only a row still `queued` changes (a retried or suppressed send is left alone). */
async function recordOne(db: Kysely<Database>, id: string, outcome: Outcome): Promise<boolean> {
  const result = await db
    .updateTable('sends')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      next_attempt_at: outcome.nextAttemptAt,
      last_error: outcome.lastError,
      provider_answer: outcome.providerAnswer,
      sent_at: outcome.sentAt,
      updated_at: outcome.updatedAt,
      ...(outcome.subject !== undefined ? { subject: outcome.subject } : {}),
      ...(outcome.recipient !== undefined ? { recipient: outcome.recipient } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The outbox: lists, claims with a lease, outcomes, retries of dead letters and engagement by Message-ID. */
export function createSendRepository(db: Kysely<Database>, dialect: SqlDialect): SendRepository {
  return {
    async list(query) {
      let select = db.selectFrom('sends').selectAll();
      if (query.contactId) select = select.where('contact_id', '=', query.contactId);
      if (query.scenarioId) select = select.where('scenario_id', '=', query.scenarioId);
      if (query.status) select = select.where('status', '=', query.status);
      if (query.cursor !== undefined) {
        const after = decodeCursor(query.cursor);
        if (!after) return { sends: [], nextCursor: null };
        select = select.where(olderThan('created_at', after));
      }
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = pageOf(rows, query.limit, sendFromRow, (s) => s.createdAt);
      return { sends: page.items, nextCursor: page.nextCursor };
    },

    async get(id) {
      const row = await db.selectFrom('sends').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? sendFromRow(row) : null;
    },

    async countMessagesSince(contactId, since, channel) {
      // Suppressed sends never left and dead letters never arrived: neither counts against a frequency cap.
      const row = await db
        .selectFrom('sends')
        .select(sql<number>`count(*)`.as('count'))
        .where('contact_id', '=', contactId)
        .where('created_at', '>=', since)
        .where('channel', 'in', channel ? [channel] : MESSAGES)
        .where('status', 'not in', ['suppressed', 'failed'])
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    claimDue: (now, leaseUntil, limit) =>
      // A claim lost in a power cut is only a lease that never was: the sends are claimed again.
      dialect.relaxedCommit(db, async (tx) => {
        // Concurrent senders on PostgreSQL skip the rows another one is claiming; once this commits, the lease keeps
        // them out of every claim until it ends (a sender that died mid-send leaves them to be claimed again then).
        const due = tx.selectFrom('sends').select('id').where('status', '=', 'queued').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').orderBy('id').limit(limit);
        const ids = (await claimRows(dialect.capabilities, due).execute()).map((r) => r.id);
        if (ids.length === 0) return [];
        await tx.updateTable('sends').set({ next_attempt_at: leaseUntil }).where('id', 'in', ids).execute();
        const rows = await tx.selectFrom('sends').selectAll().where('id', 'in', ids).execute();
        const order = new Map(ids.map((id, i) => [id, i]));
        return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map(sendFromRow);
      }),

    recordOutcomes: (outcomes) =>
      // One commit for the outcomes of the deliveries that finished together, which does not wait for the disk.
      dialect.relaxedCommit(db, async (tx) => {
        const recorded: boolean[] = [];
        for (const { id, outcome } of outcomes) recorded.push(await recordOne(tx, id, outcome));
        return recorded;
      }),

    recordOutcome: (id, outcome) => dialect.relaxedCommit(db, (tx) => recordOne(tx, id, outcome)),

    async retry(id, now) {
      // Attempts are kept: a retried dead letter gets one more try before the backoff gives up again.
      const result = await db.updateTable('sends').set({ status: 'queued', next_attempt_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'failed').executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async setStatusByMessageId(messageId, status, at) {
      const rank = ENGAGEMENT_ORDER.indexOf(status);
      // Within the engagement order, only rows below the new status move; true whenever the send exists.
      // A send still queued never left: an open or a click naming it (forged, or a test) must not take it out of the queue.
      const replaceable = rank < 0 ? null : ENGAGEMENT_ORDER.slice(rank > ENGAGEMENT_ORDER.indexOf('sent') ? 1 : 0, rank);
      let update = db.updateTable('sends').set({ status, updated_at: at }).where('message_id', '=', messageId);
      if (replaceable) update = replaceable.length > 0 ? update.where('status', 'in', replaceable) : update.where(sql<boolean>`1 = 0`);
      const result = await update.executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) return true;
      return (await db.selectFrom('sends').select('id').where('message_id', '=', messageId).executeTakeFirst()) !== undefined;
    },
  };
}
