import type { SendingPolicy } from '../doctrine/sending-policy.js';
import type { EpochMs } from '../shared/ids.js';
import { contactTimeZone } from './contact-time-zone.js';
import { addDays, instantOfLocal, localDateTime, parseLocalTime, weekdayOf } from './local-time.js';

/** The part of a sending policy that says when a message may leave. */
export type SendTimingPolicy = Pick<SendingPolicy, 'quietHours' | 'sendWindow'>;

/** Whether a message may leave at an instant, and if not why and when it may (null: the policy never opens). */
export type SendWindowAnswer = { readonly open: true } | { readonly open: false; readonly reason: 'quiet_hours' | 'outside_window'; readonly opensAt: EpochMs | null };

/** Days ahead searched for an opening: a week and a day always reaches any allowed weekday at any hour. */
const SEARCH_DAYS = 8;

const minutesOf = (text: string | undefined): number | null => {
  const time = text === undefined ? null : parseLocalTime(text);
  return time ? time.hour * 60 + time.minute : null;
};

/** Whether a minute of the day lies in [from, to), a range that crosses midnight when `from` is after `to`. */
function inRange(minute: number, from: number | null, to: number | null): boolean {
  if (from !== null && to !== null) return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
  if (from !== null) return minute >= from;
  if (to !== null) return minute < to;
  return true;
}

/** Why a message may not leave at this instant in this zone, or null when it may. */
function closedBecause(instant: EpochMs, timeZone: string, policy: SendTimingPolicy): 'quiet_hours' | 'outside_window' | null {
  const local = localDateTime(instant, timeZone);
  const minute = local.hour * 60 + local.minute;
  const quiet = policy.quietHours;
  if (quiet && inRange(minute, minutesOf(quiet.from), minutesOf(quiet.to))) return 'quiet_hours';
  const window = policy.sendWindow;
  if (!window) return null;
  // The day is the contact's calendar day at that instant: the small hours of a window past midnight count as the next day.
  if (Array.isArray(window.days) && !window.days.includes(weekdayOf(local))) return 'outside_window';
  return inRange(minute, minutesOf(window.from), minutesOf(window.to)) ? null : 'outside_window';
}

/**
 * Whether a marketing message may leave at `instant` for a contact in `timeZone` (IANA), and if not, the first
 * instant it may: quiet hours and the send window are read on the contact's wall clock, so 08:00 in Paris is 07:00
 * UTC in winter and 06:00 UTC in summer, and a night that changes the clock still opens at 08:00 local.
 * Example: `sendWindowAt(Date.parse('2025-03-29T22:00Z'), 'Europe/Paris', { quietHours: { from: '21:00', to: '08:00' } })`
 * → `{ open: false, reason: 'quiet_hours', opensAt: Date.parse('2025-03-30T06:00Z') }`.
 */
export function sendWindowAt(instant: EpochMs, timeZone: string, policy: SendTimingPolicy): SendWindowAnswer {
  const reason = closedBecause(instant, timeZone, policy);
  if (reason === null) return { open: true };
  return { open: false, reason, opensAt: nextOpening(instant, timeZone, policy) };
}

/**
 * The first instant after `instant` when sending opens. Sending opens only where a closed stretch ends: at a day's
 * start (a weekday window), at the window's `from`, or at the quiet hours' `to`, so those boundaries of the next days
 * are the only candidates.
 */
function nextOpening(instant: EpochMs, timeZone: string, policy: SendTimingPolicy): EpochMs | null {
  const boundaries = [{ hour: 0, minute: 0 }, parseLocalTime(policy.sendWindow?.from ?? ''), parseLocalTime(policy.quietHours?.to ?? '')].filter((b) => b !== null);
  const today = localDateTime(instant, timeZone);
  const candidates: EpochMs[] = [];
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const date = addDays(today, offset);
    for (const boundary of boundaries) {
      const at = instantOfLocal(date, boundary.hour, boundary.minute, timeZone);
      if (at > instant) candidates.push(at);
    }
  }
  candidates.sort((a, b) => a - b);
  return candidates.find((at) => closedBecause(at, timeZone, policy) === null) ?? null;
}

/**
 * When a message decided at `at` leaves: at once, or at the next opening of the window on the contact's clock (its zone
 * from its traits, the tracker, the policy's default or `serverTimeZone`). A policy that never opens holds nothing.
 */
export function messageLeavesAt(at: EpochMs, contact: { readonly traits: Readonly<Record<string, unknown>>; readonly timeZone?: string | undefined }, policy: SendingPolicy | undefined, serverTimeZone: string): EpochMs {
  if (!policy || (!policy.quietHours && !policy.sendWindow)) return at;
  const { zone } = contactTimeZone({ traits: contact.traits, seenTimeZone: contact.timeZone ?? null, policyDefault: policy.defaultTimeZone, serverDefault: serverTimeZone });
  const answer = sendWindowAt(at, zone, policy);
  return answer.open || answer.opensAt === null ? at : answer.opensAt;
}

/** Whether some instant of a week is open under the policy: quiet hours that cover the whole window never open. */
export function sendWindowEverOpens(policy: SendTimingPolicy): boolean {
  // Monday 2024-01-01 00:00 UTC, a zone without clock changes: a week from there meets every weekday and hour.
  const monday = Date.UTC(2024, 0, 1);
  return sendWindowAt(monday, 'UTC', policy).open || nextOpening(monday, 'UTC', policy) !== null;
}
