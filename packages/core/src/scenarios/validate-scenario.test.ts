import { describe, expect, it } from 'vitest';
import { validateScenario } from './validate-scenario.js';

// A loosely typed document: these tests break it on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const base = (): Doc => ({
  key: 'warm-follow-up',
  name: 'Warm follow-up',
  trigger: { type: 'stage_entered', stage: 'warm' },
  timezone: 'Europe/Paris',
  steps: [
    { id: 'first-email', type: 'send_email', template: 'warm-follow-up' },
    { id: 'pause', type: 'wait', duration: '5d' },
    { id: 'check', type: 'branch', if: { any: [{ sent: 'first-email', engaged: 'clicked' }, { signal: 'pageViews', within: '5d' }] }, then: 'done', else: 'call' },
    { id: 'call', type: 'task', title: 'Call them', assignee: 'owner', due: '1d' },
    { id: 'done', type: 'exit' },
  ],
  exit: [{ type: 'event', event: 'Order Completed' }, { type: 'stage', stage: 'hot' }, { type: 'trigger_stage_left' }, { type: 'unsubscribed' }],
  reentry: { policy: 'after', cooldown: '90d' },
  frequencyCap: { messages: 2, within: '7d' },
});
const known = { stages: ['client', 'hot', 'warm', 'cold', 'unknown'], templates: new Set(['warm-follow-up', 'other']) };
const issues = (doc: unknown, k = known) => {
  const result = validateScenario(doc, k);
  return result.ok ? [] : result.error.map((i) => `${i.path.join('.')} ${i.code}`);
};
const messages = (doc: unknown) => {
  const result = validateScenario(doc, known);
  return result.ok ? [] : result.error.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('validateScenario', () => {
  it('accepts a sound scenario and returns it typed', () => {
    const result = validateScenario(base(), known);
    expect(result.ok && result.value.key).toBe('warm-follow-up');
  });

  it('refuses what is not an object, and lists every missing part', () => {
    expect(issues(null)).toEqual([' invalid_type']);
    expect(issues({})).toEqual(['key missing_field', 'name missing_field', 'trigger missing_field', 'steps missing_field', 'exit missing_field', 'reentry missing_field']);
  });

  it('names unknown fields, step types and triggers with what was expected', () => {
    const doc = base();
    doc.colour = 'red';
    doc.steps[0].subject = 'Hi';
    doc.steps[1] = { id: 'pause', type: 'sleep', duration: '5d' };
    doc.trigger = { type: 'birthday' };
    expect(messages(doc)).toEqual([
      'colour: unknown field "colour"; expected one of key, name, description, trigger, steps, exit, reentry, timezone, frequencyCap, controlGroup',
      'trigger.type: unknown trigger "birthday"; expected one of stage_entered, stage_left, event, date, recurring, segment_entered',
      'steps.0.subject: unknown field "subject" in a send_email step; expected id, type, next, template, variants',
      'steps.1.type: unknown step "sleep"; expected one of wait, branch, send_email, send_sms, sales_alert, task, webhook, update_contact, exit',
    ]);
  });

  it('catches duplicate ids and references to unknown steps', () => {
    const doc = base();
    doc.steps[3].id = 'first-email';
    doc.steps[0].next = 'nowhere';
    doc.steps.push({ id: 'late', type: 'wait', event: 'Replied', timeout: '2d', onTimeout: 'gone' });
    expect(issues(doc)).toEqual(['steps.0.next unknown_step', 'steps.2.else unknown_step', 'steps.3.id duplicate_key', 'steps.5.onTimeout unknown_step']);
  });

  it('refuses a loop without a wait, and accepts one through a wait', () => {
    const doc = base();
    doc.steps[2].else = 'first-email';
    expect(issues(doc)).toEqual([]);
    doc.steps[3].next = 'first-email';
    doc.steps[0].next = 'call';
    expect(messages(doc)).toEqual(['steps.0: steps first-email → call → first-email loop without a wait; put a wait in the loop so that each turn moves the clock']);
    const branchLoop = base();
    branchLoop.steps[2].then = 'check';
    expect(issues(branchLoop)).toEqual(['steps.2 cycle_without_wait']);
  });

  it('checks durations, local times, weekdays and time zones', () => {
    const doc = base();
    doc.timezone = 'Europe/Atlantis';
    doc.steps[1] = { id: 'pause', type: 'wait', duration: 'two days', at: '9:00', weekdays: ['mon', 'funday'] };
    doc.reentry = { policy: 'after', cooldown: '0d' };
    doc.frequencyCap = { messages: 0, within: '7d', per: 'contact' };
    expect(messages(doc)).toEqual([
      'timezone: unknown time zone "Europe/Atlantis"; expected an IANA name such as "Europe/Paris" or "UTC"',
      'steps.1.duration: expected a duration such as "30d", "12h", "45m" or "90s", got "two days"',
      'steps.1.at: expected a local time of day as "HH:MM" (24 h), e.g. "09:00", got "9:00"',
      'steps.1.weekdays.1: unknown weekday "funday"; expected one of mon, tue, wed, thu, fri, sat, sun',
      'reentry.cooldown: expected a duration greater than zero',
      'frequencyCap.per: unknown field "per" in a frequency cap; expected messages, within',
      'frequencyCap.messages: expected a whole number of messages, 1 or more',
    ]);
  });

  it('checks the shape of waits', () => {
    const doc = base();
    doc.steps[1] = { id: 'pause', type: 'wait' };
    expect(issues(doc)).toEqual(['steps.1 missing_field']);
    doc.steps[1] = { id: 'pause', type: 'wait', weekdays: ['mon'], onTimeout: 'call' };
    expect(issues(doc)).toEqual(['steps.1.onTimeout invalid_value', 'steps.1.at missing_field']);
    doc.steps[1] = { id: 'pause', type: 'wait', event: 'Email Replied', where: { channel: [] }, duration: '1d', onTimeout: 'call' };
    expect(issues(doc)).toEqual(['steps.1.where.channel invalid_value', 'steps.1.timeout missing_field', 'steps.1.duration invalid_value']);
    doc.steps[1] = { id: 'pause', type: 'wait', event: 'Email Replied', timeout: '3d', onTimeout: 'call' };
    expect(issues(doc)).toEqual([]);
  });

  it('checks trigger shapes, including dates, rhythms and segments', () => {
    const cases: [unknown, string[]][] = [
      [{ type: 'date', trait: 'subscriptionEndsAt', offset: '-7d', at: '09:00' }, []],
      [{ type: 'date', trait: 'subscriptionEndsAt', offset: 'soon' }, ['trigger.offset invalid_value']],
      [{ type: 'date' }, ['trigger.trait missing_field']],
      [{ type: 'recurring', every: '30d', from: 'enrolment', event: 'Signed Up', at: '10:00', times: 12 }, []],
      [{ type: 'recurring', every: '30d', from: 'enrolment' }, ['trigger.event missing_field']],
      [{ type: 'recurring', every: '-30d', from: 'signedUpAt', event: 'Signed Up', times: 1.5 }, ['trigger.every invalid_value', 'trigger.times invalid_value', 'trigger.event invalid_value']],
      [{ type: 'event', event: 'Signed Up', where: { plan: ['pro', 'team'] } }, []],
      [{ type: 'event', event: 'Signed Up', where: { plan: { gt: 1 } } }, ['trigger.where.plan invalid_value']],
      [{ type: 'segment_entered', segment: 'big-spenders' }, []],
      [{ type: 'segment_entered', segment: 'x', stage: 'hot' }, ['trigger.stage unknown_key']],
      [{ type: 'stage_left', stage: 'lukewarm' }, ['trigger.stage unknown_stage']],
    ];
    for (const [trigger, expected] of cases) {
      const doc = base();
      doc.trigger = trigger;
      doc.exit = [];
      expect([trigger, issues(doc)]).toEqual([trigger, expected]);
    }
  });

  it('checks exit rules and re-entry', () => {
    const doc = base();
    doc.trigger = { type: 'event', event: 'Signed Up' };
    doc.exit = [{ type: 'event' }, { type: 'stage', stage: 'tepid' }, { type: 'trigger_stage_left' }, { type: 'bored' }, 'x'];
    doc.reentry = { policy: 'sometimes' };
    expect(issues(doc)).toEqual(['exit.0.event missing_field', 'exit.1.stage unknown_stage', 'exit.2.type invalid_value', 'exit.3.type invalid_value', 'exit.4 invalid_type', 'reentry.policy invalid_value']);
  });

  it('checks keys as slugs, templates, assignees and URLs', () => {
    const doc = base();
    doc.key = 'Warm Follow Up';
    doc.steps[0].template = 'missing-one';
    doc.steps[0].id = 'First';
    doc.steps[2].if = { sent: '*', engaged: 'opened' };
    doc.steps[3].assignee = { email: 'nobody' };
    doc.steps.splice(4, 0, { id: 'alert', type: 'sales_alert', to: 'owner', webhook: 'ftp://x' }, { id: 'hook', type: 'webhook', url: 'https://crm.example.com/hook' }, { id: 'mark', type: 'update_contact', traits: {} });
    expect(messages(doc)).toEqual([
      'key: expected a slug of lowercase letters, digits, "-" or "_" (e.g. "warm-follow-up")',
      'steps.0.id: expected a slug of lowercase letters, digits, "-" or "_" (e.g. "warm-follow-up")',
      'steps.0.template: no template "missing-one"; create it first or name one of other, warm-follow-up',
      'steps.3.assignee: expected "owner" (the contact\'s owner) or { "email": "team@example.com" }',
      'steps.4.webhook: expected an http(s) URL',
      'steps.6.traits: expected the traits to set, e.g. { "followedUp": true }',
    ]);
  });

  it('knows nothing of stages and templates when not told', () => {
    const doc = base();
    doc.trigger.stage = 'lukewarm';
    doc.steps[0].template = 'anything';
    expect(issues(doc, {} as typeof known)).toEqual([]);
  });

  it('checks branch conditions: its own forms and the doctrine language, with paths', () => {
    const doc = base();
    doc.steps[2].if = {
      all: [
        { stage: ['warm', 'tepid'] },
        { eventSince: 'Demo Requested', where: { size: [] } },
        { sent: 'call', engaged: 'read' },
        { not: { trait: 'city', op: 'eq' } },
        { signal: 'pageview', atLeast: 1 },
        { score: { atLeast: 10 } },
        { stage: 'hot', eventSince: 'x' },
      ],
    };
    expect(issues(doc)).toEqual([
      'steps.2.if.all.0.stage.1 unknown_stage',
      'steps.2.if.all.1.where.size invalid_value',
      'steps.2.if.all.2.sent unknown_step',
      'steps.2.if.all.2.engaged invalid_value',
      'steps.2.if.all.3.not.value missing_field',
      'steps.2.if.all.4.signal invalid_value',
      'steps.2.if.all.6 invalid_value',
    ]);
  });
});
