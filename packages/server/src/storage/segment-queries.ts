import { contactId, type ColumnPredicate, type ContactId, type ContactState } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { ScenarioMembership, SegmentQueries } from '../app/segments/segment-ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import type { Database } from './schema.js';
import { predicateSql, readsContacts } from './segment-filter-sql.js';
import { EXPORT_SELECT, exportRowFrom } from './segment-rows.js';
import { keyChunks } from './table.js';

/**
 * Contacts read through a segment prefilter: live contacts seen at least once (as the contact list shows them), by
 * their facts, filtered by the predicate in SQL. A merged-away or erased contact has no facts row, so counts read
 * contact_facts alone and join contacts only for the score; states are read by id. Pages walk the contact
 * id in ascending order.
 */
export function createSegmentQueries(db: Kysely<Database>, dialect: SqlDialect): SegmentQueries {
  const facts = (where: ColumnPredicate) => db.selectFrom('contact_facts as f').where('f.first_seen_at', 'is not', null).where(predicateSql(where, dialect));
  const withContacts = (where: ColumnPredicate) => facts(where).innerJoin('contacts as c', 'c.id', 'f.contact_id').where('c.merged_into', 'is', null);
  const matching = (where: ColumnPredicate) => (readsContacts(where) ? withContacts(where) : facts(where));

  return {
    async count(where) {
      const row = await matching(where).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async countByStage(where) {
      // Grouped by an expression, not the column: grouping by f.stage made SQLite walk the stage index in order (no
      // sort) and look up every row, instead of reading the narrow covering index the filter picks (400 ms → 30 ms).
      const stage = sql<string>`coalesce(f.stage, '')`;
      const rows = await matching(where).select([stage.as('stage'), sql<number>`count(*)`.as('n')]).groupBy(stage).execute();
      return Object.fromEntries(rows.map((r) => [r.stage, Number(r.n)]));
    },
    async candidatesOf(ids) {
      const out = [];
      for (const part of keyChunks([...new Set(ids)].sort(), dialect.maxParameters)) {
        if (part.length === 0) continue;
        const rows = await db.selectFrom('contacts as c').select(['c.id', 'c.stage', 'c.score', 'c.predicted', 'c.state']).where('c.id', 'in', part).where('c.merged_into', 'is', null).orderBy('c.id').execute();
        out.push(...rows.map((r) => ({ id: contactId(r.id), stage: r.stage, score: Number(r.score), predicted: r.predicted === null ? null : Number(r.predicted), state: JSON.parse(r.state) as ContactState })));
      }
      return out;
    },
    async sample(where, limit) {
      const rows = await matching(where).select('f.contact_id').limit(limit).execute();
      return rows.map((r) => contactId(r.contact_id));
    },
    async ids(where, page) {
      let query = matching(where);
      if (page.after !== undefined) query = query.where('f.contact_id', '>', page.after);
      const rows = await query.select('f.contact_id').orderBy('f.contact_id').limit(page.limit).execute();
      return rows.map((r) => contactId(r.contact_id));
    },
    async rowsOf(ids) {
      const out = [];
      for (const part of keyChunks([...new Set(ids)].sort(), dialect.maxParameters)) {
        if (part.length === 0) continue;
        const rows = await db
          .selectFrom('contacts as c')
          .leftJoin('contact_facts as f', 'f.contact_id', 'c.id')
          .select(EXPORT_SELECT)
          .where('c.id', 'in', part)
          .orderBy('c.id')
          .execute();
        out.push(...rows.map((row) => exportRowFrom({ ...row, entered_at: null })));
      }
      return out;
    },
    async scenariosOf(ids) {
      const found = new Map<ContactId, { active: Set<string>; ever: Set<string> }>();
      for (const part of keyChunks([...new Set(ids)], dialect.maxParameters)) {
        if (part.length === 0) continue;
        const rows = await db
          .selectFrom('enrolments as e')
          .innerJoin('scenarios as s', (join) => join.onRef('s.id', '=', 'e.scenario_id').on('s.latest', '=', 1))
          .select(['e.contact_id', 's.key', 'e.status'])
          .where('e.contact_id', 'in', part)
          .execute();
        for (const row of rows) {
          const id = contactId(row.contact_id);
          const entry = found.get(id) ?? { active: new Set<string>(), ever: new Set<string>() };
          entry.ever.add(row.key);
          if (row.status === 'active') entry.active.add(row.key);
          found.set(id, entry);
        }
      }
      return found as ReadonlyMap<ContactId, ScenarioMembership>;
    },
  };
}
