import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../shared/duration.js';
import { advanceEnrolment, awaitedEvent, startEnrolment, waitDueAt, type AdvanceInput, type AdvanceOutcome } from './advance-enrolment.js';
import type { EnrolmentPosition, Scenario, ScenarioStep } from './scenario.js';

const at = (text: string) => Date.parse(text);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const T0 = at('2025-03-27T10:00:00Z'); // a Thursday, before the Paris spring change

const scenarioOf = (steps: ScenarioStep[], extra: Partial<Scenario> = {}): Scenario => ({
  key: 's',
  name: 's',
  trigger: { type: 'stage_entered', stage: 'warm' },
  steps,
  exit: [],
  reentry: { policy: 'never' },
  timezone: 'Europe/Paris',
  ...extra,
});
const start = (scenario: Scenario, now = T0): EnrolmentPosition => startEnrolment(scenario, now, {}).position;
const run = (scenario: Scenario, position: EnrolmentPosition, now: number, more: Partial<AdvanceInput> = {}): AdvanceOutcome =>
  advanceEnrolment({ scenario, position, enteredAt: T0, contact: { stage: 'warm', traits: {} }, eventsSince: [], engagement: {}, now, ...more });
const lines = (outcome: AdvanceOutcome) => outcome.history.map((l) => `${l.what}${l.stepId ? ` ${l.stepId}` : ''}${l.detail ? `: ${l.detail}` : ''}`);

const warm = scenarioOf([
  { id: 'email', type: 'send_email', template: 'warm-follow-up' },
  { id: 'pause', type: 'wait', duration: '5d' },
  { id: 'check', type: 'branch', if: { any: [{ sent: 'email', engaged: 'clicked' }, { eventSince: 'Meeting Booked' }] }, then: 'done', else: 'call' },
  { id: 'call', type: 'task', title: 'Call them', assignee: 'owner', due: '2d' },
  { id: 'done', type: 'exit' },
]);

