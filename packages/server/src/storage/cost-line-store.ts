import { COST_KINDS, type CostKind, type CostLine } from '@leadpulse/core';
import type { Kysely } from 'kysely';
import type { Period, ReportRepository } from '../app/ports.js';
import type { CostLinesTable, Database } from './schema.js';

type CostLineStore = Pick<ReportRepository, 'addCostLines' | 'listCostLines' | 'getCostLine' | 'updateCostLine' | 'deleteCostLine' | 'costSegments'>;

function costFromRow(row: CostLinesTable): CostLine {
  return {
    id: row.id,
    channel: row.channel,
    campaign: row.campaign,
    kind: (COST_KINDS as readonly string[]).includes(row.kind) ? (row.kind as CostKind) : 'digital',
    periodStart: Number(row.period_start),
    periodEnd: Number(row.period_end),
    amount: Number(row.amount),
    currency: row.currency,
    note: row.note,
    createdAt: Number(row.created_at),
    segmentId: row.segment_id ?? null,
  };
}

const rowOf = (l: CostLine): CostLinesTable => ({
  id: l.id,
  channel: l.channel,
  campaign: l.campaign,
  kind: l.kind,
  period_start: l.periodStart,
  period_end: l.periodEnd,
  amount: l.amount,
  currency: l.currency,
  note: l.note,
  created_at: l.createdAt,
  segment_id: l.segmentId ?? null,
});

/** The cost lines (what channels and field prospecting cost, optionally aimed at a segment), and the segments they may name. */
export function createCostLineStore(db: Kysely<Database>): CostLineStore {
  return {
    async addCostLines(lines) {
      if (lines.length === 0) return;
      await db.insertInto('cost_lines').values(lines.map(rowOf)).execute();
    },

    async listCostLines(period: Period) {
      let query = db.selectFrom('cost_lines').selectAll().orderBy('period_start').orderBy('id');
      if (period.from !== undefined) query = query.where('period_end', '>', period.from);
      if (period.to !== undefined) query = query.where('period_start', '<', period.to);
      return (await query.execute()).map(costFromRow);
    },

    async getCostLine(id) {
      const row = await db.selectFrom('cost_lines').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? costFromRow(row) : null;
    },

    async updateCostLine(line) {
      const { id, created_at, ...fields } = rowOf(line);
      void created_at;
      const result = await db.updateTable('cost_lines').set(fields).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async deleteCostLine(id) {
      const result = await db.deleteFrom('cost_lines').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async costSegments() {
      const rows = await db.selectFrom('segments').select(['id', 'key', 'name', 'status']).where('deleted_at', 'is', null).orderBy('key').execute();
      return rows.map((r) => ({ id: r.id, key: r.key, name: r.name, live: r.status === 'live' }));
    },
  };
}
