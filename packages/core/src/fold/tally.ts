import { DAY } from '../shared/duration.js';
import type { EpochMs, EventId } from '../shared/ids.js';

/**
 * Occurrences of one signal for one contact: lifetime totals, the most recent occurrences exactly,
 * and older ones (still inside the retention horizon) summed per UTC day.
 * Windows are therefore exact for the latest RECENT_CAP occurrences and exact to the day beyond.
 */
export interface Tally {
  /** Lifetime count. */
  n: number;
  /** Lifetime sum of values (seconds, revenue…); equals n for plain counts. */
  sum: number;
  first: EpochMs;
  last: EpochMs;
  /** Most recent occurrences, oldest first: [at, value, eventId]. */
  recent: [EpochMs, number, EventId][];
  /** Older occurrences per UTC day, oldest first: [dayIndex, count, sum]. */
  days: [number, number, number][];
}

export const RECENT_CAP = 32;

export function emptyTally(): Tally {
  return { n: 0, sum: 0, first: 0, last: 0, recent: [], days: [] };
}

/** Records one occurrence; occurrences must arrive in time order. Mutates and returns the tally (fold-local copies only). */
export function addOccurrence(tally: Tally, at: EpochMs, value: number, id: EventId): Tally {
  if (tally.n === 0) tally.first = at;
  tally.n += 1;
  tally.sum += value;
  tally.last = at;
  tally.recent.push([at, value, id]);
  if (tally.recent.length > RECENT_CAP) {
    const [oldAt, oldValue] = tally.recent.shift()!;
    const day = Math.floor(oldAt / DAY);
    const lastDay = tally.days[tally.days.length - 1];
    if (lastDay && lastDay[0] === day) {
      lastDay[1] += 1;
      lastDay[2] += oldValue;
    } else tally.days.push([day, 1, oldValue]);
  }
  return tally;
}

/** Drops day buckets that end before `horizon`; lifetime totals are kept. */
export function pruneTally(tally: Tally, horizon: EpochMs): Tally {
  const firstKept = tally.days.findIndex(([day]) => (day + 1) * DAY > horizon);
  if (firstKept === -1) tally.days = [];
  else if (firstKept > 0) tally.days = tally.days.slice(firstKept);
  return tally;
}

export interface WindowView {
  count: number;
  sum: number;
  /** Ids of the in-window exact occurrences, most recent first. */
  evidence: EventId[];
  /** The earliest instant after `now` at which this view can shrink (an occurrence leaving the window), or null. */
  changesAt: EpochMs | null;
}

/** Occurrences in the half-open window (now - within, now]. `within` undefined means lifetime. */
export function viewTally(tally: Tally | undefined, now: EpochMs, within?: number): WindowView {
  if (!tally || tally.n === 0) return { count: 0, sum: 0, evidence: [], changesAt: null };
  if (within === undefined) {
    const evidence = tally.recent.filter(([at]) => at <= now).map(([, , id]) => id).reverse();
    return { count: tally.n, sum: tally.sum, evidence, changesAt: null };
  }
  const since = now - within;
  let count = 0;
  let sum = 0;
  let changesAt: EpochMs | null = null;
  const evidence: EventId[] = [];
  for (const [day, dayCount, daySum] of tally.days) {
    // A day bucket counts while its whole day is inside the window.
    if (day * DAY > since && day * DAY <= now) {
      count += dayCount;
      sum += daySum;
      const leaves = day * DAY + within;
      if (changesAt === null || leaves < changesAt) changesAt = leaves;
    }
  }
  for (let i = tally.recent.length - 1; i >= 0; i--) {
    const [at, value, id] = tally.recent[i]!;
    if (at > now) continue;
    if (at <= since) break;
    count += 1;
    sum += value;
    evidence.push(id);
    const leaves = at + within;
    if (changesAt === null || leaves < changesAt) changesAt = leaves;
  }
  return { count, sum, evidence, changesAt };
}
