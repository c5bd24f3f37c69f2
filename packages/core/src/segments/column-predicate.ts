import { DAY } from '../shared/duration.js';
import type { ContactFacts } from '../reports/contact-facts.js';
import type { SegmentProfile } from './profile-of.js';

/**
 * An engine-neutral predicate over the columns of `contact_facts` (and `contacts.score`), which the storage's SQL
 * dialects render. Semantics are two-valued: a comparison on a NULL column is false, and `not` negates that false.
 * prefilterOf guards every comparison on a nullable column with `notNull`, so SQL's three-valued logic gives the same
 * answers; a renderer may rely on it.
 */
export const SEGMENT_COLUMNS = [
  'stage',
  'last_seen_at',
  'last_seen_day',
  'first_seen_at',
  'revenue',
  'orders',
  'pages',
  'sessions',
  'engaged',
  'first_source',
  'last_source',
  'birth_date',
  'age',
  'gender',
  'household_size',
  'children',
  'country',
  'region',
  'city',
  'postal_code',
  'latitude',
  'longitude',
  'consent_email',
  'consent_sms',
  'consent_ads',
  'consent_tracking',
  'score',
] as const;
export type SegmentColumn = (typeof SEGMENT_COLUMNS)[number];

export const COLUMN_OPS = ['eq', 'in', 'prefix', 'gt', 'gte', 'lt', 'lte', 'null', 'notNull'] as const;
export type ColumnOp = (typeof COLUMN_OPS)[number];

export type ColumnPredicate =
  | true
  | false
  | { readonly all: readonly ColumnPredicate[] }
  | { readonly any: readonly ColumnPredicate[] }
  | { readonly not: ColumnPredicate }
  | { readonly column: SegmentColumn; readonly op: ColumnOp; readonly value?: string | number | readonly (string | number)[] }
  /** The contact is a live member of the segment with this key (segment_members). */
  | { readonly memberOf: string }
  /** The contact is enrolled in the scenario with this key: running now, or (with `ever`) now or at any time before. */
  | { readonly enrolledIn: string; readonly ever: boolean };

/** A necessary condition for membership; `exact` when it is also sufficient (SQL alone decides). */
export interface Prefilter {
  readonly exact: boolean;
  readonly where: ColumnPredicate;
}

/** One contact's column values, as the storage writes them (the reference semantics for renderers' tests). */
export type SegmentRow = Readonly<Record<SegmentColumn, string | number | null>>;

const flag = (granted: boolean | null) => (granted === true ? 1 : granted === false ? 0 : null);

/** The row the storage writes for a contact's facts and score (fact-columns.ts in the server does the same). */
export function segmentRowOf(facts: Pick<ContactFacts, 'stage' | 'lastSeenAt' | 'firstSeenAt' | 'revenue' | 'orders' | 'pages' | 'sessions' | 'engagedSeconds' | 'firstSource' | 'lastSource'>, profile: SegmentProfile, score: number): SegmentRow {
  return {
    stage: facts.stage,
    last_seen_at: facts.lastSeenAt,
    last_seen_day: facts.lastSeenAt === null ? null : Math.floor(facts.lastSeenAt / DAY),
    first_seen_at: facts.firstSeenAt,
    revenue: facts.revenue,
    orders: facts.orders,
    pages: facts.pages,
    sessions: facts.sessions,
    engaged: facts.engagedSeconds,
    first_source: facts.firstSource,
    last_source: facts.lastSource,
    birth_date: profile.birthDate,
    age: profile.age,
    gender: profile.gender,
    household_size: profile.householdSize,
    children: profile.children,
    country: profile.country,
    region: profile.region,
    city: profile.city,
    postal_code: profile.postalCode,
    latitude: profile.latitude,
    longitude: profile.longitude,
    consent_email: flag(profile.consent.email_marketing),
    consent_sms: flag(profile.consent.sms_marketing),
    consent_ads: flag(profile.consent.ad_audiences),
    consent_tracking: flag(profile.consent.tracking),
    score,
  };
}

export interface RowMemberships {
  /** Keys of the segments the contact is a live member of. */
  readonly segments: ReadonlySet<string>;
  readonly scenarios?: { readonly active: ReadonlySet<string>; readonly ever: ReadonlySet<string> };
}

function compare(actual: string | number, op: ColumnOp, value: unknown): boolean {
  switch (op) {
    case 'eq':
      return actual === value;
    case 'in':
      return Array.isArray(value) && value.includes(actual);
    case 'prefix':
      return typeof actual === 'string' && typeof value === 'string' && actual.startsWith(value);
    case 'gt':
      return (actual as number) > (value as number);
    case 'gte':
      return (actual as number) >= (value as number);
    case 'lt':
      return (actual as number) < (value as number);
    case 'lte':
      return (actual as number) <= (value as number);
    default:
      return false;
  }
}

/** Evaluates a predicate on one row: what the SQL a dialect renders must answer. */
export function matchesColumnPredicate(predicate: ColumnPredicate, row: SegmentRow, memberships: RowMemberships): boolean {
  if (predicate === true || predicate === false) return predicate;
  if ('all' in predicate) return predicate.all.every((p) => matchesColumnPredicate(p, row, memberships));
  if ('any' in predicate) return predicate.any.some((p) => matchesColumnPredicate(p, row, memberships));
  if ('not' in predicate) return !matchesColumnPredicate(predicate.not, row, memberships);
  if ('memberOf' in predicate) return memberships.segments.has(predicate.memberOf);
  if ('enrolledIn' in predicate) {
    const { active, ever } = memberships.scenarios ?? { active: new Set<string>(), ever: new Set<string>() };
    return active.has(predicate.enrolledIn) || (predicate.ever && ever.has(predicate.enrolledIn));
  }
  const actual = row[predicate.column];
  if (predicate.op === 'null') return actual === null;
  if (predicate.op === 'notNull') return actual !== null;
  return actual !== null && compare(actual, predicate.op, predicate.value);
}
