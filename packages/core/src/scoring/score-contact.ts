import type { Condition, PointRule, SignalName } from '../doctrine/doctrine.js';
import { compileCondition, type CompiledCondition, type EvalContext } from '../doctrine/compile-condition.js';
import { SIGNAL_TALLIES } from '../doctrine/signal-tallies.js';
import { eventTallyKey, type ContactState } from '../fold/contact-state.js';
import { filteredTallyKey } from '../fold/event-filter.js';
import { DAY } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { ScoreLine } from '../classification/classification.js';

export interface CompiledPointRule {
  readonly id: string;
  readonly tally: string;
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

export function compilePointRules(rules: readonly PointRule[]): CompiledPointRule[] {
  return rules.map((rule) => {
    const condition = pointRuleCondition(rule);
    return { id: rule.id, tally: tallyOf(rule), points: rule.points, cap: rule.cap ?? Number.POSITIVE_INFINITY, condition: condition ? compileCondition(condition) : null };
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
export function scoreContact(state: ContactState, rules: readonly CompiledPointRule[], halfLifeMs: number | null, now: EpochMs, cartAbandonAfterMs = 0): Score {
  const lines: ScoreLine[] = [];
  let score = 0;
  let ctx: EvalContext | null = null;
  for (const rule of rules) {
    let points: number;
    if (rule.condition) {
      ctx ??= { state, now, cartAbandonAfterMs, score: () => 0, scoreHalfLifeMs: null, predicted: () => null, next: Number.POSITIVE_INFINITY };
      points = rule.condition.test(ctx) ? Math.min(rule.cap, rule.points) : 0;
    } else points = occurrencePoints(state, rule, halfLifeMs, now);
    if (points <= 0) continue;
    lines.push({ rule: rule.id, points: Math.round(points * 100) / 100 });
    score += points;
  }
  const changesAt = ctx === null || ctx.next === Number.POSITIVE_INFINITY ? null : ctx.next;
  return { score: Math.round(score * 100) / 100, lines, changesAt };
}

function occurrencePoints(state: ContactState, rule: CompiledPointRule, halfLifeMs: number | null, now: EpochMs): number {
  const tally = state.tallies[rule.tally];
  if (!tally || tally.n === 0) return 0;
  let weight = halfLifeMs === null ? tally.n : 0;
  const decay = (at: number) => (halfLifeMs === null ? 1 : Math.pow(0.5, Math.max(0, now - at) / halfLifeMs));
  if (halfLifeMs !== null) {
    for (const [at] of tally.recent) if (at <= now) weight += decay(at);
    for (const [day, count] of tally.days) if (day * DAY <= now) weight += count * decay(day * DAY + DAY / 2);
  }
  // Occurrences already pruned from the day buckets are beyond the longest window: their weight is negligible.
  return Math.min(rule.cap, rule.points * weight);
}
