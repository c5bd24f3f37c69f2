import { describe, expect, it } from 'vitest';
import { DAY } from '../shared/duration.js';
import type { Scenario, ScenarioTrigger } from './scenario.js';
import { matchTriggers, nextOccurrence, occurrenceAt, type ScenarioActivity } from './triggers.js';

const at = (text: string) => Date.parse(text);
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const scenario = (key: string, trigger: ScenarioTrigger): Scenario => ({ key, name: key, trigger, steps: [{ id: 'end', type: 'exit' }], exit: [], reentry: { policy: 'never' } });
const activity = (part: Partial<ScenarioActivity>): ScenarioActivity => ({ stage: 'warm', traits: {}, moves: [], events: [], ...part });

describe('matchTriggers', () => {
  const scenarios = [
    scenario('hot-alert', { type: 'stage_entered', stage: 'hot' }),
    scenario('left-warm', { type: 'stage_left', stage: 'warm' }),
    scenario('pro-signup', { type: 'event', event: 'Signed Up', where: { plan: ['pro', 'team'] } }),
    scenario('any-signup', { type: 'event', event: 'Signed Up' }),
    scenario('renewal', { type: 'date', trait: 'subscriptionEndsAt', offset: '-7d', at: '09:00' }),
    scenario('monthly', { type: 'recurring', every: '30d', from: 'enrolment', event: 'Signed Up' }),
    scenario('segment', { type: 'segment_entered', segment: 'big' }),
  ];

  it('starts stage scenarios on the first matching move, with what moved', () => {
    const found = matchTriggers(scenarios, activity({ moves: [{ at: 10, from: 'cold', to: 'warm' }, { at: 20, from: 'warm', to: 'hot' }, { at: 30, from: 'hot', to: 'warm' }] }));
    expect(found).toEqual([
      { scenarioKey: 'hot-alert', at: 20, context: { trigger: 'stage_entered', stage: 'hot', from: 'warm', to: 'hot' } },
      { scenarioKey: 'left-warm', at: 20, context: { trigger: 'stage_left', stage: 'warm', from: 'warm', to: 'hot' } },
    ]);
  });

  it('matches events by name and property filter (case-insensitive values), and rhythms started by an event', () => {
    const events = [
      { id: 'e1', name: 'Signed Up', at: 5, properties: { plan: 'free' } },
      { id: 'e2', name: 'Signed Up', at: 7, properties: { plan: 'PRO' } },
    ];
    expect(matchTriggers(scenarios, activity({ events })).map((m) => [m.scenarioKey, m.at, m.context['eventId']])).toEqual([
      ['pro-signup', 7, 'e2'],
      ['any-signup', 5, 'e1'],
      ['monthly', 5, 'e1'],
    ]);
  });

  it('starts a date scenario when the trait is set to a date, and not when it is not a date', () => {
    const set = (value: unknown) => activity({ events: [{ name: null, at: 9, properties: {}, traits: { subscriptionEndsAt: value } }] });
    expect(matchTriggers(scenarios, set('2025-06-30'))).toEqual([{ scenarioKey: 'renewal', at: 9, context: { trigger: 'date', trait: 'subscriptionEndsAt', value: '2025-06-30' } }]);
    expect(matchTriggers(scenarios, set('next year'))).toEqual([]);
    expect(matchTriggers(scenarios, activity({ traits: { subscriptionEndsAt: '2025-06-30' } }))).toEqual([]);
  });

  it('starts a segment scenario on a Segment Entered event naming its segment key, and on no other segment', () => {
    const entered = (key: string, at: number) => ({ id: `sg-${key}`, name: 'Segment Entered', at, properties: { segmentId: `seg_${key}`, segmentKey: key, segmentName: key } });
    expect(matchTriggers(scenarios, activity({ events: [entered('small', 3), entered('big', 4)] }))).toEqual([
      { scenarioKey: 'segment', at: 4, context: { trigger: 'segment_entered', segment: 'big', eventId: 'sg-big', properties: { segmentId: 'seg_big', segmentKey: 'big', segmentName: 'big' } } },
    ]);
    expect(matchTriggers(scenarios, activity({ events: [{ ...entered('big', 4), name: 'Segment Left' }] }))).toEqual([]);
  });
});

