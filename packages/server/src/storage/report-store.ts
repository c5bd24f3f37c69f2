import {
  CHECKED_STAGES,
  liftCounts,
  pageViewers,
  signalOutcomes,
  type BlockingInputs,
  type CheckedStage,
  type ContactFacts,
  type DoctrineCheckInputs,
  type Outcome,
  type Temperature,
} from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { Period, ReportRepository, StageMoveCount } from '../app/ports.js';
import { createCampaignReads } from './campaign-reads.js';
import { createCostLineStore } from './cost-line-store.js';
import { createCostSegmentReads } from './cost-segment-reads.js';
import { FACT_COLUMNS, profileFromRow } from './fact-columns.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { factsFrom, inPeriod, n, parseSignals, reachedOf, wideScan } from './facts-query.js';
import { createTunnelReads } from './tunnel-reads.js';
import type { ContactFactsTable, Database } from './schema.js';


/** A facts row as reports read it; traits are parsed only if a report groups by one. */
function factsFromRow(row: ContactFactsTable, traitsText: string, signalsText: string): ContactFacts {
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
      return (traits ??= JSON.parse(traitsText) as Record<string, unknown>);
    },
    signals: parseSignals(signalsText),
    profile: profileFromRow(row),
  };
}

/** The reads behind the reports, and the cost lines. Reports never read the event log. */
export function createReportStore(db: Kysely<Database>, dialect: SqlDialect): ReportRepository {

  return {
    ...createTunnelReads(db, dialect),
    ...createCampaignReads(db),
    ...createCostLineStore(db),
    ...createCostSegmentReads(db),

    async blockingInputs(period, window, maxSample): Promise<BlockingInputs> {
      const quietBefore = window.now - window.quietAfterMs;
      // One grouped scan answers exits, last pages and the purchase path; quiet contacts are a sum in each group.
      const rows = await db
        .selectFrom('contact_facts')
        .select([
          'stage',
          'exit_path',
          sql<number>`count(*)`.as('count'),
          sql<number>`sum(case when last_seen_at < ${quietBefore} then 1 else 0 end)`.as('quiet'),
          sql<number>`sum(case when carts > 0 then 1 else 0 end)`.as('cart'),
          // Each step is its own event (the core's purchaseSteps), and each pair is counted for the path's rates.
          sql<number>`sum(case when checkouts > 0 then 1 else 0 end)`.as('checkout'),
          sql<number>`sum(case when orders > 0 then 1 else 0 end)`.as('order'),
          sql<number>`sum(case when carts > 0 and checkouts > 0 then 1 else 0 end)`.as('cart_checkout'),
          sql<number>`sum(case when checkouts > 0 and orders > 0 then 1 else 0 end)`.as('checkout_order'),
          sql<number>`sum(case when carts > 0 and orders > 0 then 1 else 0 end)`.as('cart_order'),
        ])
        .where(inPeriod(period, await wideScan(db, dialect, period)))
        .groupBy(['stage', 'exit_path'])
        .execute();
      const quiet: Record<string, number> = {};
      const exits: { stage: string; path: string; count: number }[] = [];
      const lastPageOf: Record<string, number> = {};
      const purchase = { cart: 0, checkout: 0, order: 0, cartCheckout: 0, checkoutOrder: 0, cartOrder: 0 };
      let contacts = 0;
      for (const row of rows) {
        const count = Number(row.count);
        const quietCount = Number(row.quiet);
        contacts += count;
        purchase.cart += Number(row.cart);
        purchase.checkout += Number(row.checkout);
        purchase.order += Number(row.order);
        purchase.cartCheckout += Number(row.cart_checkout);
        purchase.checkoutOrder += Number(row.checkout_order);
        purchase.cartOrder += Number(row.cart_order);
        if (row.exit_path) lastPageOf[row.exit_path] = (lastPageOf[row.exit_path] ?? 0) + count;
        if (quietCount === 0) continue;
        quiet[row.stage] = (quiet[row.stage] ?? 0) + quietCount;
        if (row.exit_path) exits.push({ stage: row.stage, path: row.exit_path, count: quietCount });
      }
      const sampledOneIn = Math.max(1, Math.ceil(contacts / maxSample));
      const sample = await factsFrom(db, true)
        .select(['cold_at', 'warm_at', 'hot_at', 'client_at', sql<string | null>`signals`.as('signals')])
        .where(inPeriod(period))
        .where(dialect.sampleFactsOneIn(sampledOneIn))
        .execute();
      const facts = sample.map((row) => ({ reachedAt: reachedOf(row), signals: parseSignals(row.signals) }));
      const lift = liftCounts(facts);
      return { contacts, quiet, exits, lastPageOf, viewers: pageViewers(facts, sampledOneIn), purchase, lift, liftSampledOneIn: sampledOneIn };
    },

    async doctrineCheckInputs(period, window, maxSample): Promise<DoctrineCheckInputs> {
      const known = sql<boolean>`contact_facts.first_seen_at <= ${window.now - window.horizonMs}`;
      // The same rules as the core's stageBefore and convertedWithin, in SQL.
      const converted = sql`(client_at is not null and client_at - first_seen_at <= ${window.horizonMs})`;
      const before = (column: string) => sql`(${sql.ref(column)} is not null and (not ${converted} or ${sql.ref(column)} < client_at))`;
      const stage = sql<CheckedStage>`case when ${before('hot_at')} then 'hot' when ${before('warm_at')} then 'warm' when ${before('cold_at')} then 'cold' else 'none' end`;
      // Sums by stage in one row rather than a GROUP BY: no sort of a million rows. On SQLite the milestones index
      // holds every column read here, so the range is read from it alone.
      const rowsPerContact = db
        .selectFrom('contact_facts')
        .select([stage.as('s'), sql<number>`case when ${converted} then 1 else 0 end`.as('c')])
        .where(inPeriod(period))
        .where(known);
      // Flattened, the subquery would compute the stage once per sum (eight times).
      const perContact = dialect.keepWhole(rowsPerContact).as('per_contact');
      const totals = await db
        .selectFrom(perContact)
        .select(CHECKED_STAGES.flatMap((s) => [sql<number>`coalesce(sum(case when s = ${s} then 1 else 0 end), 0)`.as(`${s}_contacts`), sql<number>`coalesce(sum(case when s = ${s} then c else 0 end), 0)`.as(`${s}_converted`)]))
        .executeTakeFirstOrThrow() as Record<string, unknown>;
      const byStage = Object.fromEntries(CHECKED_STAGES.map((s) => [s, { contacts: Number(totals[`${s}_contacts`]), converted: Number(totals[`${s}_converted`]) }])) as Record<CheckedStage, Outcome>;
      const rows = CHECKED_STAGES.map((s) => byStage[s]);
      const knownCount = rows.reduce((sum, r) => sum + Number(r.contacts), 0);
      const sampledOneIn = Math.max(1, Math.ceil(knownCount / maxSample));
      const sample = await factsFrom(db, true)
        .select(['first_seen_at', 'cold_at', 'warm_at', 'hot_at', 'client_at', sql<string | null>`signals`.as('signals')])
        .where(inPeriod(period))
        .where(known)
        .where(dialect.sampleFactsOneIn(sampledOneIn))
        .execute();
      const facts = sample.map((row) => ({ firstSeenAt: n(row.first_seen_at), reachedAt: reachedOf(row), signals: parseSignals(row.signals) }));
      return { byStage, signals: signalOutcomes(facts, window, sampledOneIn) };
    },

    async reportFacts(period: Period, read = {}) {
      const details = read.traits || read.signals;
      const query = factsFrom(db, Boolean(details))
        .select(FACT_COLUMNS.map((c) => sql.ref<unknown>(`contact_facts.${c}`).as(c)))
        .select([sql<string | null>`${details && read.traits ? sql`traits` : sql`null`}`.as('traits'), sql<string | null>`${details && read.signals ? sql`signals` : sql`null`}`.as('signals')])
        .where(inPeriod(period));
      return (await query.execute()).map((row) => factsFromRow(row as unknown as ContactFactsTable, row.traits ?? '{}', row.signals ?? ''));
    },

    async stageMoves(period: Period) {
      const day = dialect.utcDay('at');
      let query = db
        .selectFrom('stage_changes')
        .select([day.as('day'), 'from_stage', 'to_stage', sql<number>`count(*)`.as('count')])
        .groupBy([day, 'from_stage', 'to_stage']);
      if (period.from !== undefined) query = query.where('at', '>=', period.from);
      if (period.to !== undefined) query = query.where('at', '<', period.to);
      const rows = await query.execute();
      return rows.map((r): StageMoveCount => ({ day: r.day, from: r.from_stage, to: r.to_stage, count: Number(r.count) })).sort((a, b) => a.day.localeCompare(b.day));
    },
  };
}
