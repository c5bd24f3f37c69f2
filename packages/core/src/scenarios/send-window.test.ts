import { describe, expect, it } from 'vitest';
import { messageLeavesAt, sendWindowAt, sendWindowEverOpens, type SendTimingPolicy } from './send-window.js';

const at = (iso: string) => Date.parse(iso);
const opensAt = (iso: string, zone: string, policy: SendTimingPolicy) => {
  const answer = sendWindowAt(at(iso), zone, policy);
  return answer.open ? 'open' : answer.opensAt === null ? null : new Date(answer.opensAt).toISOString();
};
const NIGHT: SendTimingPolicy = { quietHours: { from: '21:00', to: '08:00' } };
const OFFICE: SendTimingPolicy = { quietHours: { from: '21:00', to: '08:00' }, sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '19:00' } };

describe('sendWindowAt', () => {
  it('lets a message leave inside the window and when no rule is set', () => {
    expect(opensAt('2025-06-10T10:00:00Z', 'Europe/Paris', OFFICE)).toBe('open'); // Tuesday 12:00 in Paris
    expect(opensAt('2025-06-10T02:00:00Z', 'Europe/Paris', {})).toBe('open');
  });

  it('holds a message decided at 23:00 in Paris until 08:00 local, in winter and in summer', () => {
    expect(sendWindowAt(at('2025-01-14T22:00:00Z'), 'Europe/Paris', NIGHT)).toEqual({ open: false, reason: 'quiet_hours', opensAt: at('2025-01-15T07:00:00Z') });
    expect(opensAt('2025-07-14T21:00:00Z', 'Europe/Paris', NIGHT)).toBe('2025-07-15T06:00:00.000Z');
  });

  it('opens at 08:00 local on the nights Paris changes its clocks (last Sundays of March and October)', () => {
    // Saturday 29 March 23:00 CET; the clocks go forward at 02:00, so 08:00 on Sunday is CEST, 06:00 UTC.
    expect(opensAt('2025-03-29T22:00:00Z', 'Europe/Paris', NIGHT)).toBe('2025-03-30T06:00:00.000Z');
    // Saturday 25 October 23:00 CEST; the clocks go back at 03:00, so 08:00 on Sunday is CET, 07:00 UTC.
    expect(opensAt('2025-10-25T21:00:00Z', 'Europe/Paris', NIGHT)).toBe('2025-10-26T07:00:00.000Z');
    // The hour that happens twice (02:30 CEST then 02:30 CET) is quiet both times.
    expect(opensAt('2025-10-26T00:30:00Z', 'Europe/Paris', NIGHT)).toBe('2025-10-26T07:00:00.000Z');
    expect(opensAt('2025-10-26T01:30:00Z', 'Europe/Paris', NIGHT)).toBe('2025-10-26T07:00:00.000Z');
  });

  it('follows New York across its own changes (second Sunday of March, first of November)', () => {
    // Saturday 8 March 23:00 EST → Sunday 08:00 EDT (12:00 UTC).
    expect(opensAt('2025-03-09T04:00:00Z', 'America/New_York', NIGHT)).toBe('2025-03-09T12:00:00.000Z');
    // Saturday 1 November 23:00 EDT → Sunday 08:00 EST (13:00 UTC).
    expect(opensAt('2025-11-02T03:00:00Z', 'America/New_York', NIGHT)).toBe('2025-11-02T13:00:00.000Z');
  });

  it('keeps a fixed offset in a zone without daylight saving', () => {
    // Tokyo is UTC+9 all year: 08:00 there is 23:00 UTC the day before, in March as in October.
    expect(opensAt('2025-03-29T14:00:00Z', 'Asia/Tokyo', NIGHT)).toBe('2025-03-29T23:00:00.000Z');
    expect(opensAt('2025-10-25T14:00:00Z', 'Asia/Tokyo', NIGHT)).toBe('2025-10-25T23:00:00.000Z');
  });

  it('treats quiet hours that cross midnight as one stretch, and a daytime stretch as just that', () => {
    expect(opensAt('2025-06-10T22:30:00Z', 'Europe/Paris', NIGHT)).toBe('2025-06-11T06:00:00.000Z'); // 00:30 local
    expect(opensAt('2025-06-10T18:59:00Z', 'Europe/Paris', NIGHT)).toBe('open'); // 20:59 local
    expect(sendWindowAt(at('2025-06-10T19:00:00Z'), 'Europe/Paris', NIGHT)).toMatchObject({ open: false, reason: 'quiet_hours' }); // 21:00 sharp
    const lunch: SendTimingPolicy = { quietHours: { from: '12:00', to: '14:00' } };
    expect(opensAt('2025-06-10T10:30:00Z', 'Europe/Paris', lunch)).toBe('2025-06-10T12:00:00.000Z');
    expect(opensAt('2025-06-10T22:30:00Z', 'Europe/Paris', lunch)).toBe('open');
  });

  it('waits for the next weekday when the window is limited to weekdays', () => {
    // Friday 13 June 19:30 in Paris: after the window, before the weekend → Monday 09:00 (07:00 UTC).
    expect(sendWindowAt(at('2025-06-13T17:30:00Z'), 'Europe/Paris', OFFICE)).toEqual({ open: false, reason: 'outside_window', opensAt: at('2025-06-16T07:00:00Z') });
    // Saturday noon → Monday 09:00; the DST weekend in March too (Saturday 29 → Monday 31, CEST).
    expect(opensAt('2025-06-14T10:00:00Z', 'Europe/Paris', OFFICE)).toBe('2025-06-16T07:00:00.000Z');
    expect(opensAt('2025-03-29T22:00:00Z', 'Europe/Paris', OFFICE)).toBe('2025-03-31T07:00:00.000Z');
    // Tuesday 08:30: quiet hours are over but the window opens at 09:00.
    expect(opensAt('2025-06-10T06:30:00Z', 'Europe/Paris', OFFICE)).toBe('2025-06-10T07:00:00.000Z');
    // Every day with "all".
    expect(opensAt('2025-06-14T05:00:00Z', 'Europe/Paris', { sendWindow: { days: 'all', from: '09:00', to: '19:00' } })).toBe('2025-06-14T07:00:00.000Z');
  });

  it('says when a policy never opens', () => {
    const never: SendTimingPolicy = { quietHours: { from: '18:00', to: '10:00' }, sendWindow: { from: '19:00', to: '23:00' } };
    expect(opensAt('2025-06-10T12:00:00Z', 'UTC', never)).toBeNull();
    expect(sendWindowEverOpens(never)).toBe(false);
    expect(sendWindowEverOpens(OFFICE)).toBe(true);
    expect(sendWindowEverOpens({ sendWindow: { days: ['sun'] } })).toBe(true);
  });
});

describe('messageLeavesAt', () => {
  it("holds a message for the opening on the contact's clock, and leaves it alone without a window", () => {
    const policy = { ...NIGHT, defaultTimeZone: 'Europe/Paris' };
    expect(new Date(messageLeavesAt(at('2025-01-14T22:00:00Z'), { traits: {} }, policy, 'UTC')).toISOString()).toBe('2025-01-15T07:00:00.000Z');
    expect(new Date(messageLeavesAt(at('2025-01-14T22:00:00Z'), { traits: { timezone: 'America/New_York' } }, policy, 'UTC')).toISOString()).toBe('2025-01-14T22:00:00.000Z'); // 17:00 there
    expect(new Date(messageLeavesAt(at('2025-01-14T22:00:00Z'), { traits: {}, timeZone: 'Asia/Tokyo' }, policy, 'UTC')).toISOString()).toBe('2025-01-14T23:00:00.000Z'); // 07:00 there
    expect(messageLeavesAt(at('2025-01-14T22:00:00Z'), { traits: {} }, { caps: {} }, 'UTC')).toBe(at('2025-01-14T22:00:00Z'));
  });
});
