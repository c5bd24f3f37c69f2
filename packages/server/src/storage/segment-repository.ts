import { contactId, DAY } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { SegmentRecord, SegmentRepository } from '../app/segments/segment-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import type { Database } from './schema.js';
import { EXPORT_SELECT, exportRowFrom, segmentFromRow, segmentToRow } from './segment-rows.js';

/**
 * Saved segments and their stored membership. The `segments` row holds the current version (every version is also in
 * segment_versions); a delete is soft: the row stays with `deleted_at` set and its key freed (suffixed with the id),
 * so the key can be taken again, and its members and moves go with the id in contacts.segments.
 */
export function createSegmentRepository(db: Kysely<Database>, dialect: SqlDialect): SegmentRepository {
  const current = () => db.selectFrom('segments').selectAll().where('deleted_at', 'is', null);

  /** Saves a version under the key's lock; false when another segment holds the key. */
  const save = (record: SegmentRecord, mode: 'create' | 'update') =>
    db.transaction().execute(async (tx) => {
      // Two processes saving the same key wait for each other (PostgreSQL advisory lock), so the check below holds.
      await dialect.lockKeys(tx as unknown as Kysely<unknown>, [`segment-key:${record.key}`]);
      const holder = await tx.selectFrom('segments').select('id').where('key', '=', record.key).where('id', '!=', record.id).executeTakeFirst();
      if (holder) return false;
      const row = segmentToRow(record);
      if (mode === 'create') await tx.insertInto('segments').values(row).execute();
      else {
        const { id: _id, created_at: _created, ...changed } = row;
        const result = await tx.updateTable('segments').set(changed).where('id', '=', record.id).where('deleted_at', 'is', null).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
      }
      await tx.insertInto('segment_versions').values({ segment_id: record.id, version: record.version, definition: row.definition, created_at: record.updatedAt }).execute();
      return true;
    });

  return {
    async list() {
      const sizes = db.selectFrom('segment_members').select(['segment_id', sql<number>`count(*)`.as('size')]).groupBy('segment_id');
      const rows = await db
        .selectFrom('segments')
        .leftJoin(sizes.as('z'), 'z.segment_id', 'segments.id')
        .selectAll('segments')
        .select('z.size')
        .where('segments.deleted_at', 'is', null)
        .orderBy('segments.key')
        .execute();
      return rows.map((row) => ({ ...segmentFromRow(row), size: Number(row.size ?? 0) }));
    },
    async all() {
      return (await current().orderBy('key').execute()).map(segmentFromRow);
    },
    async get(id) {
      const row = await current().where('id', '=', id).executeTakeFirst();
      return row ? segmentFromRow(row) : null;
    },
    async getByKey(key) {
      const row = await current().where('key', '=', key).executeTakeFirst();
      return row ? segmentFromRow(row) : null;
    },
    async versions(id) {
      const rows = await db.selectFrom('segment_versions').selectAll().where('segment_id', '=', id).orderBy('version').execute();
      return rows.map((r) => ({ version: Number(r.version), definition: JSON.parse(r.definition), createdAt: Number(r.created_at) }));
    },
    create: (record) => save(record, 'create'),
    update: (record) => save(record, 'update'),
    remove: (id, at) =>
      db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('segments').select('key').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
        if (!row) return false;
        await tx.updateTable('segments').set({ deleted_at: at, updated_at: at, key: `${row.key}~deleted~${id}` }).where('id', '=', id).execute();
        // The id leaves the members' lists: '|a|b|' with '|b|' replaced by '|', then trimmed of its bars.
        await tx
          .updateTable('contacts')
          .set({ segments: sql<string>`trim(replace(${'|'} || segments || ${'|'}, ${`|${id}|`}, ${'|'}), ${'|'})` })
          .where('id', 'in', tx.selectFrom('segment_members').select('contact_id').where('segment_id', '=', id))
          .execute();
        await tx.deleteFrom('segment_members').where('segment_id', '=', id).execute();
        await tx.deleteFrom('segment_moves').where('segment_id', '=', id).execute();
        return true;
      }),
    async setStatus(id, status, at) {
      const result = await db.updateTable('segments').set({ status, updated_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async withStatus(status) {
      return (await current().where('status', '=', status).orderBy('key').execute()).map(segmentFromRow);
    },
    async stamp() {
      const row = await db.selectFrom('segments').select([sql<number>`count(*)`.as('n'), sql<number | null>`max(updated_at)`.as('at')]).executeTakeFirstOrThrow();
      return `${Number(row.n)}:${Number(row.at ?? 0)}`;
    },
    async size(id) {
      const row = await db.selectFrom('segment_members').select(sql<number>`count(*)`.as('n')).where('segment_id', '=', id).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async members(id, page) {
      let query = db.selectFrom('segment_members').select(['contact_id', 'entered_at']).where('segment_id', '=', id);
      if (page.after !== undefined) query = query.where('contact_id', '>', page.after);
      const rows = await query.orderBy('contact_id').limit(page.limit).execute();
      return rows.map((r) => ({ contactId: contactId(r.contact_id), enteredAt: Number(r.entered_at) }));
    },
    async memberRows(id, page) {
      let query = db
        .selectFrom('segment_members as m')
        .innerJoin('contacts as c', 'c.id', 'm.contact_id')
        .leftJoin('contact_facts as f', 'f.contact_id', 'm.contact_id')
        .select([...EXPORT_SELECT, 'm.entered_at'])
        .where('m.segment_id', '=', id);
      if (page.after !== undefined) query = query.where('m.contact_id', '>', page.after);
      const rows = await query.orderBy('m.contact_id').limit(page.limit).execute();
      return rows.map((row) => exportRowFrom({ ...row, stage: row.stage }));
    },
    async breakdown(id) {
      const rows = await db
        .selectFrom('segment_members as m')
        .innerJoin('contacts as c', 'c.id', 'm.contact_id')
        .select(['c.stage', sql<number>`count(*)`.as('count')])
        .where('m.segment_id', '=', id)
        .groupBy('c.stage')
        .orderBy('c.stage')
        .execute();
      return rows.map((r) => ({ stage: r.stage, count: Number(r.count) }));
    },
    async sizes(id, fromDay, toDay) {
      // Entries minus exits per UTC day (epoch days: integer division on both engines), summed from the start.
      const rows = await db
        .selectFrom('segment_moves')
        .select([sql<number>`at / ${sql.lit(DAY)}`.as('day'), sql<number>`sum(case when entered = 1 then 1 else -1 end)`.as('delta')])
        .where('segment_id', '=', id)
        .where('at', '<', (toDay + 1) * DAY)
        .groupBy(sql`at / ${sql.lit(DAY)}`)
        .execute();
      const deltas = new Map<number, number>();
      let size = 0;
      for (const row of rows) {
        const day = Math.floor(Number(row.day));
        if (day < fromDay) size += Number(row.delta);
        else deltas.set(day, (deltas.get(day) ?? 0) + Number(row.delta));
      }
      const points: { day: number; size: number }[] = [];
      for (let day = fromDay; day <= toDay; day++) {
        size += deltas.get(day) ?? 0;
        points.push({ day, size });
      }
      return points;
    },
  };
}
