import { COST_KINDS, type ContactFacts, type CostKind, type CostLine, type Temperature } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { Period, StageMoveCount, Store } from '../app/ports.js';
import type { ContactFactsTable, CostLinesTable, Database } from './schema.js';

type ReportMethods = Pick<Store, 'reportFacts' | 'stageMoves' | 'addCostLines' | 'listCostLines' | 'deleteCostLine'>;

const n = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** A facts row as reports read it; traits are parsed only if a report groups by one. */
function factsFromRow(row: ContactFactsTable): ContactFacts {
  let traits: Record<string, unknown> | undefined;
  return {
    firstSeenAt: n(row.first_seen_at),
    lastSeenAt: n(row.last_seen_at),
    cohort: row.cohort,
    firstSource: row.first_source,
    firstMedium: row.first_medium,
    firstCampaign: row.first_campaign,
    firstLanding: row.first_landing,
    lastSource: row.last_source,
    lastMedium: row.last_medium,
    lastCampaign: row.last_campaign,
    stage: row.stage,
    temperature: row.temperature as Temperature | null,
    reachedAt: { cold: n(row.cold_at), warm: n(row.warm_at), hot: n(row.hot_at), client: n(row.client_at) },
    revenue: Number(row.revenue),
    orders: Number(row.orders),
    carts: Number(row.carts),
    checkouts: Number(row.checkouts),
    exitPath: row.exit_path,
    pages: Number(row.pages),
    sessions: Number(row.sessions),
    engagedSeconds: Number(row.engaged),
    get traits() {
      return (traits ??= JSON.parse(row.traits) as Record<string, unknown>);
    },
    signals: row.signals === '' ? [] : row.signals.split('|'),
  };
}

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
  };
}

/** The reads behind the reports, and the cost lines. Reports never read the event log. */
export function createReportStore(db: Kysely<Database>, engine: 'sqlite' | 'postgres'): ReportMethods {
  return {
    async reportFacts(period: Period) {
      let query = db.selectFrom('contact_facts').selectAll().where('first_seen_at', 'is not', null);
      if (period.from !== undefined) query = query.where('first_seen_at', '>=', period.from);
      if (period.to !== undefined) query = query.where('first_seen_at', '<', period.to);
      return (await query.execute()).map(factsFromRow);
    },

    async stageMoves(period: Period) {
      // Whole UTC days from epoch milliseconds, on both engines.
      const day = engine === 'sqlite' ? sql<string>`strftime('%Y-%m-%d', at / 1000, 'unixepoch')` : sql<string>`to_char(to_timestamp(at / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`;
      let query = db
        .selectFrom('stage_changes')
        .select([day.as('day'), 'from_stage', 'to_stage', sql<number>`count(*)`.as('count')])
        .groupBy([day, 'from_stage', 'to_stage']);
      if (period.from !== undefined) query = query.where('at', '>=', period.from);
      if (period.to !== undefined) query = query.where('at', '<', period.to);
      const rows = await query.execute();
      return rows.map((r): StageMoveCount => ({ day: r.day, from: r.from_stage, to: r.to_stage, count: Number(r.count) })).sort((a, b) => a.day.localeCompare(b.day));
    },

    async addCostLines(lines) {
      if (lines.length === 0) return;
      await db
        .insertInto('cost_lines')
        .values(
          lines.map((l) => ({
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
          })),
        )
        .execute();
    },

    async listCostLines(period: Period) {
      let query = db.selectFrom('cost_lines').selectAll().orderBy('period_start').orderBy('id');
      if (period.from !== undefined) query = query.where('period_end', '>', period.from);
      if (period.to !== undefined) query = query.where('period_start', '<', period.to);
      return (await query.execute()).map(costFromRow);
    },

    async deleteCostLine(id) {
      const result = await db.deleteFrom('cost_lines').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
