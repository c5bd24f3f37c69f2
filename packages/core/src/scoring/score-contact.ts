import type { PointRule, SignalName } from '../doctrine/doctrine.js';
import { SIGNAL_TALLIES } from '../doctrine/signal-tallies.js';
import { eventTallyKey, type ContactState } from '../fold/contact-state.js';
import { DAY } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { ScoreLine } from '../classification/classification.js';

export interface CompiledPointRule {
  readonly id: string;
  readonly tally: string;
  readonly points: number;
  readonly cap: number;
}

export function compilePointRules(rules: readonly PointRule[]): CompiledPointRule[] {
  return rules.map((rule) => ({
    id: rule.id,
    tally: rule.signal ? SIGNAL_TALLIES[rule.signal as SignalName].tally : eventTallyKey(rule.event ?? ''),
    points: rule.points,
    cap: rule.cap ?? Number.POSITIVE_INFINITY,
  }));
}

/**
 * Points per occurrence, halved every `halfLifeMs` since it happened (no decay when null), capped per rule after decay.
 * Example: a chat worth 25 points 30 days ago with a 30-day half-life counts 12.5.
 */
export function scoreContact(state: ContactState, rules: readonly CompiledPointRule[], halfLifeMs: number | null, now: EpochMs): { score: number; lines: ScoreLine[] } {
  const lines: ScoreLine[] = [];
  let score = 0;
  for (const rule of rules) {
    const tally = state.tallies[rule.tally];
    if (!tally || tally.n === 0) continue;
    let weight = halfLifeMs === null ? tally.n : 0;
    const decay = (at: number) => (halfLifeMs === null ? 1 : Math.pow(0.5, Math.max(0, now - at) / halfLifeMs));
    if (halfLifeMs !== null) {
      for (const [at] of tally.recent) if (at <= now) weight += decay(at);
      for (const [day, count] of tally.days) if (day * DAY <= now) weight += count * decay(day * DAY + DAY / 2);
    }
    // Occurrences already pruned from the day buckets are beyond the longest window: their weight is negligible.
    const points = Math.min(rule.cap, rule.points * weight);
    if (points <= 0) continue;
    const rounded = Math.round(points * 100) / 100;
    lines.push({ rule: rule.id, points: rounded });
    score += points;
  }
  return { score: Math.round(score * 100) / 100, lines };
}