describe('nextOccurrence', () => {
  const renewal: ScenarioTrigger = { type: 'date', trait: 'subscriptionEndsAt', offset: '-7d', at: '09:00' };

  it('puts a date trigger on the local day, DST-correct: 7 days before a date across the spring change', () => {
    // Ends on 2 April 2025 (summer time); 7 days before is 26 March (winter time): 09:00 Paris = 08:00 UTC.
    expect(nextOccurrence(renewal, { subscriptionEndsAt: '2025-04-02' }, 0, 0, 'Europe/Paris')).toEqual({ at: at('2025-03-26T08:00:00Z'), index: 0 });
    expect(iso(occurrenceAt(renewal, { subscriptionEndsAt: '2025-04-09T22:30:00Z' }, 0, 0, 'Europe/Paris'))).toBe('2025-04-03T07:00:00.000Z');
    expect(iso(occurrenceAt(renewal, { subscriptionEndsAt: at('2025-04-09T12:00:00Z') }, 0, 0, 'UTC'))).toBe('2025-04-02T09:00:00.000Z');
  });

  it('gives null once the date has passed (a late joiner gets nothing), for a trait that is not a date, or without a time trigger', () => {
    const traits = { subscriptionEndsAt: '2025-04-02' };
    expect(nextOccurrence(renewal, traits, 0, at('2025-03-26T08:00:00Z'), 'Europe/Paris')).toBeNull();
    expect(nextOccurrence(renewal, { subscriptionEndsAt: 'soon' }, 0, 0, 'Europe/Paris')).toBeNull();
    expect(nextOccurrence(renewal, {}, 0, 0)).toBeNull();
    expect(nextOccurrence({ type: 'stage_entered', stage: 'hot' }, traits, 0, 0)).toBeNull();
  });

  it('moves by a plain offset without a local time', () => {
    expect(nextOccurrence({ type: 'date', trait: 'd', offset: '2h' }, { d: 1000 }, 0, 0)).toEqual({ at: 1000 + 2 * 3_600_000, index: 0 });
    expect(nextOccurrence({ type: 'date', trait: 'd' }, { d: 1000 }, 0, 0)).toEqual({ at: 1000, index: 0 });
  });

  it('starts a late joiner on the next occurrence of a rhythm, never a burst', () => {
    const monthly: ScenarioTrigger = { type: 'recurring', every: '30d', from: 'signedUpAt', at: '10:00', times: 12 };
    const traits = { signedUpAt: '2025-01-01' };
    // Joining on 15 April (day 104): occurrences at days 30, 60, 90 have passed; the next is day 120 (1 May), index 3.
    const next = nextOccurrence(monthly, traits, at('2025-04-15T12:00:00Z'), at('2025-04-15T12:00:00Z'), 'Europe/Paris');
    expect(next).toEqual({ at: at('2025-05-01T08:00:00Z'), index: 3 });
    // The one after it, strictly after the first.
    expect(nextOccurrence(monthly, traits, 0, next!.at, 'Europe/Paris')).toEqual({ at: at('2025-05-31T08:00:00Z'), index: 4 });
    // Winter occurrences are at 09:00 UTC.
    expect(nextOccurrence(monthly, traits, 0, 0, 'Europe/Paris')).toEqual({ at: at('2025-01-31T09:00:00Z'), index: 0 });
  });

  it('stops after `times`, counts from enrolment when asked, and exactly on an occurrence waits for the next', () => {
    const twice: ScenarioTrigger = { type: 'recurring', every: '7d', from: 'enrolment', event: 'Signed Up', times: 2 };
    const enrolled = at('2025-06-01T12:00:00Z');
    expect(nextOccurrence(twice, {}, enrolled, enrolled)).toEqual({ at: enrolled + 7 * DAY, index: 0 });
    expect(nextOccurrence(twice, {}, enrolled, enrolled + 7 * DAY)).toEqual({ at: enrolled + 14 * DAY, index: 1 });
    expect(nextOccurrence(twice, {}, enrolled, enrolled + 14 * DAY)).toBeNull();
    expect(occurrenceAt(twice, {}, enrolled, 2)).toBeNull();
  });

  it('finds the next occurrence far into a long rhythm without walking every one', () => {
    const daily: ScenarioTrigger = { type: 'recurring', every: '1d', from: 'enrolment', event: 'x', at: '09:00' };
    const enrolled = at('2020-01-01T00:00:00Z');
    const next = nextOccurrence(daily, {}, enrolled, at('2025-10-26T12:00:00Z'), 'Europe/Paris');
    expect(iso(next?.at)).toBe('2025-10-27T08:00:00.000Z');
    expect(next?.index).toBe(2125);
  });
});
