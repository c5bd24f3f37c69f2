import type { ContactId } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { MembershipMove, SegmentMembershipRepository, SegmentMembershipTx } from '../app/segments/membership-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import type { Database } from './schema.js';
import { keyChunks } from './table.js';

/**
 * Segment membership as the write path and rebuilds keep it: `segment_members` (who is in), `segment_moves` (entries
 * and exits, for sizes over time) and `contacts.segments` (the ids a contact is in, so the next write diffs without a
 * read). Each write is a handful of multi-row statements per batch, whatever its size, and none when nothing moved.
 */
export function createSegmentMembershipTx(db: Kysely<Database>, dialect: SqlDialect, insertEvents: (rows: Parameters<SegmentMembershipTx['writeMembership']>[0]['events']) => Promise<void>): SegmentMembershipTx {
  // Each statement binds at most a few parameters per row: chunks stay under the engine's limit.
  const chunk = <T>(values: readonly T[], perRow: number) => keyChunks(values, Math.max(1, Math.floor(dialect.maxParameters / perRow)));

  async function wakeBy(rows: readonly { id: ContactId; at: number }[]) {
    for (const part of chunk(rows, 2)) {
      if (part.length === 0) continue;
      const values = sql.join(part.map((r) => sql`(${r.id}, ${r.at})`));
      // Only ever earlier: the doctrine's own next instant stays when it comes first.
      await sql`with v(id, at) as (values ${values}) update contacts set next_eval_at = v.at from v where contacts.id = v.id and (contacts.next_eval_at is null or contacts.next_eval_at > v.at)`.execute(db);
    }
  }

  async function insertMoves(moves: readonly MembershipMove[]) {
    const rows = moves.map((m) => ({ segment_id: m.segmentId, contact_id: m.contactId, at: m.at, entered: m.entered ? 1 : 0 }));
    if (rows.length === 0 || dialect.bulkWrite('insert_segment_moves', rows)) return;
    for (const part of chunk(rows, 4)) if (part.length > 0) await db.insertInto('segment_moves').values(part).execute();
  }

  async function applyMoves(moves: readonly MembershipMove[]) {
    const entered = moves.filter((m) => m.entered);
    const left = moves.filter((m) => !m.entered);
    const pairs = (list: readonly MembershipMove[]) => list.map((m) => ({ segment_id: m.segmentId, contact_id: m.contactId, entered_at: m.at }));
    if (dialect.bulkWrite('insert_segment_members', pairs(entered)) && dialect.bulkWrite('delete_segment_members', pairs(left).map(({ segment_id, contact_id }) => ({ segment_id, contact_id })))) return;
    for (const part of chunk(entered, 3)) {
      if (part.length === 0) continue;
      await db
        .insertInto('segment_members')
        .values(part.map((m) => ({ segment_id: m.segmentId, contact_id: m.contactId, entered_at: m.at })))
        .onConflict((oc) => oc.columns(['segment_id', 'contact_id']).doNothing())
        .execute();
    }
    for (const part of chunk(left, 2)) {
      if (part.length === 0) continue;
      // Row values: one statement for every (segment, contact) pair of the chunk, on both engines.
      const pairs = sql.join(part.map((m) => sql`(${m.segmentId}, ${m.contactId})`));
      await sql`delete from segment_members where (segment_id, contact_id) in (values ${pairs})`.execute(db);
    }
  }

  return {
    async writeMembership(write) {
      await wakeBy(write.wakeBy ?? []);
      if (write.contacts.length === 0 && write.moves.length === 0) return;
      await setContactSegments(db, dialect, write.contacts);
      await applyMoves(write.moves);
      await insertMoves(write.moves);
      await insertEvents(write.events);
    },

    async dropMembership(ids, options) {
      const unique = [...new Set(ids)];
      for (const part of keyChunks(unique, dialect.maxParameters)) {
        if (part.length === 0) continue;
        if (options.forget) {
          await db.deleteFrom('segment_moves').where('contact_id', 'in', part).execute();
        } else {
          const rows = await db.selectFrom('segment_members').select(['segment_id', 'contact_id']).where('contact_id', 'in', part).execute();
          await insertMoves(rows.map((r) => ({ segmentId: r.segment_id, contactId: r.contact_id as ContactId, at: options.at, entered: false })));
        }
        await db.deleteFrom('segment_members').where('contact_id', 'in', part).execute();
        await db.updateTable('contacts').set({ segments: '' }).where('id', 'in', part).where('segments', '<>', '').execute();
      }
    },

    async segmentMemberIds(segmentId, afterId, limit) {
      let query = db.selectFrom('segment_members').select('contact_id').where('segment_id', '=', segmentId);
      if (afterId !== null) query = query.where('contact_id', '>', afterId);
      return (await query.orderBy('contact_id').limit(limit).execute()).map((r) => r.contact_id as ContactId);
    },
  };
}

/** Sets `contacts.segments` of these contacts: a prepared statement per row on SQLite, a join on a values list elsewhere. */
export async function setContactSegments(db: Kysely<Database>, dialect: SqlDialect, contacts: readonly { id: ContactId; segments: string }[]): Promise<void> {
  if (contacts.length === 0 || dialect.bulkWrite('set_contact_segments', contacts)) return;
  for (const part of keyChunks(contacts, Math.floor(dialect.maxParameters / 2))) {
    if (part.length === 0) continue;
    // One statement per chunk on both engines (UPDATE … FROM is in SQLite since 3.33).
    const values = sql.join(part.map((c) => sql`(${c.id}, ${c.segments})`));
    await sql`with v(id, segments) as (values ${values}) update contacts set segments = v.segments from v where contacts.id = v.id`.execute(db);
  }
}

/** The store-level membership reads and writes: the segments to keep live, their fingerprint, going live. */
export function createSegmentMembershipRepository(db: Kysely<Database>): SegmentMembershipRepository {
  return {
    async fingerprint() {
      const row = await db
        .selectFrom('segments')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('updated'), eb.fn.sum<number>('version').as('versions'), eb.fn.max('deleted_at').as('deleted')])
        .select(sql<number>`sum(case when status = 'live' then 1 else 0 end)`.as('live'))
        .executeTakeFirst();
      return row ? [row.n, row.updated, row.versions, row.deleted, row.live].map((v) => String(v ?? '')).join(':') : '';
    },

    async markLive(segmentId, version, at) {
      const result = await db
        .updateTable('segments')
        .set({ status: 'live', updated_at: at })
        .where('id', '=', segmentId)
        .where('version', '=', version)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
