import { isTimeZone } from './local-time.js';

/** Where a contact's time zone came from, most trusted first. */
export type TimeZoneSource = 'trait' | 'tracker' | 'policy' | 'server';

/** The traits that may name a contact's IANA zone, as identify calls spell it. */
const ZONE_TRAITS = ['timezone', 'timeZone'] as const;

/**
 * The zone a contact's quiet hours and send window are read in: a `timezone` (or `timeZone`) trait naming an IANA
 * zone, else the zone the tracker last reported (Segment's `context.timezone`, kept by the fold), else the doctrine's
 * `sending.defaultTimeZone`, else the server's. A value Intl does not know is skipped, never trusted.
 * Example: `contactTimeZone({ traits: { timezone: 'America/New_York' }, serverDefault: 'UTC' })` →
 * `{ zone: 'America/New_York', source: 'trait' }`.
 */
export function contactTimeZone(input: {
  readonly traits: Readonly<Record<string, unknown>>;
  readonly seenTimeZone?: string | null;
  readonly policyDefault?: string;
  readonly serverDefault: string;
}): { zone: string; source: TimeZoneSource } {
  for (const key of ZONE_TRAITS) {
    const value = input.traits[key];
    if (typeof value === 'string' && isTimeZone(value.trim())) return { zone: value.trim(), source: 'trait' };
  }
  if (input.seenTimeZone && isTimeZone(input.seenTimeZone)) return { zone: input.seenTimeZone, source: 'tracker' };
  if (input.policyDefault && isTimeZone(input.policyDefault)) return { zone: input.policyDefault, source: 'policy' };
  return { zone: input.serverDefault, source: 'server' };
}