describe('advanceEnrolment', () => {
  it('runs steps until a wait, then waits until it is due and does nothing before', () => {
    const first = run(warm, start(warm), T0);
    expect(first.effects).toEqual([{ kind: 'email', stepId: 'email', template: 'warm-follow-up' }]);
    expect(first.position).toEqual({ stepId: 'pause', dueAt: T0 + 5 * DAY, occurrence: 0, waitingSince: T0 });
    expect(first.status).toBe('active');
    expect(lines(first)).toEqual(['step email: email warm-follow-up', 'waiting pause: until 2025-04-01T10:00:00.000Z']);
    const early = run(warm, first.position, T0 + 4 * DAY);
    expect(early).toEqual({ effects: [], position: first.position, status: 'active', history: [], endReason: null });
  });

  it('takes the else branch and creates a task due from now, then exits', () => {
    const waiting = run(warm, start(warm), T0).position;
    const later = run(warm, waiting, T0 + 5 * DAY);
    expect(later.effects).toEqual([{ kind: 'task', stepId: 'call', title: 'Call them', assignee: 'owner', dueAt: T0 + 7 * DAY }]);
    expect(later.status).toBe('exited');
    expect(later.endReason).toBe('exit step "done"');
    expect(later.position).toEqual({ stepId: null, dueAt: null, occurrence: 0, waitingSince: null });
    expect(lines(later)).toEqual(['branch_else check', 'step call: task "Call them"', 'exited done: exit step "done"']);
  });

  it('takes the then branch on a click of an earlier send, or an event since the enrolment', () => {
    const waiting = run(warm, start(warm), T0).position;
    expect(lines(run(warm, waiting, T0 + 5 * DAY, { engagement: { email: { opened: true, clicked: true } } }))[0]).toBe('branch_then check');
    expect(lines(run(warm, waiting, T0 + 5 * DAY, { engagement: { email: { opened: true } } }))[0]).toBe('branch_else check');
    const booked = [{ name: 'Meeting Booked', at: T0 + DAY, properties: {} }];
    expect(lines(run(warm, waiting, T0 + 5 * DAY, { eventsSince: booked }))[0]).toBe('branch_then check');
    const before = [{ name: 'Meeting Booked', at: T0 - DAY, properties: {} }];
    expect(lines(run(warm, waiting, T0 + 5 * DAY, { eventsSince: before }))[0]).toBe('branch_else check');
  });

  it('branches on stage, traits and doctrine conditions through the given evaluator', () => {
    const scenario = scenarioOf([
      { id: 'b', type: 'branch', if: { all: [{ stage: ['warm', 'hot'] }, { trait: 'plan', op: 'eq', value: 'pro' }, { score: { atLeast: 10 } }] }, then: 'yes', else: 'no' },
      { id: 'yes', type: 'webhook', url: 'https://crm.example.com/yes', next: 'end' },
      { id: 'no', type: 'update_contact', traits: { nurtured: true } },
      { id: 'end', type: 'exit' },
    ]);
    const kinds = (contact: AdvanceInput['contact'], evaluate?: AdvanceInput['evaluate']) => run(scenario, start(scenario), T0, { contact, evaluate }).effects.map((e) => e.kind);
    expect(kinds({ stage: 'warm', traits: { plan: 'PRO' }, score: 12 })).toEqual(['webhook']);
    expect(kinds({ stage: 'warm', traits: { plan: 'pro' }, score: 5 })).toEqual(['update_contact']);
    expect(kinds({ stage: 'cold', traits: { plan: 'pro' }, score: 50 })).toEqual(['update_contact']);
    const seen: unknown[] = [];
    const evaluate = (condition: unknown) => (seen.push(condition), true);
    expect(kinds({ stage: 'hot', traits: {} }, evaluate)).toEqual(['webhook']);
    expect(seen).toEqual([{ trait: 'plan', op: 'eq', value: 'pro' }, { score: { atLeast: 10 } }]);
  });

  it('waits for an event until its timeout, going to next on the event and onTimeout after', () => {
    const scenario = scenarioOf([
      { id: 'ask', type: 'send_email', template: 'ask' },
      { id: 'reply', type: 'wait', event: 'Form Submitted', where: { form: 'survey' }, timeout: '3d', onTimeout: 'remind' },
      { id: 'thanks', type: 'send_email', template: 'thanks', next: 'end' },
      { id: 'remind', type: 'send_sms', template: 'remind' },
      { id: 'end', type: 'exit' },
    ]);
    const waiting = run(scenario, start(scenario), T0).position;
    expect(waiting).toEqual({ stepId: 'reply', dueAt: T0 + 3 * DAY, occurrence: 0, waitingSince: T0 });
    expect(awaitedEvent(scenario, waiting)).toEqual({ event: 'Form Submitted', where: { form: 'survey' } });
    // An event arrives before the timeout: ingestion advances at once.
    const other = [{ name: 'Form Submitted', at: T0 + HOUR, properties: { form: 'contact' } }];
    expect(run(scenario, waiting, T0 + HOUR, { eventsSince: other }).effects).toEqual([]);
    const answered = run(scenario, waiting, T0 + 2 * HOUR, { eventsSince: [...other, { name: 'Form Submitted', at: T0 + 2 * HOUR, properties: { form: 'Survey' } }] });
    expect(answered.effects.map((e) => e.stepId)).toEqual(['thanks']);
    expect(lines(answered)[0]).toBe('event_seen reply: Form Submitted');
    const timedOut = run(scenario, waiting, T0 + 3 * DAY);
    expect(timedOut.effects.map((e) => e.stepId)).toEqual(['remind']);
    expect(lines(timedOut)[0]).toBe('timeout reply: Form Submitted');
  });

  it('computes wait instants: duration, then the next local time on given weekdays, DST-correct', () => {
    const wait = (extra: object) => ({ id: 'w', type: 'wait' as const, ...extra });
    // Thursday 27 March 11:00 Paris; 2 days later is Saturday: the next Monday 09:00 is in summer time.
    expect(iso(waitDueAt(wait({ duration: '2d', at: '09:00', weekdays: ['mon', 'tue'] }), T0, 'Europe/Paris'))).toBe('2025-03-31T07:00:00.000Z');
    expect(iso(waitDueAt(wait({ at: '11:00' }), T0, 'Europe/Paris'))).toBe('2025-03-28T10:00:00.000Z');
    expect(iso(waitDueAt(wait({ duration: '90m' }), T0))).toBe(iso(T0 + 90 * MINUTE));
    expect(waitDueAt(wait({ event: 'x' }), T0)).toBeNull();
  });

  it('skips sends over the frequency cap, and counts the sends it decides', () => {
    const scenario = scenarioOf(
      [
        { id: 'a', type: 'send_email', template: 'a' },
        { id: 'b', type: 'send_sms', template: 'b' },
        { id: 'alert', type: 'sales_alert', to: { email: 'sales@example.com' }, template: 'alert' },
      ],
      { frequencyCap: { messages: 2, within: '7d' } },
    );
    const capped = run(scenario, start(scenario), T0, { recentMessages: 1 });
    expect(capped.effects.map((e) => e.stepId)).toEqual(['a', 'alert']);
    expect(lines(capped)).toEqual(['step a: email a', 'capped b: 2 messages within 7d', 'step alert: sales alert to sales@example.com', 'completed: end of the steps']);
    expect(capped.status).toBe('completed');
  });

  it('stops a runaway loop with its guard', () => {
    const loop = scenarioOf([
      { id: 'a', type: 'update_contact', traits: { n: 1 } },
      { id: 'b', type: 'branch', if: { stage: 'warm' }, then: 'a', else: 'a' },
    ]);
    const outcome = run(loop, start(loop), T0);
    expect(outcome.status).toBe('exited');
    expect(outcome.endReason).toContain('a loop without a wait');
    expect(outcome.effects.length).toBe(100);
  });

  it('finishes an enrolment whose step was removed by a new version, and leaves a finished one alone', () => {
    const gone = run(warm, { stepId: 'removed', dueAt: T0, occurrence: 0, waitingSince: null }, T0);
    expect([gone.status, gone.endReason]).toEqual(['completed', 'step "removed" no longer exists in this version']);
    const done = run(warm, gone.position, T0 + DAY);
    expect([done.status, done.effects, done.history]).toEqual(['completed', [], []]);
  });

  it('starts a rhythm at its next occurrence and runs each occurrence from the first step until `times`', () => {
    const monthly = scenarioOf([{ id: 'news', type: 'send_email', template: 'news' }], {
      trigger: { type: 'recurring', every: '30d', from: 'enrolment', event: 'Signed Up', at: '10:00', times: 2 },
    });
    const started = startEnrolment(monthly, T0, {});
    expect(started.position).toEqual({ stepId: 'news', dueAt: at('2025-04-26T08:00:00Z'), occurrence: 0, waitingSince: null });
    expect(run(monthly, started.position, at('2025-04-26T07:59:00Z')).effects).toEqual([]);
    const first = run(monthly, started.position, at('2025-04-26T08:00:00Z'));
    expect(first.effects).toEqual([{ kind: 'email', stepId: 'news', template: 'news' }]);
    expect(first.position).toEqual({ stepId: 'news', dueAt: at('2025-05-26T08:00:00Z'), occurrence: 1, waitingSince: null });
    const second = run(monthly, first.position, at('2025-05-26T08:00:00Z'));
    expect([second.effects.length, second.status, second.endReason, second.position.occurrence]).toEqual([1, 'completed', 'all occurrences done', 1]);
  });

  it('never sends a burst after a long pause: a late rhythm moves to the next future occurrence', () => {
    const monthly = scenarioOf([{ id: 'news', type: 'send_email', template: 'news' }], { trigger: { type: 'recurring', every: '30d', from: 'enrolment', event: 'Signed Up' } });
    const position = startEnrolment(monthly, T0, {}).position;
    const resumed = run(monthly, position, T0 + 100 * DAY);
    expect(resumed.effects.length).toBe(1);
    expect(resumed.position).toEqual({ stepId: 'news', dueAt: T0 + 120 * DAY, occurrence: 3, waitingSince: null });
  });

  it('completes a date enrolment whose date has passed without sending anything', () => {
    const renewal = scenarioOf([{ id: 'remind', type: 'send_email', template: 'renewal' }], { trigger: { type: 'date', trait: 'subscriptionEndsAt', offset: '-7d', at: '09:00' } });
    const late = startEnrolment(renewal, T0, { subscriptionEndsAt: '2025-03-30' });
    expect([late.status, late.endReason]).toEqual(['completed', 'no occurrence ahead: the date has passed or is not a date']);
    const onTime = startEnrolment(renewal, T0, { subscriptionEndsAt: '2025-04-30' });
    expect(iso(onTime.position.dueAt)).toBe('2025-04-23T07:00:00.000Z');
    const ran = run(renewal, onTime.position, onTime.position.dueAt!);
    expect([ran.effects.length, ran.status]).toEqual([1, 'completed']);
  });
});
