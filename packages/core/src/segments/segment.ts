import type { ConsentPurpose } from '../consent/consent.js';
import type { Condition, SignalName, StageKey } from '../doctrine/doctrine.js';
import type { PropertyFilter } from '../fold/event-filter.js';
import type { DurationText } from '../shared/duration.js';

/**
 * A segment: a saved filter over who people are and what they do (docs/segments.md). Its membership is kept live: a
 * contact is re-evaluated on each change of its own and when a window moves it, never by rebuilding on a timer.
 */
export interface SegmentDefinition {
  /** A stable slug, unique: what other segments, scenarios (`segment_entered`) and audiences refer to. */
  readonly key: string;
  readonly name: string;
  readonly description?: string;
  readonly where: SegmentCondition;
  /** The user's own purchasing-power bands, read by `purchasingPower` leaves. */
  readonly purchasingPower?: PurchasingPowerBands;
}

/** Purchasing power as bands of a declared income trait, or of spend (revenue of Order Completed) within a window. */
export interface PurchasingPowerBands {
  readonly measure: { readonly trait: string } | { readonly spend: { readonly within?: DurationText } };
  /** Bands in ascending order: a value v is in a band when from ≤ v < to (an absent bound is open). */
  readonly bands: readonly { readonly key: string; readonly from?: number; readonly to?: number }[];
}

export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];
export const CHANNELS = ['web', 'email', 'sms', 'phone', 'chat'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A closed numeric range; at least one bound. */
export interface Range {
  readonly atLeast?: number;
  readonly atMost?: number;
}

/** Comparisons on a trait, typed by the value (segments extend the doctrine's trait operators). */
export const SEGMENT_TRAIT_OPS = ['exists', 'missing', 'eq', 'neq', 'in', 'notIn', 'prefix', 'contains', 'gt', 'gte', 'lt', 'lte', 'between', 'within', 'before', 'isTrue', 'isFalse'] as const;
export type SegmentTraitOp = (typeof SEGMENT_TRAIT_OPS)[number];

/**
 * The segment language. The doctrine's combinators and leaves (signals, events, traits, score) mean the same here;
 * the rest are demographics derived from traits by fixed rules, habits read from the fold, and the contact's place in
 * the product (stage, stage history, consent, scenarios, other segments).
 */
export type SegmentCondition =
  | { readonly all: readonly SegmentCondition[] }
  | { readonly any: readonly SegmentCondition[] }
  | { readonly not: SegmentCondition }
  | Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown } | { trait: string }>
  /** A trait comparison; `between` takes [low, high], `within`/`before` a duration compared to now, `prefix` a text start. */
  | { readonly trait: string; readonly op: SegmentTraitOp; readonly value?: unknown }
  /** Age in whole years from a birth date trait (`birthday`, `birthDate`, `birth_date`), else an `age` trait. */
  | { readonly age: Range }
  | { readonly ageBand: readonly AgeBand[] }
  | { readonly gender: readonly Gender[] }
  /** Household size (`householdSize`, `household.size`) and whether it has children (`children` count or boolean). */
  | { readonly household: { readonly size?: Range; readonly children?: boolean } }
  /** Address parts from `address.{country,state,city,postalCode}` or the same names at the top level; case-insensitive. */
  | { readonly geo: { readonly country?: readonly string[]; readonly region?: readonly string[]; readonly city?: readonly string[]; readonly postalCodePrefix?: readonly string[] } }
  /** Great-circle distance from a point, for contacts with `address.latitude`/`longitude` (or `latitude`/`longitude`). */
  | { readonly near: { readonly latitude: number; readonly longitude: number; readonly withinKm: number } }
  | { readonly purchasingPower: readonly string[] }
  /** Spend (revenue of Order Completed), lifetime or within a window. */
  | { readonly spend: Range & { readonly within?: DurationText } }
  /** Last activity: active within a window, or quiet for at least a duration. */
  | { readonly lastSeen: { readonly within?: DurationText; readonly before?: DurationText } }
  /** The channel the contact engages through most (ties go to the first in CHANNELS order). */
  | { readonly preferredChannel: readonly Channel[] }
  /** When the contact is active, in its own time zone: hours [from, to) of the day, ISO weekdays 1–7 (Monday = 1). */
  | { readonly activeAt: { readonly hours?: readonly [number, number]; readonly weekdays?: readonly number[]; readonly share?: number } }
  /** Products or categories viewed (Product Viewed) or bought (Order Completed), by id, SKU or category, case-insensitive. */
  | { readonly product: { readonly viewed?: readonly string[]; readonly bought?: readonly string[]; readonly within?: DurationText } }
  /** A page path (pattern as in the doctrine's offer pages) viewed at least so many times. */
  | { readonly page: string; readonly atLeast?: number }
  | { readonly stage: readonly StageKey[] }
  /** The contact held the stage at some point within the window (now included). */
  | { readonly stageWas: { readonly stage: StageKey; readonly within: DurationText } }
  | { readonly consent: { readonly purpose: ConsentPurpose; readonly granted: boolean } }
  /** Enrolled in a scenario (by key), currently running unless `ever`. */
  | { readonly scenario: string; readonly ever?: boolean }
  /** A member of another segment (by key); cycles are refused. */
  | { readonly segment: string };

export type { PropertyFilter, SignalName };
