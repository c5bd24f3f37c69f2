import { describe, expect, it } from 'vitest';
import { addDays, instantOfLocal, isTimeZone, localDateTime, nextLocalTime, parseLocalTime, weekdayOf } from './local-time.js';

const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

describe('parseLocalTime', () => {
  it.each([
    ['09:00', { hour: 9, minute: 0 }],
    ['23:59', { hour: 23, minute: 59 }],
    ['00:00', { hour: 0, minute: 0 }],
  ])('reads %s', (text, expected) => expect(parseLocalTime(text)).toEqual(expected));
  it.each(['9:00', '24:00', '12:60', '12h30', '', '12:00:00'])('refuses %j', (text) => expect(parseLocalTime(text)).toBeNull());
});

describe('isTimeZone', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('instantOfLocal across the Paris DST changes', () => {
  it('reads winter and summer offsets', () => {
    expect(iso(instantOfLocal({ year: 2025, month: 1, day: 15 }, 9, 0, 'Europe/Paris'))).toBe('2025-01-15T08:00:00.000Z');
    expect(iso(instantOfLocal({ year: 2025, month: 7, day: 15 }, 9, 0, 'Europe/Paris'))).toBe('2025-07-15T07:00:00.000Z');
  });
  it('moves a time skipped in spring just past the gap, and takes the first of a time that happens twice in autumn', () => {
    expect(iso(instantOfLocal({ year: 2025, month: 3, day: 30 }, 2, 30, 'Europe/Paris'))).toBe('2025-03-30T01:30:00.000Z');
    expect(localDateTime(at('2025-03-30T01:30:00Z'), 'Europe/Paris')).toMatchObject({ hour: 3, minute: 30 });
    expect(iso(instantOfLocal({ year: 2025, month: 10, day: 26 }, 2, 30, 'Europe/Paris'))).toBe('2025-10-26T00:30:00.000Z');
  });
  it('handles the change days themselves around the gap', () => {
    expect(iso(instantOfLocal({ year: 2025, month: 3, day: 30 }, 1, 59, 'Europe/Paris'))).toBe('2025-03-30T00:59:00.000Z');
    expect(iso(instantOfLocal({ year: 2025, month: 3, day: 30 }, 3, 0, 'Europe/Paris'))).toBe('2025-03-30T01:00:00.000Z');
    expect(iso(instantOfLocal({ year: 2025, month: 10, day: 26 }, 3, 0, 'Europe/Paris'))).toBe('2025-10-26T02:00:00.000Z');
  });
});

describe('nextLocalTime', () => {
  it('gives 09:00 Paris as 08:00 UTC before the spring change and 07:00 UTC after it', () => {
    let from = at('2025-03-28T12:00:00Z');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const next = nextLocalTime(from, '09:00', 'Europe/Paris');
      seen.push(iso(next));
      from = next + 1;
    }
    expect(seen).toEqual(['2025-03-29T08:00:00.000Z', '2025-03-30T07:00:00.000Z', '2025-03-31T07:00:00.000Z', '2025-04-01T07:00:00.000Z']);
  });
  it('is at or after: the same instant counts', () => {
    expect(iso(nextLocalTime(at('2025-03-31T07:00:00Z'), '09:00', 'Europe/Paris'))).toBe('2025-03-31T07:00:00.000Z');
    expect(iso(nextLocalTime(at('2025-03-31T07:00:00.001Z'), '09:00', 'Europe/Paris'))).toBe('2025-04-01T07:00:00.000Z');
  });
  it('keeps only the given weekdays, and rolls across the autumn change', () => {
    // Friday 24 October 2025, 18:00 Paris: the next Monday 09:00 is after the change back to winter time.
    expect(iso(nextLocalTime(at('2025-10-24T16:00:00Z'), '09:00', 'Europe/Paris', ['mon']))).toBe('2025-10-27T08:00:00.000Z');
    expect(iso(nextLocalTime(at('2025-10-24T16:00:00Z'), '09:00', 'Europe/Paris', ['mon', 'sat']))).toBe('2025-10-25T07:00:00.000Z');
    // A Monday after 09:00 waits a whole week.
    expect(iso(nextLocalTime(at('2025-10-27T09:00:00Z'), '09:00', 'Europe/Paris', ['mon']))).toBe('2025-11-03T08:00:00.000Z');
  });
  it('reads UTC by default and a local time skipped by DST lands after the gap', () => {
    expect(iso(nextLocalTime(at('2025-05-01T10:00:00Z'), '09:00'))).toBe('2025-05-02T09:00:00.000Z');
    expect(iso(nextLocalTime(at('2025-03-29T12:00:00Z'), '02:30', 'Europe/Paris', ['sun']))).toBe('2025-03-30T01:30:00.000Z');
  });
  it('works west of UTC, where the local day differs from the UTC one', () => {
    // 03:00 UTC on the 15th is 22:00 on the 14th in New York: its next 21:00 is the 15th's.
    expect(iso(nextLocalTime(at('2025-01-15T03:00:00Z'), '21:00', 'America/New_York'))).toBe('2025-01-16T02:00:00.000Z');
  });
});

describe('calendar helpers', () => {
  it('adds days across month ends and names weekdays', () => {
    expect(addDays({ year: 2025, month: 3, day: 30 }, -30)).toEqual({ year: 2025, month: 2, day: 28 });
    expect(weekdayOf({ year: 2025, month: 10, day: 27 })).toBe('mon');
    expect(weekdayOf({ year: 2025, month: 3, day: 30 })).toBe('sun');
  });
});
