import type { CompiledDoctrine, EpochMs, ReportTable, ScenarioResult, Temperature } from '@leadpulse/core';
import type { Store } from './ports.js';

/** One scenario's measured results, named. */
export interface ScenarioReportEntry extends ScenarioResult {
  readonly key: string | null;
  readonly name: string | null;
  readonly controlPercent: number | null;
  /** The temperature that counts as the outcome: the one the scenario's stage exit names, else client. */
  readonly goal: Temperature;
}

export interface ScenarioReport {
  readonly horizonDays: number;
  readonly scenarios: readonly ScenarioReportEntry[];
  readonly method: string;
}

const METHOD =
  'Treated against control on contacts enrolled in the period: goal and purchase within the horizon after enrolling as proportions ' +
  '(Newcombe hybrid score 95 % interval, pooled z-test), revenue per contact by Welch’s t. Too small to conclude: fewer than 100 contacts ' +
  'in a group, or an interval wider than 10 points. A/B variants: human click rate per message sent, every pair compared at 5 % divided ' +
  'by the number of pairs (Bonferroni); a winner only when it beats every other variant at that level.';

/**
 * The campaign report (GET /api/v1/reports/scenarios): per scenario, step, template and variant what the sends reached,
 * and what the scenario changed against its control group, read from the campaign rollup and each enrolment's side.
 */
export async function scenarioReport(store: Pick<Store, 'reports' | 'scenarios'>, doctrine: CompiledDoctrine, query: { period: { from: EpochMs; to: EpochMs }; horizonMs: number }): Promise<ScenarioReport> {
  const records = await store.scenarios.list();
  const goals: Record<string, Temperature> = {};
  for (const record of records) goals[record.id] = goalOf(record.scenario.exit, doctrine);
  const [stats, outcomes] = await Promise.all([store.reports.campaignStats(query.period), store.reports.campaignOutcomes({ period: query.period, horizonMs: query.horizonMs, goals })]);
  const byId = new Map(records.map((r) => [r.id, r]));
  // Loaded on the first report, not at start: the statistics bring the @stdlib distributions (see core's campaign-statistics).
  const { buildScenarioResults } = await import('@leadpulse/core/campaign-statistics');
  const scenarios = buildScenarioResults(stats, outcomes).map((result) => {
    const record = byId.get(result.scenarioId);
    return { ...result, key: record?.key ?? null, name: record?.scenario.name ?? null, controlPercent: record?.scenario.controlGroup?.percent ?? null, goal: goals[result.scenarioId] ?? 'client' };
  });
  return { horizonDays: query.horizonMs / 86_400_000, scenarios, method: METHOD };
}

function goalOf(exit: readonly { type: string; stage?: string }[], doctrine: CompiledDoctrine): Temperature {
  for (const rule of exit) {
    if (rule.type !== 'stage') continue;
    const temperature = doctrine.doctrine.stages.find((s) => s.key === rule.stage)?.temperature;
    if (temperature) return temperature;
  }
  return 'client';
}

const round = (value: number | null, digits = 4) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** The CSV's table: one line per scenario, step, template and variant, the scenario's outcome repeated on each. */
export function scenarioReportTable(report: ScenarioReport): ReportTable {
  const columns = [
    'scenario', 'step', 'template', 'variant', 'sent', 'delivered', 'human_opens', 'clicks', 'unsubscribes', 'bounces', 'complaints', 'suppressed', 'held_out',
    'enrolled_treated', 'enrolled_control', 'goal', 'goal_rate_treated', 'goal_rate_control', 'goal_uplift', 'goal_uplift_low', 'goal_uplift_high', 'goal_p_value',
    'purchase_uplift', 'purchase_uplift_low', 'purchase_uplift_high', 'revenue_per_contact_uplift', 'revenue_uplift_low', 'revenue_uplift_high', 'variant_winner', 'warning',
  ];
  const rows = report.scenarios.flatMap((s) => {
    const o = s.outcome;
    const outcome = [s.enrolled.treated, s.enrolled.control, s.goal, round(o.goal.a), round(o.goal.b), round(o.goal.difference), round(o.goal.interval?.[0] ?? null), round(o.goal.interval?.[1] ?? null), round(o.goal.pValue, 6),
      round(o.purchase.difference), round(o.purchase.interval?.[0] ?? null), round(o.purchase.interval?.[1] ?? null), round(o.revenuePerContact.difference, 2), round(o.revenuePerContact.interval?.[0] ?? null, 2), round(o.revenuePerContact.interval?.[1] ?? null, 2)];
    const lines = s.steps.length > 0 ? s.steps : [null];
    return lines.map((step) => {
      const winner = step ? (s.variants.find((v) => v.stepId === step.stepId)?.winner ?? null) : null;
      const c = step?.counts;
      return [s.key ?? s.scenarioId, step?.stepId ?? null, step?.template || null, step?.variant || null, c?.sent ?? 0, c?.delivered ?? 0, c?.opened ?? 0, c?.clicked ?? 0, c?.unsubscribed ?? 0, c?.bounced ?? 0, c?.complained ?? 0, c?.suppressed ?? 0, step?.heldOut ?? 0, ...outcome, winner, o.warning];
    });
  });
  return { columns, rows, notes: [report.method, `Horizon: ${report.horizonDays} days after enrolling.`] };
}
