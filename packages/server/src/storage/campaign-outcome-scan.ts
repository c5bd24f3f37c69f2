import { revenueOf, STANDARD_EVENTS, type CampaignGroup, type CampaignOutcomeLine, type Temperature } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { CampaignOutcomeQuery } from '../app/ports.js';
import type { Database } from './schema.js';

const TEMPERATURE_AT: Record<Temperature, 'cold_at' | 'warm_at' | 'hot_at' | 'client_at'> = { cold: 'cold_at', warm: 'warm_at', hot: 'hot_at', client: 'client_at' };

/**
 * The campaign outcome read from every enrolment of the period (its contact's milestones, its orders in the event
 * log), at any horizon: what the outcome rollup of migration 0014 must always equal. The report reads the rollup;
 * this is the reference its tests and the benchmark's peer compare against. Enrolments are taken by their UTC day,
 * as the rollup keeps them.
 */
export async function scanCampaignOutcomes(db: Kysely<Database>, query: CampaignOutcomeQuery): Promise<CampaignOutcomeLine[]> {
  const DAY = 86_400_000;
  const [from, to] = [Math.floor(query.period.from / DAY) * DAY, Math.ceil(query.period.to / DAY) * DAY];
  const horizon = query.horizonMs;
  // The goal is a temperature first reached within the horizon after enrolling (the contact's milestone), per scenario.
  const goals = Object.entries(query.goals);
  const goalAt = goals.length === 0 ? sql.ref('f.client_at') : sql`case e.scenario_id ${sql.join(goals.map(([id, t]) => sql`when ${id} then ${sql.ref(`f.${TEMPERATURE_AT[t]}`)}`), sql` `)} else f.client_at end`;
  const counting = db
    .selectFrom('campaign_enrolments as e')
    .leftJoin('contact_facts as f', 'f.contact_id', 'e.contact_id')
    .select(['e.scenario_id', 'e.grp', sql<number>`count(*)`.as('enrolled'), sql<number>`sum(case when ${goalAt} >= e.entered_at and ${goalAt} < e.entered_at + ${horizon} then 1 else 0 end)`.as('reached')])
    .where('e.entered_at', '>=', from)
    .where('e.entered_at', '<', to)
    .groupBy(['e.scenario_id', 'e.grp'])
    .execute();
  // Purchases within the horizon, through the events index by contact and time: only the buyers' orders come back.
  const buying = db
    .selectFrom('campaign_enrolments as e')
    .innerJoin('events as v', (join) =>
      join
        .onRef('v.contact_id', '=', 'e.contact_id')
        .on((eb) => eb(eb.ref('v.at'), '>=', eb.ref('e.entered_at')))
        .on(sql<boolean>`v.at < e.entered_at + ${horizon}`)
        .on('v.name', '=', STANDARD_EVENTS.orderCompleted),
    )
    .select(['e.enrolment_id', 'e.scenario_id', 'e.grp', 'v.payload'])
    .where('e.entered_at', '>=', from)
    .where('e.entered_at', '<', to)
    .execute();
  // Two reads at once: PostgreSQL runs them on two connections (SQLite's report worker, one after the other).
  const [counts, orders] = await Promise.all([counting, buying]);
  const spent = new Map<string, { scenarioId: string; group: string; revenue: number }>();
  for (const order of orders) {
    const properties = (JSON.parse(order.payload) as { properties?: Record<string, unknown> }).properties ?? {};
    const seen = spent.get(order.enrolment_id) ?? { scenarioId: order.scenario_id, group: order.grp, revenue: 0 };
    seen.revenue += revenueOf(properties);
    spent.set(order.enrolment_id, seen);
  }
  return counts.map((row) => {
    const buyers = [...spent.values()].filter((s) => s.scenarioId === row.scenario_id && s.group === row.grp);
    const enrolled = Number(row.enrolled);
    return {
      scenarioId: row.scenario_id,
      group: row.grp as CampaignGroup,
      enrolled,
      reachedGoal: Number(row.reached ?? 0),
      purchased: buyers.length,
      revenue: { n: enrolled, sum: buyers.reduce((s, b) => s + b.revenue, 0), sumSquares: buyers.reduce((s, b) => s + b.revenue * b.revenue, 0) },
    };
  });
}
