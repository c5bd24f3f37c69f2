import { STANDARD_EVENTS, type LeadEvent } from '../events/lead-event.js';
import { localDateTime, isTimeZone } from '../scenarios/local-time.js';
import { contactTimeZone } from '../scenarios/contact-time-zone.js';
import { WEEKDAYS } from '../scenarios/scenario.js';
import { DAY } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { ContactState } from './contact-state.js';

/**
 * The habits segments read (issue 16), kept by the fold and bounded in size: when the contact is active (a local
 * hour and weekday histogram), which products and categories it viewed or bought, and the last instant it was seen
 * in each stage. All optional on ContactState: a state folded before they existed lacks them until a replay.
 */

/** Activity per local hour (0–23) and ISO weekday (index 0 = Monday … 6 = Sunday), in the contact's time zone. */
export interface ActivityHistogram {
  hours: number[];
  weekdays: number[];
}

/** Lower-cased product id, SKU or category → [times, last instant]. */
export type ProductMarks = Record<string, [count: number, lastAt: EpochMs]>;

export interface ProductHabits {
  viewed: ProductMarks;
  bought: ProductMarks;
}

/** Distinct products and categories kept per list; beyond, the one seen longest ago makes room. */
export const MAX_PRODUCT_KEYS = 100;
const MAX_PRODUCT_KEY_LENGTH = 120;

export const emptyActivity = (): ActivityHistogram => ({ hours: new Array<number>(24).fill(0), weekdays: new Array<number>(7).fill(0) });

// A zone's offset is read once per UTC day: when it is the same at both ends of the day it holds all day (a zone
// changes its offset at most once in a day), so every event of that day needs only arithmetic. The two days a year
// with a change read each instant through Intl.
const offsets = new Map<string, { day: number; offset: number | null }>();
const weekdayIndex = new Map<string, number>(WEEKDAYS.map((day, i) => [day, i]));

function offsetAt(at: EpochMs, zone: string): number {
  const local = localDateTime(at, zone);
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - (at - (((at % 1000) + 1000) % 1000));
}

function dayOffset(at: EpochMs, zone: string): number | null {
  const day = Math.floor(at / DAY);
  const known = offsets.get(zone);
  if (known && known.day === day) return known.offset;
  const start = offsetAt(day * DAY, zone);
  const offset = start === offsetAt((day + 1) * DAY - 1000, zone) ? start : null;
  if (offsets.size > 1024) offsets.clear();
  offsets.set(zone, { day, offset });
  return offset;
}

/** Local hour (0–23) and ISO weekday index (0 = Monday) of an instant in a zone. */
export function localHourAndWeekday(at: EpochMs, zone: string): { hour: number; weekday: number } {
  const offset = zone === 'UTC' || zone === 'Etc/UTC' ? 0 : dayOffset(at, zone);
  if (offset === null) {
    const local = localDateTime(at, zone);
    return { hour: local.hour, weekday: weekdayIndex.get(local.weekday) ?? 0 };
  }
  const date = new Date(at + offset);
  return { hour: date.getUTCHours(), weekday: (date.getUTCDay() + 6) % 7 };
}

const zoneChecks = new Map<string, boolean>();
/** The contact's zone for its habits: a timezone trait, else the tracker's, else UTC (no server default: pure). */
export function habitZoneOf(state: Pick<ContactState, 'traits' | 'timeZone'>): string {
  const seen = state.timeZone;
  if (seen !== undefined && state.traits['timezone'] === undefined && state.traits['timeZone'] === undefined) {
    // The common case, checked once per zone name.
    let known = zoneChecks.get(seen);
    if (known === undefined) {
      known = isTimeZone(seen);
      if (zoneChecks.size < 1024) zoneChecks.set(seen, known);
    }
    return known ? seen : 'UTC';
  }
  return contactTimeZone({ traits: state.traits, seenTimeZone: seen ?? null, serverDefault: 'UTC' }).zone;
}

