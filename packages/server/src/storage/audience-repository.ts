import type { AudiencePlatform } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { AudienceRecord, AudienceRepository, AudienceSource, SyncRecord, SyncStatus, SyncTarget } from '../app/audiences/audience-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { audienceSyncedTable, type AudiencesTable, type AudienceSyncsTable, type Database } from './schema.js';
import { chunksFor, keyChunks } from './table.js';

const fromRow = (row: AudiencesTable): AudienceRecord => ({
  id: row.id,
  name: row.name,
  segmentId: row.segment_id,
  platforms: JSON.parse(row.platforms) as AudiencePlatform[],
  settings: JSON.parse(row.settings) as AudienceRecord['settings'],
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const syncFromRow = (row: AudienceSyncsTable): SyncRecord => ({
  id: row.id,
  audienceId: row.audience_id,
  platform: row.platform as AudiencePlatform,
  at: Number(row.at),
  added: Number(row.added),
  removed: Number(row.removed),
  skipped: JSON.parse(row.skipped) as SyncRecord['skipped'],
  status: row.status as SyncStatus,
  message: row.message,
});

const parseTraits = (text: string | null): Record<string, unknown> => {
  if (text === null || text === '') return {};
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
};

const consentOf = (value: number | string | null): boolean | null => (value === null ? null : Number(value) === 1);

/** Audiences and their delta, written once for both engines: every delta read is one keyset-paged set query. */
export function createAudienceRepository(db: Kysely<Database>, dialect: SqlDialect): AudienceRepository {
  // The members of a segment with what matching needs: contact email and user id, traits, profile columns, consent.
  const sources = (segmentId: string) =>
    db
      .selectFrom('segment_members as m')
      .innerJoin('contacts as c', 'c.id', 'm.contact_id')
      .leftJoin('contact_facts as f', 'f.contact_id', 'm.contact_id')
      .leftJoin('contact_details as d', 'd.contact_id', 'm.contact_id')
      .select(['m.contact_id', 'c.email', 'c.user_id', 'd.traits', 'f.birth_date', 'f.gender', 'f.country', 'f.city', 'f.postal_code', 'f.consent_ads'])
      .where('m.segment_id', '=', segmentId);
  type SourceRow = Awaited<ReturnType<ReturnType<typeof sources>['execute']>>[number];
  const toSource = (row: SourceRow): AudienceSource => ({
    contactId: row.contact_id,
    email: row.email,
    userId: row.user_id,
    traits: parseTraits(row.traits),
    birthDate: row.birth_date === null ? null : Number(row.birth_date),
    gender: row.gender,
    country: row.country,
    city: row.city,
    postalCode: row.postal_code,
    consentAds: consentOf(row.consent_ads),
  });
  const held = (target: SyncTarget) =>
    db.selectFrom('audience_synced as s').select(sql<number>`1`.as('one')).where('s.audience_id', '=', target.audienceId).where('s.platform', '=', target.platform);

  return {
    async insert(r) {
      await db
        .insertInto('audiences')
        .values({ id: r.id, name: r.name, segment_id: r.segmentId, platforms: JSON.stringify(r.platforms), settings: JSON.stringify(r.settings), created_at: r.createdAt, updated_at: r.updatedAt, deleted_at: null })
        .execute();
    },
    async update(r) {
      await db
        .updateTable('audiences')
        .set({ name: r.name, segment_id: r.segmentId, platforms: JSON.stringify(r.platforms), settings: JSON.stringify(r.settings), updated_at: r.updatedAt })
        .where('id', '=', r.id)
        .execute();
    },
    async remove(id, at) {
      return db.transaction().execute(async (tx) => {
        const result = await tx.updateTable('audiences').set({ deleted_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
        await tx.deleteFrom('audience_synced').where('audience_id', '=', id).execute();
        return Number(result.numUpdatedRows) > 0;
      });
    },
    async get(id) {
      const row = await db.selectFrom('audiences').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async list() {
      return (await db.selectFrom('audiences').selectAll().where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute()).map(fromRow);
    },
    async recordSync(s) {
      await db
        .insertInto('audience_syncs')
        .values({ id: s.id, audience_id: s.audienceId, platform: s.platform, at: s.at, added: s.added, removed: s.removed, skipped: JSON.stringify(s.skipped), status: s.status, message: s.message })
        .execute();
    },
    async syncs(audienceId, limit) {
      return (await db.selectFrom('audience_syncs').selectAll().where('audience_id', '=', audienceId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(syncFromRow);
    },
    async lastSyncs(audienceIds) {
      const found = new Map<string, SyncRecord[]>();
      for (const part of keyChunks([...new Set(audienceIds)], dialect.maxParameters)) {
        if (part.length === 0) continue;
        const newest = db.selectFrom('audience_syncs').select(['audience_id', 'platform', sql<number>`max(at)`.as('at')]).where('audience_id', 'in', part).groupBy(['audience_id', 'platform']).as('n');
        const rows = await db
          .selectFrom('audience_syncs as s')
          .innerJoin(newest, (join) => join.onRef('n.audience_id', '=', 's.audience_id').onRef('n.platform', '=', 's.platform').onRef('n.at', '=', 's.at'))
          .selectAll('s')
          .orderBy('s.platform')
          .orderBy('s.id')
          .execute();
        for (const row of rows) {
          const list = found.get(row.audience_id) ?? [];
          // Two syncs in the same millisecond: keep one per platform.
          if (!list.some((s) => s.platform === row.platform)) list.push(syncFromRow(row));
          found.set(row.audience_id, list);
        }
      }
      return found;
    },
    async members(segmentId, after, limit) {
      let select = sources(segmentId);
      if (after !== null) select = select.where('m.contact_id', '>', after);
      return (await select.orderBy('m.contact_id').limit(limit).execute()).map(toSource);
    },
    async memberCounts(segmentId) {
      const row = await db
        .selectFrom('segment_members as m')
        .leftJoin('contact_facts as f', 'f.contact_id', 'm.contact_id')
        .select([sql<number>`count(*)`.as('members'), sql<number>`coalesce(sum(case when f.consent_ads = 1 then 1 else 0 end), 0)`.as('consenting')])
        .where('m.segment_id', '=', segmentId)
        .executeTakeFirstOrThrow();
      return { members: Number(row.members), consenting: Number(row.consenting) };
    },
    async entered(target, after, limit) {
      let select = sources(target.segmentId)
        .where('f.consent_ads', '=', 1)
        .where((eb) => eb.not(eb.exists(held(target).where(sql.ref('s.contact_id'), '=', sql.ref('m.contact_id')))));
      if (after !== null) select = select.where('m.contact_id', '>', after);
      return (await select.orderBy('m.contact_id').limit(limit).execute()).map(toSource);
    },
    async left(target, after, limit) {
      // Still held, but no longer a member with consent: left the segment, withdrew consent, erased or merged away.
      const stillEligible = db
        .selectFrom('segment_members as m')
        .innerJoin('contact_facts as f', 'f.contact_id', 'm.contact_id')
        .select(sql<number>`1`.as('one'))
        .where('m.segment_id', '=', target.segmentId)
        .where('f.consent_ads', '=', 1)
        .where(sql.ref('m.contact_id'), '=', sql.ref('s.contact_id'));
      let select = db
        .selectFrom('audience_synced as s')
        .select(['s.contact_id', 's.hash'])
        .where('s.audience_id', '=', target.audienceId)
        .where('s.platform', '=', target.platform)
        .where((eb) => eb.not(eb.exists(stillEligible)));
      if (after !== null) select = select.where('s.contact_id', '>', after);
      return (await select.orderBy('s.contact_id').limit(limit).execute()).map((r) => ({ contactId: r.contact_id, hash: r.hash }));
    },
    async touched(target, since, after, limit) {
      let select = sources(target.segmentId)
        .innerJoin('audience_synced as s', (join) => join.onRef('s.contact_id', '=', 'm.contact_id').on('s.audience_id', '=', target.audienceId).on('s.platform', '=', target.platform))
        .select('s.hash')
        .where('f.consent_ads', '=', 1)
        .where('c.updated_at', '>', since);
      if (after !== null) select = select.where('m.contact_id', '>', after);
      return (await select.orderBy('m.contact_id').limit(limit).execute()).map((row) => ({ ...toSource(row), hash: row.hash }));
    },
    async markSynced(target, rows) {
      const values = rows.map((r) => ({ audience_id: target.audienceId, platform: target.platform, contact_id: r.contactId, hash: r.hash }));
      for (const part of chunksFor(audienceSyncedTable, values, dialect.maxParameters)) {
        if (part.length === 0) continue;
        await db
          .insertInto('audience_synced')
          .values(part)
          .onConflict((oc) => oc.columns(['audience_id', 'platform', 'contact_id']).doUpdateSet((eb) => ({ hash: eb.ref('excluded.hash') })))
          .execute();
      }
    },
    async unmarkSynced(target, contactIds) {
      for (const part of keyChunks([...new Set(contactIds)], dialect.maxParameters)) {
        if (part.length === 0) continue;
        await db.deleteFrom('audience_synced').where('audience_id', '=', target.audienceId).where('platform', '=', target.platform).where('contact_id', 'in', part).execute();
      }
    },
  };
}
