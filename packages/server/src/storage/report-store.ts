import {
  CHECKED_STAGES,
  COST_KINDS,
  liftCounts,
  pageViewers,
  signalOutcomes,
  type BlockingInputs,
  type CheckedStage,
  type ContactFacts,
  type CostKind,
  type CostLine,
  type DoctrineCheckInputs,
  type Outcome,
  type Temperature,
} from '@leadpulse/core';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Period, StageMoveCount, Store } from '../app/ports.js';
import { FACT_COLUMNS } from './fact-columns.js';
import { inPeriod, n, parseSignals, reachedOf, sampleOf, type Engine } from './facts-query.js';
import { createTunnelReads } from './tunnel-reads.js';
import type { ContactFactsTable, CostLinesTable, Database } from './schema.js';

type ReportMethods = Pick<Store, 'reportFacts' | 'tunnelInputs' | 'channelCounts' | 'blockingInputs' | 'doctrineCheckInputs' | 'stageMoves' | 'addCostLines' | 'listCostLines' | 'deleteCostLine'>;


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
export function createReportStore(db: Kysely<Database>, engine: Engine): ReportMethods {
  return {
    ...createTunnelReads(db, engine),

    async blockingInputs(period, window, maxSample): Promise<BlockingInputs> {
      const quietBefore = window.now - window.quietAfterMs;
      const [exitRows, lastRows, purchase] = await Promise.all([
        db
          .selectFrom('contact_facts')
          .select(['stage', 'exit_path', sql<number>`count(*)`.as('count')])
          .where(inPeriod(period))
          .where('last_seen_at', '<', quietBefore)
          .groupBy(['stage', 'exit_path'])
          .execute(),
        db.selectFrom('contact_facts').select(['exit_path', sql<number>`count(*)`.as('count')]).where(inPeriod(period)).where('exit_path', 'is not', null).groupBy('exit_path').execute(),
        db
          .selectFrom('contact_facts')
          .select([
            sql<number>`coalesce(sum(case when carts > 0 then 1 else 0 end), 0)`.as('cart'),
            sql<number>`coalesce(sum(case when checkouts > 0 or (carts > 0 and orders > 0) then 1 else 0 end), 0)`.as('checkout'),
            sql<number>`coalesce(sum(case when orders > 0 and (carts > 0 or checkouts > 0) then 1 else 0 end), 0)`.as('order'),
            sql<number>`count(*)`.as('contacts'),
          ])
          .where(inPeriod(period))
          .executeTakeFirstOrThrow(),
      ]);
      const quiet: Record<string, number> = {};
      const exits: { stage: string; path: string; count: number }[] = [];
      for (const row of exitRows) {
        quiet[row.stage] = (quiet[row.stage] ?? 0) + Number(row.count);
        if (row.exit_path) exits.push({ stage: row.stage, path: row.exit_path, count: Number(row.count) });
      }
      const lastPageOf = Object.fromEntries(lastRows.map((r) => [r.exit_path!, Number(r.count)]));
      const sampledOneIn = Math.max(1, Math.ceil(Number(purchase.contacts) / maxSample));
      const sample = await db
        .selectFrom('contact_facts')
        .select(['cold_at', 'warm_at', 'hot_at', 'client_at', 'signals'])
        .where(inPeriod(period))
        .where(sampleOf(engine, sampledOneIn))
        .execute();
      const facts = sample.map((row) => ({ reachedAt: reachedOf(row), signals: parseSignals(row.signals) }));
      const lift = liftCounts(facts);
      return { quiet, exits, lastPageOf, viewers: pageViewers(facts, sampledOneIn), purchase: { cart: Number(purchase.cart), checkout: Number(purchase.checkout), order: Number(purchase.order) }, lift, liftSampledOneIn: sampledOneIn };
    },

    async doctrineCheckInputs(period, window, maxSample): Promise<DoctrineCheckInputs> {
      const known = (eb: ExpressionBuilder<Database, 'contact_facts'>) => eb('first_seen_at', '<=', window.now - window.horizonMs);
      // The same rules as the core's stageBefore and convertedWithin, in SQL.
      const converted = sql`(client_at is not null and client_at - first_seen_at <= ${window.horizonMs})`;
      const before = (column: string) => sql`(${sql.ref(column)} is not null and (not ${converted} or ${sql.ref(column)} < client_at))`;
      const stage = sql<CheckedStage>`case when ${before('hot_at')} then 'hot' when ${before('warm_at')} then 'warm' when ${before('cold_at')} then 'cold' else 'none' end`;
      const rows = await db
        .selectFrom('contact_facts')
        .select([stage.as('stage'), sql<number>`count(*)`.as('contacts'), sql<number>`sum(case when ${converted} then 1 else 0 end)`.as('converted')])
        .where(inPeriod(period))
        .where(known)
        .groupBy(sql`1`)
        .execute();
      const byStage = Object.fromEntries(CHECKED_STAGES.map((s) => [s, { contacts: 0, converted: 0 }])) as Record<CheckedStage, Outcome>;
      for (const row of rows) byStage[row.stage] = { contacts: Number(row.contacts), converted: Number(row.converted) };
      const knownCount = rows.reduce((sum, r) => sum + Number(r.contacts), 0);
      const sampledOneIn = Math.max(1, Math.ceil(knownCount / maxSample));
      const sample = await db
        .selectFrom('contact_facts')
        .select(['first_seen_at', 'cold_at', 'warm_at', 'hot_at', 'client_at', 'signals'])
        .where(inPeriod(period))
        .where(known)
        .where(sampleOf(engine, sampledOneIn))
        .execute();
      const facts = sample.map((row) => ({ firstSeenAt: n(row.first_seen_at), reachedAt: reachedOf(row), signals: parseSignals(row.signals) }));
      return { byStage, signals: signalOutcomes(facts, window, sampledOneIn) };
    },

    async reportFacts(period: Period, read = {}) {
      const columns = FACT_COLUMNS.filter((c) => (c !== 'traits' || read.traits) && (c !== 'signals' || read.signals));
      const query = db.selectFrom('contact_facts').select(['contact_id', ...columns]).where(inPeriod(period));
      return (await query.execute()).map((row) => factsFromRow({ ...row, traits: row.traits ?? '{}', signals: row.signals ?? '' } as ContactFactsTable));
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
