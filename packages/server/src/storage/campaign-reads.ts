import { CAMPAIGN_COUNTERS, CAMPAIGN_HORIZON_DAYS, DAY, isCampaignHorizon, type CampaignCounter, type CampaignGroup, type CampaignOutcomeLine, type CampaignStatsLine, type EpochMs } from '@leadpulse/core';
import { sql, type Kysely } from 'kysely';
import type { CampaignOutcomeQuery } from '../app/ports.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { campaignEnrolmentsTable, type Database } from './schema.js';
import { chunksFor } from './table.js';

type EnrolmentSide = { enrolmentId: string; scenarioId: string; contactId: string; group: CampaignGroup; enteredAt: EpochMs };

/** Each enrolment's side, inserted once: a step run again finds it there and leaves it. */
export async function recordCampaignEnrolments(db: Kysely<Database>, dialect: SqlDialect, rows: readonly EnrolmentSide[]): Promise<void> {
  const unique = [...new Map(rows.map((r) => [r.enrolmentId, { enrolment_id: r.enrolmentId, scenario_id: r.scenarioId, contact_id: r.contactId, grp: r.group, entered_at: r.enteredAt }])).values()];
  for (const part of chunksFor(campaignEnrolmentsTable, unique, dialect.maxParameters)) {
    if (part.length > 0) await db.insertInto('campaign_enrolments').values(part).onConflict((oc) => oc.column('enrolment_id').doNothing()).execute();
  }
}

const TEMPERATURES = ['cold', 'warm', 'hot', 'client'] as const;

/** The campaign report's reads: the funnel rollup and the outcome rollup, each summed over the period's UTC days. */
export function createCampaignReads(db: Kysely<Database>) {
  return {
    async campaignStats(period: { from: EpochMs; to: EpochMs }): Promise<CampaignStatsLine[]> {
      const rows = await db
        .selectFrom('campaign_stats')
        .select(['scenario_id', 'step_id', 'template', 'variant', 'grp', ...CAMPAIGN_COUNTERS.map((c) => sql<number>`sum(${sql.ref(c)})`.as(c))])
        .where('day', '>=', Math.floor(period.from / DAY))
        .where('day', '<', Math.ceil(period.to / DAY))
        .groupBy(['scenario_id', 'step_id', 'template', 'variant', 'grp'])
        .execute();
      return rows.map((row) => ({
        scenarioId: row.scenario_id,
        stepId: row.step_id,
        template: row.template,
        variant: row.variant,
        group: row.grp as CampaignGroup,
        counts: Object.fromEntries(CAMPAIGN_COUNTERS.map((c) => [c, Number((row as unknown as Record<CampaignCounter, unknown>)[c] ?? 0)])) as Record<CampaignCounter, number>,
      }));
    },

    async campaignOutcomes(query: CampaignOutcomeQuery): Promise<CampaignOutcomeLine[]> {
      const days = query.horizonMs / DAY;
      if (!isCampaignHorizon(days)) throw new Error(`campaign outcome horizon must be one of ${CAMPAIGN_HORIZON_DAYS.join(', ')} days, not ${days}`);
      // The outcome rollup (migration 0014) summed over the period's UTC days of enrolment, like the funnel's.
      const sum = (column: string) => sql<number>`sum(${sql.ref(column)})`.as(column);
      const rows = await db
        .selectFrom('campaign_outcomes')
        .select(['scenario_id', 'grp', sum('enrolled'), ...TEMPERATURES.map((t) => sum(`goal_${t}_${days}`)), sum(`purchased_${days}`), sum(`revenue_${days}`), sum(`revenue_sq_${days}`)])
        .where('day', '>=', Math.floor(query.period.from / DAY))
        .where('day', '<', Math.ceil(query.period.to / DAY))
        .groupBy(['scenario_id', 'grp'])
        .execute();
      return rows
        .map((row) => {
          const read = (column: string) => Number((row as unknown as Record<string, unknown>)[column] ?? 0);
          const enrolled = read('enrolled');
          const goal = query.goals[row.scenario_id] ?? 'client';
          return {
            scenarioId: row.scenario_id,
            group: row.grp as CampaignGroup,
            enrolled,
            reachedGoal: read(`goal_${goal}_${days}`),
            purchased: read(`purchased_${days}`),
            revenue: { n: enrolled, sum: read(`revenue_${days}`), sumSquares: read(`revenue_sq_${days}`) },
          };
        })
        // An erased or moved enrolment leaves its cell at zero: as if it had never been there.
        .filter((line) => line.enrolled !== 0);
    },
  };
}
