import type { CampaignGroup } from './assign-group.js';
import { noCampaignCounts, CAMPAIGN_COUNTERS, type CampaignCounts } from './campaign-counters.js';
import { compareMeans, compareProportions, type Comparison, type Moments } from './compare-groups.js';

/** One rollup line, summed over the period's days. `variant` and `template` are '' when the step has none. */
export interface CampaignStatsLine {
  readonly scenarioId: string;
  readonly stepId: string;
  readonly template: string;
  readonly variant: string;
  readonly group: CampaignGroup;
  readonly counts: CampaignCounts;
}

/** One group's enrolments in the period and what they reached within the horizon after enrolling. */
export interface CampaignOutcomeLine {
  readonly scenarioId: string;
  readonly group: CampaignGroup;
  readonly enrolled: number;
  readonly reachedGoal: number;
  readonly purchased: number;
  /** Revenue per enrolment within the horizon (0 for those who bought nothing). */
  readonly revenue: Moments;
}

export interface StepResult {
  readonly stepId: string;
  readonly template: string;
  readonly variant: string;
  readonly counts: CampaignCounts;
  /** Messages the control group would have received here and did not. */
  readonly heldOut: number;
}

export interface VariantResult {
  readonly stepId: string;
  /** Each variant's human click rate (clicks / sent), with how many were sent. */
  readonly variants: readonly { readonly variant: string; readonly sent: number; readonly clicked: number; readonly clickRate: number | null }[];
  /** Every pair compared at alpha / pairs (Bonferroni), `difference` = first − second. */
  readonly pairs: readonly { readonly first: string; readonly second: string; readonly comparison: Comparison }[];
  readonly alpha: number;
  /** The variant better than every other one at that level; null when none is. */
  readonly winner: string | null;
  readonly warning: string | null;
}

export interface OutcomeResult {
  readonly treated: CampaignOutcomeLine | null;
  readonly control: CampaignOutcomeLine | null;
  /** Treated − control: goal reached, purchase (proportions), revenue per contact (mean). */
  readonly goal: Comparison;
  readonly purchase: Comparison;
  readonly revenuePerContact: Comparison;
  readonly warning: string | null;
}

export interface ScenarioResult {
  readonly scenarioId: string;
  readonly enrolled: { readonly treated: number; readonly control: number };
  readonly steps: readonly StepResult[];
  readonly variants: readonly VariantResult[];
  readonly outcome: OutcomeResult;
}

/** Below this many contacts in a group (or messages sent per variant), no conclusion is drawn. */
export const MIN_GROUP_SIZE = 100;
/** An uplift interval wider than this (10 percentage points) is too vague to act on. */
export const MAX_INTERVAL_WIDTH = 0.1;
export const ALPHA = 0.05;

/**
 * The campaign report of scenarios from the rollup and the outcome lines: per step, template and variant what the sends
 * reached; treated against control on the outcome, with the uplift's 95 % interval and p-value; A/B variants compared
 * pairwise with a Bonferroni-corrected level, a winner only when it beats every other variant at that level.
 */
export function buildScenarioResults(stats: readonly CampaignStatsLine[], outcomes: readonly CampaignOutcomeLine[]): ScenarioResult[] {
  const ids = [...new Set([...stats.map((s) => s.scenarioId), ...outcomes.map((o) => o.scenarioId)])].sort();
  return ids.map((scenarioId) => {
    const mine = stats.filter((s) => s.scenarioId === scenarioId);
    const treated = outcomes.find((o) => o.scenarioId === scenarioId && o.group === 'treated') ?? null;
    const control = outcomes.find((o) => o.scenarioId === scenarioId && o.group === 'control') ?? null;
    return {
      scenarioId,
      enrolled: { treated: treated?.enrolled ?? 0, control: control?.enrolled ?? 0 },
      steps: stepResults(mine),
      variants: variantResults(mine.filter((s) => s.group === 'treated')),
      outcome: outcomeResult(treated, control),
    };
  });
}

