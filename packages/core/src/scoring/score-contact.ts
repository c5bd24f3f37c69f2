import type { Condition, PointRule, SignalName } from '../doctrine/doctrine.js';
import { compileCondition, type CompiledCondition, type EvalContext } from '../doctrine/compile-condition.js';
import { SIGNAL_TALLIES } from '../doctrine/signal-tallies.js';
import { eventTallyKey, type ContactState } from '../fold/contact-state.js';
import { filteredTallyKey } from '../fold/event-filter.js';
import type { Tally } from '../fold/tally.js';
import type { TallyLayout, TallySlots } from '../doctrine/tally-layout.js';
import { DAY } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { ScoreLine } from '../classification/classification.js';

export interface CompiledPointRule {
  readonly id: string;
  readonly tally: string;
  /** Its tally's slot in the doctrine's layout; -1 without a layout, and for threshold and trait rules. */
  readonly slot: number;
  readonly points: number;
  readonly cap: number;
  /** A threshold or trait rule: `points` once, undecayed, while this holds. Null: points per occurrence. */
  readonly condition: CompiledCondition | null;
}

function tallyOf(rule: PointRule): string {
  if (rule.signal) return SIGNAL_TALLIES[rule.signal as SignalName].tally;
  if (rule.event && rule.where) return filteredTallyKey(rule.event, rule.where);
  return eventTallyKey(rule.event ?? '');
}

/** The condition of a threshold rule (`atLeast`, `within`) or a trait rule; null for a rule per occurrence. */
export function pointRuleCondition(rule: PointRule): Condition | null {
  if (rule.trait !== undefined) return { trait: rule.trait, op: rule.op ?? 'exists', value: rule.value };
  if (rule.atLeast === undefined) return null;
  const bounds = { atLeast: rule.atLeast, ...(rule.within === undefined ? {} : { within: rule.within }) };
  if (rule.signal) return { signal: rule.signal, ...bounds };
  return { event: rule.event ?? '', ...(rule.where ? { where: rule.where } : {}), ...bounds };
}

/** The tallies the per-occurrence point rules count, for the doctrine's layout (doctrine/tally-layout.ts). */
export const pointRuleTallies = (rules: readonly PointRule[]): string[] => rules.filter((rule) => pointRuleCondition(rule) === null).map(tallyOf);

export function compilePointRules(rules: readonly PointRule[], layout?: TallyLayout): CompiledPointRule[] {
  return rules.map((rule) => {
    const condition = pointRuleCondition(rule);
    const tally = tallyOf(rule);
    return { id: rule.id, tally, slot: layout && !condition ? layout.slotOf(tally) : -1, points: rule.points, cap: rule.cap ?? Number.POSITIVE_INFINITY, condition: condition ? compileCondition(condition) : null };
  });
}

export interface Score {
  readonly score: number;
  readonly lines: ScoreLine[];
  /** When a threshold or trait rule may next start or stop holding with no new event (decay aside), or null. */
  readonly changesAt: EpochMs | null;
}

/**
 * Points per occurrence, halved every `halfLifeMs` since it happened (no decay when null), capped per rule after decay;
 * threshold and trait rules add their points while they hold.
 * Example: a chat worth 25 points 30 days ago with a 30-day half-life counts 12.5.
 */
export function scoreContact(state: ContactState, rules: readonly CompiledPointRule[], halfLifeMs: number | null, now: EpochMs, cartAbandonAfterMs = 0, slots?: TallySlots): Score {
  const lines: ScoreLine[] = [];
  let score = 0;
  let ctx: EvalContext | null = null;
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    let points: number;
    if (rule.condition) {
      ctx ??= { state, now, cartAbandonAfterMs, score: () => 0, scoreHalfLifeMs: null, predicted: () => null, next: Number.POSITIVE_INFINITY };
      points = rule.condition.test(ctx) ? Math.min(rule.cap, rule.points) : 0;
    } else {
      // The contact's slots when the caller gathered them (doctrine/tally-layout.ts), else a lookup by key.
      const tally = slots !== undefined && rule.slot >= 0 ? slots[rule.slot] : state.tallies[rule.tally];
      points = tally === undefined ? 0 : occurrencePoints(tally, rule, halfLifeMs, now);
    }
    if (points <= 0) continue;
    lines.push({ rule: rule.id, points: Math.round(points * 100) / 100 });
    score += points;
  }
  const changesAt = ctx === null || ctx.next === Number.POSITIVE_INFINITY ? null : ctx.next;
  return { score: Math.round(score * 100) / 100, lines, changesAt };
}

/**
 * Written with index loops, no closure, and `exp` rather than `pow(0.5, …)` (the same decay, a third of the cost):
 * it runs for every occurrence of every point rule of every classification.
 */
function occurrencePoints(tally: Tally, rule: CompiledPointRule, halfLifeMs: number | null, now: EpochMs): number {
  if (tally.n === 0) return 0;
  if (halfLifeMs === null) return Math.min(rule.cap, rule.points * tally.n);
  const rate = -Math.LN2 / halfLifeMs;
  let weight = 0;
  const { recent, days } = tally;
  for (let i = 0; i < recent.length; i++) {
    const at = recent[i]![0];
    if (at <= now) weight += Math.exp(rate * (now - at));
  }
  for (let d = 0; d < days.length; d++) {
    const bucket = days[d]!;
    const start = bucket[0] * DAY;
    if (start <= now) weight += bucket[1] * Math.exp(rate * Math.max(0, now - (start + DAY / 2)));
  }
  // Occurrences already pruned from the day buckets are beyond the longest window: their weight is negligible.
  return Math.min(rule.cap, rule.points * weight);
}
