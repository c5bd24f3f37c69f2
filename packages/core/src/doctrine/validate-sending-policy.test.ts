import { describe, expect, it } from 'vitest';
import { DOCTRINE_PRESETS } from './presets/index.js';
import { validateDoctrine } from './validate-doctrine.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const preset = () => structuredClone(DOCTRINE_PRESETS['suspect-prospect-lead']!) as unknown as Record<string, any>;
const issues = (doc: unknown) => {
  const result = validateDoctrine(doc);
  return result.ok ? [] : result.error.map((i) => ({ path: i.path.join('.'), code: i.code }));
};
const GOOD_POLICY = {
  caps: { email: { messages: 4, within: '30d' }, sms: { messages: 1, within: '7d' } },
  quietHours: { from: '21:00', to: '08:00' },
  sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '19:00' },
  defaultTimeZone: 'Europe/Paris',
};

describe('the doctrine sending policy', () => {
  it('accepts a full policy, days "all", and per-stage caps beside the older frequencyCap', () => {
    const doc = preset();
    doc.sending = GOOD_POLICY;
    doc.stages[0].followUp = { scenario: 'hot-follow-up', frequencyCap: { messages: 2, within: '7d' }, caps: { email: { messages: 1, within: '1d' } } };
    expect(issues(doc)).toEqual([]);
    doc.sending = { sendWindow: { days: 'all', from: '09:00' } };
    expect(issues(doc)).toEqual([]);
  });

  it('names the exact path of each problem', () => {
    const doc = preset();
    doc.sending = {
      caps: { email: { messages: -1, within: 'a month' }, push: { messages: 1, within: '1d' }, sms: { messages: 1 } },
      quietHours: { from: '9pm', to: '08:00' },
      sendWindow: { days: ['mon', 'funday'], from: '09:00', to: '25:00', hours: 3 },
      defaultTimeZone: 'Paris',
      rhythm: 'daily',
    };
    doc.stages[1].followUp = { caps: { email: { messages: 1.5, within: '1d' } } };
    expect(issues(doc)).toEqual([
      { path: 'stages.1.followUp.caps.email.messages', code: 'invalid_value' },
      { path: 'sending.rhythm', code: 'unknown_key' },
      { path: 'sending.caps.email.messages', code: 'invalid_value' },
      { path: 'sending.caps.email.within', code: 'invalid_value' },
      { path: 'sending.caps.push', code: 'unknown_key' },
      { path: 'sending.caps.sms.within', code: 'missing_field' },
      { path: 'sending.quietHours.from', code: 'invalid_value' },
      { path: 'sending.sendWindow.hours', code: 'unknown_key' },
      { path: 'sending.sendWindow.to', code: 'invalid_value' },
      { path: 'sending.sendWindow.days.1', code: 'invalid_value' },
      { path: 'sending.defaultTimeZone', code: 'invalid_value' },
    ]);
  });

  it('refuses quiet hours that leave nothing of the window, and a range of no length', () => {
    const doc = preset();
    doc.sending = { quietHours: { from: '18:00', to: '10:00' }, sendWindow: { from: '19:00', to: '23:00' } };
    expect(issues(doc)).toEqual([{ path: 'sending', code: 'invalid_value' }]);
    doc.sending = { quietHours: { from: '08:00', to: '08:00' } };
    expect(issues(doc)).toEqual([{ path: 'sending.quietHours.to', code: 'invalid_value' }]);
  });
});