function stepResults(lines: readonly CampaignStatsLine[]): StepResult[] {
  const rows = new Map<string, { stepId: string; template: string; variant: string; counts: Record<string, number>; heldOut: number }>();
  for (const line of lines) {
    const key = `${line.stepId}\u0000${line.template}\u0000${line.variant}`;
    const row = rows.get(key) ?? { stepId: line.stepId, template: line.template, variant: line.variant, counts: noCampaignCounts(), heldOut: 0 };
    // The control group's sends are held out (recorded as suppressed): they count apart, never in the treated funnel.
    if (line.group === 'control') row.heldOut += line.counts.suppressed;
    else for (const counter of CAMPAIGN_COUNTERS) row.counts[counter]! += line.counts[counter];
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.stepId.localeCompare(b.stepId) || a.variant.localeCompare(b.variant) || a.template.localeCompare(b.template)) as StepResult[];
}

function variantResults(lines: readonly CampaignStatsLine[]): VariantResult[] {
  const byStep = new Map<string, Map<string, { sent: number; clicked: number }>>();
  for (const line of lines) {
    if (line.variant === '') continue;
    const step = byStep.get(line.stepId) ?? new Map<string, { sent: number; clicked: number }>();
    const seen = step.get(line.variant) ?? { sent: 0, clicked: 0 };
    step.set(line.variant, { sent: seen.sent + line.counts.sent, clicked: seen.clicked + line.counts.clicked });
    byStep.set(line.stepId, step);
  }
  return [...byStep.entries()]
    .filter(([, variants]) => variants.size >= 2)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([stepId, byVariant]) => {
      const variants = [...byVariant.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([variant, v]) => ({ variant, ...v, clickRate: v.sent > 0 ? v.clicked / v.sent : null }));
      const pairCount = (variants.length * (variants.length - 1)) / 2;
      const alpha = ALPHA / pairCount;
      const pairs = variants.flatMap((first, i) =>
        variants.slice(i + 1).map((second) => ({ first: first.variant, second: second.variant, comparison: compareProportions({ successes: first.clicked, n: first.sent }, { successes: second.clicked, n: second.sent }, alpha) })),
      );
      const best = [...variants].sort((a, b) => (b.clickRate ?? -1) - (a.clickRate ?? -1))[0]!;
      const beatsAll = pairs.filter((p) => p.first === best.variant || p.second === best.variant).every((p) => p.comparison.significant && (p.first === best.variant ? p.comparison.difference! > 0 : p.comparison.difference! < 0));
      const small = variants.filter((v) => v.sent < MIN_GROUP_SIZE).map((v) => v.variant);
      const warning = small.length > 0 ? `too few messages sent to conclude: variant ${small.join(', ')} under ${MIN_GROUP_SIZE}` : null;
      return { stepId, variants, pairs, alpha, winner: beatsAll && !warning ? best.variant : null, warning };
    });
}

const NO_COMPARISON: Comparison = { a: null, b: null, difference: null, interval: null, pValue: null, significant: false };

function outcomeResult(treated: CampaignOutcomeLine | null, control: CampaignOutcomeLine | null): OutcomeResult {
  if (!treated || !control || control.enrolled === 0) {
    return { treated, control, goal: NO_COMPARISON, purchase: NO_COMPARISON, revenuePerContact: NO_COMPARISON, warning: 'no control group in this period: keep one (controlGroup) to measure the uplift' };
  }
  const goal = compareProportions({ successes: treated.reachedGoal, n: treated.enrolled }, { successes: control.reachedGoal, n: control.enrolled }, ALPHA);
  const purchase = compareProportions({ successes: treated.purchased, n: treated.enrolled }, { successes: control.purchased, n: control.enrolled }, ALPHA);
  const revenuePerContact = compareMeans(treated.revenue, control.revenue, ALPHA);
  return { treated, control, goal, purchase, revenuePerContact, warning: sizeWarning(treated.enrolled, control.enrolled, goal) };
}

/** The stated rule: fewer than MIN_GROUP_SIZE contacts on either side, or a goal uplift interval wider than MAX_INTERVAL_WIDTH. */
export function sizeWarning(treated: number, control: number, goal: Comparison): string | null {
  if (Math.min(treated, control) < MIN_GROUP_SIZE) return `groups too small to conclude: fewer than ${MIN_GROUP_SIZE} contacts in the ${treated < control ? 'treated' : 'control'} group`;
  if (goal.interval && goal.interval[1] - goal.interval[0] > MAX_INTERVAL_WIDTH) return `groups too small to conclude: the uplift's 95 % interval is wider than ${MAX_INTERVAL_WIDTH * 100} percentage points`;
  return null;
}
