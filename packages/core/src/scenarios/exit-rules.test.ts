import { describe, expect, it } from 'vitest';
import { DAY } from '../shared/duration.js';
import { exitReasonFor, exitRuleTriggered, mayEnrolAgain } from './exit-rules.js';
import type { Scenario } from './scenario.js';
import type { ScenarioActivity } from './triggers.js';

const scenario: Scenario = {
  key: 'warm',
  name: 'Warm',
  trigger: { type: 'stage_entered', stage: 'warm' },
  steps: [{ id: 'end', type: 'exit' }],
  exit: [{ type: 'event', event: 'Order Completed', where: { status: 'paid' } }, { type: 'stage', stage: 'client' }, { type: 'trigger_stage_left' }, { type: 'unsubscribed' }],
  reentry: { policy: 'never' },
};
const activity = (part: Partial<ScenarioActivity>): ScenarioActivity => ({ stage: 'warm', traits: {}, moves: [], events: [], ...part });
const reasonOf = (a: ScenarioActivity, enteredAt = 100, triggerEventId: string | null = null) => {
  const found = exitRuleTriggered(scenario, a, { enteredAt, triggerEventId });
  return found && `${found.reason} @${found.at}`;
};

describe('exitRuleTriggered', () => {
  it('is null while nothing ends the enrolment', () => {
    expect(reasonOf(activity({ events: [{ name: 'Page Viewed', at: 150, properties: {} }] }))).toBeNull();
  });
  it('ends on a goal event matching its filter, after the enrolment only', () => {
    expect(reasonOf(activity({ events: [{ name: 'Order Completed', at: 150, properties: { status: 'PAID' } }] }))).toBe('goal: "Order Completed" @150');
    expect(reasonOf(activity({ events: [{ name: 'Order Completed', at: 150, properties: { status: 'refunded' } }] }))).toBeNull();
    expect(reasonOf(activity({ events: [{ name: 'Order Completed', at: 50, properties: { status: 'paid' } }] }))).toBeNull();
  });
  it('never ends on the event that started it', () => {
    const events = [{ id: 'e1', name: 'Order Completed', at: 100, properties: { status: 'paid' } }];
    expect(reasonOf(activity({ events }), 100, 'e1')).toBeNull();
    expect(reasonOf(activity({ events }), 100, 'other')).toBe('goal: "Order Completed" @100');
  });
  it('ends on a stage reached, by a move or as the current stage', () => {
    expect(reasonOf(activity({ stage: 'client', moves: [{ at: 120, from: 'warm', to: 'client' }] }))).toBe('reached stage client @120');
    expect(reasonOf(activity({ stage: 'client' }))).toBe('reached stage client @100');
  });
  it('ends when the trigger stage is left, and takes the earliest rule that holds', () => {
    expect(reasonOf(activity({ stage: 'cold', moves: [{ at: 130, from: 'warm', to: 'cold' }] }))).toBe('left stage warm @130');
    expect(
      reasonOf(activity({ stage: 'client', moves: [{ at: 130, from: 'warm', to: 'hot' }, { at: 140, from: 'hot', to: 'client' }], events: [{ name: 'Order Completed', at: 140, properties: { status: 'paid' } }] })),
    ).toBe('left stage warm @130');
  });
  it('ends on an Unsubscribed event or the unsubscribed trait', () => {
    expect(reasonOf(activity({ events: [{ name: 'Unsubscribed', at: 160, properties: {} }] }))).toBe('unsubscribed @160');
    expect(reasonOf(activity({ events: [{ name: null, at: 170, properties: {}, traits: { unsubscribed: true } }] }))).toBe('unsubscribed @170');
    expect(reasonOf(activity({ traits: { unsubscribed: true } }))).toBe('unsubscribed @100');
    expect(reasonOf(activity({ traits: { unsubscribed: 'no' } }))).toBeNull();
  });
  it('ignores trigger_stage_left for scenarios not started by a stage', () => {
    const byEvent: Scenario = { ...scenario, trigger: { type: 'event', event: 'Signed Up' }, exit: [{ type: 'trigger_stage_left' }] };
    expect(exitRuleTriggered(byEvent, activity({ stage: 'cold', moves: [{ at: 130, from: 'warm', to: 'cold' }] }), { enteredAt: 100 })).toBeNull();
  });
});

describe('mayEnrolAgain', () => {
  const done = { status: 'completed' as const, enteredAt: 0, endedAt: 10 * DAY };
  it.each([
    ['a first enrolment', { policy: 'never' as const }, null, 0, true],
    ['never again', { policy: 'never' as const }, done, 100 * DAY, false],
    ['always, once ended', { policy: 'always' as const }, done, 10 * DAY, true],
    ['never while active', { policy: 'always' as const }, { ...done, status: 'active' as const, endedAt: null }, 100 * DAY, false],
    ['before the cool-down', { policy: 'after' as const, cooldown: '30d' }, done, 39 * DAY, false],
    ['at the end of the cool-down', { policy: 'after' as const, cooldown: '30d' }, done, 40 * DAY, true],
    ['after an exit too', { policy: 'after' as const, cooldown: '1d' }, { ...done, status: 'exited' as const }, 11 * DAY, true],
  ])('%s', (_, policy, last, now, expected) => expect(mayEnrolAgain(policy, last, now)).toBe(expected));
});

describe('exitReasonFor', () => {
  it('gives the reason, and never ends on the event in the enrolment context', () => {
    const events = [{ id: 'e1', name: 'Order Completed', at: 100, properties: { status: 'paid' } }];
    expect(exitReasonFor(scenario, { eventId: 'e1' }, activity({ events }))).toBeNull();
    expect(exitReasonFor(scenario, { stage: 'warm' }, activity({ events }))).toBe('goal: "Order Completed"');
    expect(exitReasonFor(scenario, {}, activity({ events }), 200)).toBeNull();
  });
});
