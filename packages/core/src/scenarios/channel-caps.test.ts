import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { page } from '../test-support/events.js';
import type { AdvanceOutcome } from './advance-enrolment.js';
import { applyChannelRooms, channelRooms } from './channel-caps.js';

const T = Date.UTC(2026, 5, 10, 9, 0, 0);
const outcome = (): AdvanceOutcome => ({
  effects: [
    { kind: 'email', stepId: 'welcome', template: 'welcome' },
    { kind: 'sms', stepId: 'text', template: 'reminder' },
    { kind: 'alert', stepId: 'alert', to: 'owner' },
    { kind: 'email', stepId: 'offer', template: 'offer' },
  ],
  history: [
    { at: T, stepId: 'welcome', what: 'step', detail: 'email welcome' },
    { at: T, stepId: 'text', what: 'step', detail: 'sms reminder' },
    { at: T, stepId: 'offer', what: 'step', detail: 'email offer' },
  ],
  position: { stepId: null, dueAt: null, occurrence: 0, waitingSince: null },
  status: 'completed',
  endReason: 'end of the steps',
});

describe('caps per channel', () => {
  it('takes the tightest of the policy and stage caps, channel by channel', () => {
    const sent = { email: 3, sms: 0 } as const;
    const rooms = channelRooms(
      [
        { scope: 'policy', caps: { email: { messages: 4, within: '30d' }, sms: { messages: 2, within: '30d' } } },
        { scope: 'stage', caps: { email: { messages: 10, within: '1d' } } },
      ],
      (channel) => sent[channel],
    );
    expect(rooms).toEqual({ email: { left: 1, cap: { messages: 4, within: '30d' }, scope: 'policy' }, sms: { left: 2, cap: { messages: 2, within: '30d' }, scope: 'policy' } });
  });

  it('drops the email beyond its room, keeps the SMS and the alert, and records why in place of the step line', () => {
    const capped = applyChannelRooms(outcome(), { email: { left: 1, cap: { messages: 4, within: '30d' }, scope: 'policy' } });
    expect(capped.effects.map((e) => e.stepId)).toEqual(['welcome', 'text', 'alert']);
    expect(capped.history[2]).toEqual({ at: T, stepId: 'offer', what: 'capped', detail: '4 email messages within 30d (sending policy)' });
    expect(applyChannelRooms(outcome(), {}).effects).toHaveLength(4);
  });
});

describe('the time zone the tracker reports', () => {
  it('is kept by the fold, the latest winning', () => {
    const params = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!).foldParams;
    const state = foldEvents(emptyContactState(), [page('/a', T, { context: { page: { path: '/a' }, timezone: 'Europe/Paris' } }), page('/b', T + 1000, { context: { page: { path: '/b' }, timezone: 'America/New_York' } }), page('/c', T + 2000)], params);
    expect(state.timeZone).toBe('America/New_York');
  });
});
