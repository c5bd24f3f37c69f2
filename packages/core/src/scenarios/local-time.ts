import { DAY } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import { WEEKDAYS, type LocalTime, type Weekday } from './scenario.js';

/** A calendar date and wall-clock time in some zone; `month` is 1–12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly weekday: Weekday;
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `"09:30"` → `{ hour: 9, minute: 30 }`; null for anything but a 24 h `HH:MM`. */
export function parseLocalTime(text: string): { hour: number; minute: number } | null {
  const match = LOCAL_TIME.exec(text);
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null;
}

// Formatters are costly to build and pure to reuse: one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows this IANA zone (`Europe/Paris`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** The local date and time of an instant in a zone. */
export function localDateTime(instant: EpochMs, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterOf(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    weekday: parts['weekday']!.slice(0, 3).toLowerCase() as Weekday,
  };
}

/** Local time minus UTC at an instant, in ms (Paris in summer: +2 h). */
function offsetAt(instant: EpochMs, timeZone: string): number {
  const local = localDateTime(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time happens in a zone. A time skipped by a DST change (02:30 on the spring-forward
 * night in Paris) is read with the offset before the change, so it lands just after the gap (03:30); a time that
 * happens twice (the autumn night) is its first occurrence.
 */
export function instantOfLocal(date: { year: number; month: number; day: number }, hour: number, minute: number, timeZone: string): EpochMs {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Zones move at most once in a day: the offsets a day either side cover both readings.
  const before = offsetAt(asUtc - DAY, timeZone);
  const after = offsetAt(asUtc + DAY, timeZone);
  const candidates = [asUtc - before, asUtc - after].filter((at) => offsetAt(at, timeZone) === asUtc - at);
  return candidates.length > 0 ? Math.min(...candidates) : asUtc - before;
}

/** A calendar date moved by whole days (`addDays({2025, 3, 30}, -7)`), without any zone. */
export function addDays(date: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/**
 * The first instant at or after `from` that reads `at` (HH:MM) on the wall clock of `timeZone`, on one of
 * `weekdays` when given. DST-correct: 09:00 in Paris is 08:00 UTC in winter and 07:00 UTC in summer.
 * Example: `nextLocalTime(Date.parse('2025-03-29T10:00Z'), '09:00', 'Europe/Paris')` → 2025-03-30T07:00Z.
 */
export function nextLocalTime(from: EpochMs, at: LocalTime, timeZone = 'UTC', weekdays?: readonly Weekday[]): EpochMs {
  const time = parseLocalTime(at);
  if (!time) throw new Error(`invalid local time "${at}" in a scenario that should have been validated`);
  const allowed = weekdays && weekdays.length > 0 ? new Set(weekdays) : null;
  const today = localDateTime(from, timeZone);
  // Eight days always reach an allowed weekday at or after today's time.
  for (let offset = 0; offset <= 8; offset++) {
    const date = addDays(today, offset);
    const candidate = instantOfLocal(date, time.hour, time.minute, timeZone);
    if (candidate < from) continue;
    if (allowed && !allowed.has(weekdayOf(date))) continue;
    return candidate;
  }
  throw new Error(`no ${at} on ${[...(allowed ?? [])].join(', ')} within eight days`);
}

/** The weekday of a calendar date. */
export function weekdayOf(date: { year: number; month: number; day: number }): Weekday {
  // Date.UTC's getUTCDay counts from Sunday; WEEKDAYS starts on Monday.
  return WEEKDAYS[(new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7]!;
}

/** The local time of day of an instant as `HH:MM`, for messages. */
export function formatLocalTime(instant: EpochMs, timeZone: string): string {
  const local = localDateTime(instant, timeZone);
  return `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
}
