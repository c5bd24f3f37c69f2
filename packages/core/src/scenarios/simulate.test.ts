import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { DAY, HOUR } from '../shared/duration.js';
import { contactId } from '../shared/ids.js';
import { identify, page, track } from '../test-support/events.js';
import { SCENARIO_PRESETS } from './presets/index.js';
import type { Scenario } from './scenario.js';
import { simulateScenario, type DryRunResult } from './simulate.js';

const doctrine = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
const preset = (key: string) => SCENARIO_PRESETS.find((s) => s.key === key)!;
const at = (text: string) => Date.parse(text);
const T0 = at('2025-03-27T10:00:00Z'); // Thursday, 11:00 in Paris
const show = (result: DryRunResult) => result.lines.map((l) => `${new Date(l.at).toISOString().slice(0, 16)} ${l.contactId} ${l.what}${l.stepId ? ` ${l.stepId}` : ''}: ${l.detail}`);

describe('simulateScenario', () => {
  it('runs the warm follow-up on a virtual clock: email the next working morning, a task when nothing happens', () => {
    const result = simulateScenario({
      scenario: preset('warm-follow-up'),
      doctrine,
      contacts: [
        { contactId: contactId('quiet'), events: [track('Form Submitted', T0)] },
        { contactId: contactId('active'), events: [track('Form Submitted', T0), page('/blog', T0 + 3 * DAY)] },
        { contactId: contactId('gone'), events: [track('Form Submitted', T0), track('Unsubscribed', T0 + HOUR)] },
      ],
      from: T0 - DAY,
      until: T0 + 30 * DAY,
    });
    expect(show(result)).toEqual([
      '2025-03-27T10:00 quiet enrolled: stage entered warm (new → warm)',
      '2025-03-27T10:00 quiet waiting working-morning: until 2025-03-28T08:30:00.000Z',
      '2025-03-27T10:00 active enrolled: stage entered warm (new → warm)',
      '2025-03-27T10:00 active waiting working-morning: until 2025-03-28T08:30:00.000Z',
      '2025-03-27T10:00 gone enrolled: stage entered warm (new → warm)',
      '2025-03-27T10:00 gone waiting working-morning: until 2025-03-28T08:30:00.000Z',
      '2025-03-27T11:00 gone exited working-morning: unsubscribed',
      '2025-03-28T08:30 quiet send_email follow-up-email: template warm-follow-up',
      '2025-03-28T08:30 quiet waiting five-days: until 2025-04-02T08:30:00.000Z',
      '2025-03-28T08:30 active send_email follow-up-email: template warm-follow-up',
      '2025-03-28T08:30 active waiting five-days: until 2025-04-02T08:30:00.000Z',
      '2025-04-02T08:30 quiet task call-task: "Call this prospect: no activity in the 5 days after the follow-up email" for the owner, due 2025-04-03T08:30:00.000Z',
      '2025-04-02T08:30 quiet exited: exit step "done"',
      '2025-04-02T08:30 active exited: exit step "done"',
    ]);
    expect([result.contacts, result.enrolled, result.sends]).toEqual([3, 3, 2]);
  });

  it('sends the hot alert and the owner email the moment a contact turns hot, and enrols nobody before the period', () => {
    const result = simulateScenario({
      scenario: preset('hot-sales-alert'),
      doctrine,
      contacts: [
        { contactId: contactId('early'), events: [track('Demo Requested', T0 - 10 * DAY)] },
        { contactId: contactId('now'), events: [page('/pricing', T0), track('Demo Requested', T0 + HOUR)] },
      ],
      from: T0,
      until: T0 + 2 * DAY,
    });
    expect(show(result)).toEqual([
      '2025-03-27T11:00 now enrolled: stage entered hot (new → hot)',
      '2025-03-27T11:00 now sales_alert alert-owner: to the owner, template hot-sales-alert',
      '2025-03-27T11:00 now send_email owner-email: template hot-owner-email',
      '2025-03-27T11:00 now completed: end of the steps',
    ]);
  });

  it('sends a monthly email from signup, skipping nothing and bursting nothing', () => {
    const result = simulateScenario({
      scenario: preset('signup-monthly'),
      doctrine,
      contacts: [{ contactId: contactId('new'), events: [track('Signed Up', T0)] }],
      from: T0,
      until: T0 + 100 * DAY,
    });
    expect(result.lines.filter((l) => l.what === 'send_email').map((l) => new Date(l.at).toISOString())).toEqual([
      '2025-04-26T08:00:00.000Z',
      '2025-05-26T08:00:00.000Z',
      '2025-06-25T08:00:00.000Z',
    ]);
    expect(result.sends).toBe(3);
  });

  it('enrols a contact whose date trait is already set when the period starts, at its next occurrence', () => {
    const result = simulateScenario({
      scenario: preset('client-renewal'),
      doctrine,
      contacts: [
        { contactId: contactId('renews'), events: [identify({ subscriptionEndsAt: '2025-04-30' }, T0 - 40 * DAY)] },
        { contactId: contactId('renewed'), events: [identify({ subscriptionEndsAt: '2025-04-30' }, T0 - 40 * DAY), track('Subscription Started', at('2025-04-24T10:00:00Z'))] },
        { contactId: contactId('lapsed'), events: [identify({ subscriptionEndsAt: '2025-03-01' }, T0 - 40 * DAY)] },
      ],
      from: T0,
      until: T0 + 60 * DAY,
    });
    expect(show(result).filter((l) => !l.includes(' waiting '))).toEqual([
      '2025-03-27T10:00 renews enrolled: trait subscriptionEndsAt = "2025-04-30"',
      '2025-03-27T10:00 renewed enrolled: trait subscriptionEndsAt = "2025-04-30"',
      '2025-03-27T10:00 lapsed enrolled: trait subscriptionEndsAt = "2025-03-01"',
      '2025-03-27T10:00 lapsed completed: no occurrence ahead: the date has passed or is not a date',
      '2025-04-23T07:00 renews send_email reminder-email: template client-renewal-reminder',
      '2025-04-23T07:00 renewed send_email reminder-email: template client-renewal-reminder',
      '2025-04-24T10:00 renewed exited four-days: goal: "Subscription Started"',
      '2025-04-27T07:00 renews send_sms reminder-sms: template client-renewal-sms',
      '2025-04-27T07:00 renews exited: exit step "done"',
    ]);
  });

  it('keeps to the frequency cap and the re-entry policy', () => {
    const chatty: Scenario = {
      key: 'chatty',
      name: 'chatty',
      trigger: { type: 'event', event: 'Chat Started' },
      steps: [
        { id: 'a', type: 'send_email', template: 'a' },
        { id: 'b', type: 'send_email', template: 'b' },
      ],
      exit: [],
      reentry: { policy: 'after', cooldown: '2d' },
      frequencyCap: { messages: 3, within: '7d' },
    };
    const result = simulateScenario({
      scenario: chatty,
      doctrine,
      contacts: [{ contactId: contactId('c'), events: [track('Chat Started', T0), track('Chat Started', T0 + DAY), track('Chat Started', T0 + 3 * DAY)] }],
      from: T0,
      until: T0 + 10 * DAY,
    });
    expect(show(result).map((l) => l.slice(11))).toEqual([
      '10:00 c enrolled: event "Chat Started"',
      '10:00 c send_email a: template a',
      '10:00 c send_email b: template b',
      '10:00 c completed: end of the steps',
      '10:00 c enrolled: event "Chat Started"',
      '10:00 c send_email a: template a',
      '10:00 c send_email b: skipped: frequency cap (3 messages within 7d)',
      '10:00 c completed: end of the steps',
    ]);
    expect(result.sends).toBe(3);
  });
});
