import { eventTallyKey } from './contact-state.js';

type PropertyValue = string | number | boolean;

/** Event properties an occurrence must carry: each property equals the value, or one of the values of a list. */
export type PropertyFilter = Readonly<Record<string, PropertyValue | readonly PropertyValue[]>>;

/** A doctrine's filtered count: occurrences of `event` whose properties match `where`, tallied under `key`. */
export interface EventFilter {
  readonly key: string;
  readonly event: string;
  readonly where: PropertyFilter;
}

const canonical = (value: PropertyValue | readonly PropertyValue[]): readonly PropertyValue[] =>
  (Array.isArray(value) ? (value as readonly PropertyValue[]) : [value as PropertyValue]).map((v) => (typeof v === 'string' ? v.toLowerCase() : v));

/** The tally key of a filtered count: the same filter written in another order or case shares the key. */
export function filteredTallyKey(event: string, where: PropertyFilter): string {
  const parts = Object.keys(where)
    .sort()
    .map((property) => [property, [...canonical(where[property]!)].sort()]);
  return `${eventTallyKey(event)}?${JSON.stringify(parts)}`;
}

export const eventFilterOf = (event: string, where: PropertyFilter): EventFilter => ({ key: filteredTallyKey(event, where), event, where });

/** Strings match without regard to case; a number also matches its text ("3" and 3). */
export function matchesFilter(properties: Readonly<Record<string, unknown>>, where: PropertyFilter): boolean {
  for (const [property, expected] of Object.entries(where)) {
    const actual = properties[property];
    if (actual === undefined || actual === null) return false;
    const normal = typeof actual === 'string' ? actual.toLowerCase() : actual;
    if (!canonical(expected).some((v) => v === normal || String(v) === String(normal))) return false;
  }
  return true;
}
