import { err, ok, type Result } from './result.js';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A duration as written in doctrines and config: `45s`, `30m`, `1h`, `30d`, `2w`, `1y` (365 days). */
export type DurationText = string;

const UNITS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY, y: 365 * DAY };
const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/;

export function parseDuration(text: string): Result<number, string> {
  const match = PATTERN.exec(text.trim());
  if (!match) return err(`expected a duration such as "30d", "12h", "45m" or "90s", got "${text}"`);
  return ok(Math.round(Number(match[1]) * UNITS[match[2]!]!));
}

/** Formats milliseconds back to the largest exact unit: 2592000000 → "30d". */
export function formatDuration(ms: number): DurationText {
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's'] as const) {
    const size = UNITS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