/** Counts one activity (a page, screen or track event) in the histogram; mutates the fold-local copy. */
export function countActivity(activity: ActivityHistogram, at: EpochMs, zone: string): void {
  const { hour, weekday } = localHourAndWeekday(at, zone);
  activity.hours[hour] = (activity.hours[hour] ?? 0) + 1;
  activity.weekdays[weekday] = (activity.weekdays[weekday] ?? 0) + 1;
}

const keyOf = (value: unknown): string | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const key = value.trim().toLowerCase();
  return key === '' || key.length > MAX_PRODUCT_KEY_LENGTH ? null : key;
};

/** The ids, SKUs and categories an event names: `properties.products[]` entries, else the top-level fields. */
export function productKeysOf(properties: Readonly<Record<string, unknown>>): string[] {
  const keys = new Set<string>();
  const collect = (item: Readonly<Record<string, unknown>>) => {
    for (const field of ['product_id', 'productId', 'sku', 'category']) {
      const key = keyOf(item[field]);
      if (key !== null) keys.add(key);
    }
  };
  const products = properties['products'];
  if (Array.isArray(products)) {
    for (const item of products.slice(0, 50)) if (typeof item === 'object' && item !== null && !Array.isArray(item)) collect(item as Record<string, unknown>);
  }
  collect(properties);
  return [...keys];
}

/** Marks keys at `at`, evicting the least recently marked keys beyond MAX_PRODUCT_KEYS. Mutates `marks`. */
export function markProducts(marks: ProductMarks, keys: readonly string[], at: EpochMs): void {
  for (const key of keys) {
    const known = marks[key];
    marks[key] = known ? [known[0] + 1, Math.max(known[1], at)] : [1, at];
  }
  let size = Object.keys(marks).length;
  while (size > MAX_PRODUCT_KEYS) {
    let oldest: string | null = null;
    for (const [key, [, lastAt]] of Object.entries(marks)) if (oldest === null || lastAt < marks[oldest]![1]) oldest = key;
    delete marks[oldest!];
    size -= 1;
  }
}

/** Which product list an event feeds, if any. */
export function productListOf(event: Pick<LeadEvent, 'type' | 'name'>): 'viewed' | 'bought' | null {
  if (event.type !== 'track') return null;
  if (event.name === STANDARD_EVENTS.productViewed) return 'viewed';
  if (event.name === STANDARD_EVENTS.orderCompleted) return 'bought';
  return null;
}

/**
 * Records the habits of the events of one fold into `state`, copying each part on its first write so that the
 * previous state is never mutated. `event` is called for every folded event (after its traits are merged, so a
 * timezone trait applies), `stage` for every stage the fold observes.
 */
export function habitRecorder(state: ContactState): { event(event: LeadEvent): void; stage(stage: string, at: EpochMs): void } {
  let activityCopied = false;
  let productsCopied = false;
  let stagesCopied = false;
  return {
    event(event) {
      if (event.type !== 'page' && event.type !== 'screen' && event.type !== 'track') return;
      if (!activityCopied) {
        state.activity = state.activity ? { hours: state.activity.hours.slice(), weekdays: state.activity.weekdays.slice() } : emptyActivity();
        activityCopied = true;
      }
      countActivity(state.activity!, event.at, habitZoneOf(state));
      const list = productListOf(event);
      if (list === null) return;
      const keys = productKeysOf(event.properties);
      if (keys.length === 0) return;
      if (!productsCopied) {
        state.products = { viewed: { ...state.products?.viewed }, bought: { ...state.products?.bought } };
        productsCopied = true;
      }
      markProducts(state.products![list], keys, event.at);
    },
    stage(stage, at) {
      if (state.stageSeen?.[stage] !== undefined && state.stageSeen[stage]! >= at) return;
      if (!stagesCopied) {
        state.stageSeen = { ...state.stageSeen };
        stagesCopied = true;
      }
      state.stageSeen![stage] = at;
    },
  };
}
