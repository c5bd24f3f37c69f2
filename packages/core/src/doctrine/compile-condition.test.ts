import { describe, expect, it } from 'vitest';
import { eventTallyKey } from '../fold/contact-state.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { addOccurrence, emptyTally, RECENT_CAP } from '../fold/tally.js';
import { DAY, HOUR } from '../shared/duration.js';
import { eventId } from '../shared/ids.js';
import { compileCondition, type EvalContext } from './compile-condition.js';
import type { Condition } from './doctrine.js';

// The window of a 30-day rule evaluated at START + 30d begins exactly at START, a UTC midnight.
const START = Date.UTC(2026, 0, 10);
const WINDOW_END = START + 30 * DAY;

/**
 * Calls at START − 1 day, START and START + 1 day (each at the start of its day), then RECENT_CAP later calls: the
 * three first ones are beyond the exact occurrences, in day buckets.
 */
function callsState() {
  let tally = emptyTally();
  const bucketed = [START - DAY, START, START + DAY];
  const recent = Array.from({ length: RECENT_CAP }, (_, i) => START + 2 * DAY + i * HOUR);
  [...bucketed, ...recent].forEach((at, i) => (tally = addOccurrence(tally, at, 1, eventId(`call-${i}`))));
  expect(tally.days).toHaveLength(3);
  return { ...emptyContactState(), tallies: { [eventTallyKey('Call Logged')]: tally } };
}

const state = callsState();
const contextAt = (now: number): EvalContext => ({ state, now, cartAbandonAfterMs: HOUR, score: () => 0, scoreHalfLifeMs: null, next: Number.POSITIVE_INFINITY });
const calls = (range: { atLeast?: number; atMost?: number }): Condition => ({ event: 'Call Logged', within: '30d', ...range });

/** The count as explained (every occurrence read). */
const observedAt = (now: number) => compileCondition(calls({ atLeast: 1 })).explain(contextAt(now))[0]?.observed;
/** The count as tested by a windowed "at least", which stops reading once the threshold is reached. */
const reachedAt = (now: number) => {
  let count = 0;
  while (compileCondition(calls({ atLeast: count + 1 })).test(contextAt(now))) count++;
  return count;
};
/** The count as tested by a range, which reads every occurrence. */
const inRangeAt = (now: number) => {
  let count = 0;
  while (!compileCondition(calls({ atMost: count })).test(contextAt(now))) count++;
  return count;
};

describe('a windowed count beyond the exact occurrences (day buckets)', () => {
  it.each([
    ['the window starts exactly at a bucket: that bucket is out, the next one in', WINDOW_END, RECENT_CAP + 1],
    ['the window starts 1 ms before a bucket: it is in, the bucket a day earlier out', WINDOW_END - 1, RECENT_CAP + 2],
    ['a bucket that starts exactly now is in (the exact calls are all later)', START + DAY, 3],
    ['a bucket that starts 1 ms after now is out', START + DAY - 1, 2],
  ])('%s', (_name, now, expected) => {
    expect(observedAt(now)).toBe(expected);
    expect(reachedAt(now)).toBe(expected);
    expect(inRangeAt(now)).toBe(expected);
  });

  it('says when the count drops: when the bucket that completed it leaves the window', () => {
    const atLeast = contextAt(WINDOW_END);
    expect(compileCondition(calls({ atLeast: RECENT_CAP + 1 })).test(atLeast)).toBe(true);
    expect(atLeast.next).toBe(START + DAY + 30 * DAY);

    const range = contextAt(WINDOW_END);
    expect(compileCondition(calls({ atLeast: 1, atMost: 100 })).test(range)).toBe(true);
    expect(range.next).toBe(START + DAY + 30 * DAY);

    // One call is enough: the newest one, leaving last, decides.
    const one = contextAt(WINDOW_END);
    expect(compileCondition(calls({ atLeast: 1 })).test(one)).toBe(true);
    expect(one.next).toBe(START + 2 * DAY + (RECENT_CAP - 1) * HOUR + 30 * DAY);
  });
});
