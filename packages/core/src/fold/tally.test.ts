import { describe, expect, it } from 'vitest';
import { DAY } from '../shared/duration.js';
import { eventId } from '../shared/ids.js';
import { addOccurrence, emptyTally, pruneTally, RECENT_CAP, viewTally } from './tally.js';

const T = Date.UTC(2026, 0, 10, 12);

describe('tally windows', () => {
  it('counts the window (now − within, now]: an occurrence exactly `within` ago is out', () => {
    const tally = addOccurrence(addOccurrence(emptyTally(), T, 1, eventId('a')), T + DAY, 1, eventId('b'));
    expect(viewTally(tally, T + 30 * DAY - 1, 30 * DAY).count).toBe(2);
    expect(viewTally(tally, T + 30 * DAY, 30 * DAY)).toMatchObject({ count: 1, evidence: ['b'], changesAt: T + 31 * DAY });
    expect(viewTally(tally, T + 30 * DAY - 1, 30 * DAY).changesAt).toBe(T + 30 * DAY);
    expect(viewTally(tally, T + 999 * DAY)).toMatchObject({ count: 2, sum: 2, changesAt: null });
  });

  it('keeps the latest occurrences exactly and older ones per day, without losing counts', () => {
    let tally = emptyTally();
    for (let i = 0; i < RECENT_CAP + 10; i++) tally = addOccurrence(tally, T + i * DAY, 2, eventId(`e${i}`));
    expect(tally.recent).toHaveLength(RECENT_CAP);
    expect(tally.days).toHaveLength(10);
    expect(viewTally(tally, T + 100 * DAY, 365 * DAY)).toMatchObject({ count: RECENT_CAP + 10, sum: 2 * (RECENT_CAP + 10) });
    expect(tally).toMatchObject({ n: RECENT_CAP + 10, first: T });
  });

  it('prunes day buckets past the horizon but keeps lifetime totals', () => {
    let tally = emptyTally();
    for (let i = 0; i < RECENT_CAP + 5; i++) tally = addOccurrence(tally, T + i * DAY, 1, eventId(`e${i}`));
    pruneTally(tally, T + 3 * DAY);
    expect(tally.days.map(([day]) => day * DAY)).toEqual([3, 4].map((d) => Math.floor((T + d * DAY) / DAY) * DAY));
    expect(tally.n).toBe(RECENT_CAP + 5);
  });
});
