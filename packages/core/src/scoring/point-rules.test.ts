import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import type { Doctrine, PointRule } from '../doctrine/doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { validateDoctrine } from '../doctrine/validate-doctrine.js';
import type { LeadEvent } from '../events/lead-event.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { DAY, HOUR } from '../shared/duration.js';
import { identify, page, track } from '../test-support/events.js';

const T = Date.UTC(2026, 5, 1);
const base = DOCTRINE_PRESETS['suspect-prospect-lead']!;
const withRules = (rules: PointRule[], stages = base.stages, halfLife = '30d'): Doctrine => ({ ...base, stages, points: { halfLife, rules } });
const classify = (doctrine: Doctrine, events: LeadEvent[], now: number) => {
  expect(validateDoctrine(doctrine).ok).toBe(true);
  const compiled = compileDoctrine(doctrine);
  return compiled.classify(foldEvents(emptyContactState(), events, compiled.foldParams), now);
};

describe('point rules on traits and thresholds', () => {
  const bigCompany: PointRule = { id: 'big-company', trait: 'company_size', op: 'gte', value: 50, points: 20 };
  const returning: PointRule = { id: 'returning', signal: 'sessions', atLeast: 3, within: '30d', points: 15 };

  it.each<[string, PointRule, () => LeadEvent[], number]>([
    ['a trait that holds gives its points once, undecayed', bigCompany, () => [identify({ company_size: 120 }, T)], 20],
    ['a number sent as text still compares', bigCompany, () => [identify({ company_size: '75' }, T)], 20],
    ['a trait that does not hold gives nothing', bigCompany, () => [identify({ company_size: 12 }, T)], 0],
    ['a missing trait gives nothing', bigCompany, () => [page('/', T)], 0],
    ['a threshold reached within the window gives its points once', returning, () => [0, 2, 4, 6].map((d) => page('/', T + d * DAY)), 15],
    ['a threshold not reached gives nothing', returning, () => [0, 2].map((d) => page('/', T + d * DAY)), 0],
    ['an event threshold filtered by property', { id: 'two-yes', event: 'Call Logged', where: { outcome: 'interested' }, atLeast: 2, points: 10 }, () => [track('Call Logged', T, { outcome: 'interested' }), track('Call Logged', T + HOUR, { outcome: 'no' })], 0],
  ])('%s', (_name, rule, events, points) => {
    const result = classify(withRules([rule]), events(), T + 7 * DAY);
    expect(result.score).toBe(points);
    expect(result.scoreLines).toEqual(points > 0 ? [{ rule: rule.id, points }] : []);
  });

  it('does not decay a trait rule', () => {
    expect(classify(withRules([bigCompany]), [identify({ company_size: 120 }, T)], T + 300 * DAY).score).toBe(20);
  });

  it('moves a stage that reads the score when the threshold leaves its window (nextChangeAt)', () => {
    const stages = [{ key: 'hot', labels: { en: 'Hot', fr: 'Chaud' }, temperature: 'hot' as const, when: { score: { atLeast: 15 } } }];
    const visits = [0, 2, 4].map((d) => page('/', T + d * DAY));
    const now = T + 5 * DAY;
    // Without decay, only the threshold can move the score.
    const hot = classify(withRules([returning], stages, 'none'), visits, now);
    expect(hot.stage).toBe('hot');
    // The first visit leaves the 30-day window at T + 30 days: the rule stops holding then.
    expect(hot.nextChangeAt).toBe(T + 30 * DAY);
    expect(classify(withRules([returning], stages, 'none'), visits, T + 30 * DAY).stage).toBe('unknown');
  });
});
