import type { SignalName } from '../doctrine/doctrine.js';
import { DAY, parseDuration } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { ColumnOp, ColumnPredicate, Prefilter, SegmentColumn } from './column-predicate.js';
import { ageBandRange, bornBy, countryCodeOf, KM_PER_DEGREE_LATITUDE, MAX_AGE, normalPlace, normalPostalCode } from './demographics.js';
import type { SegmentCondition, SegmentDefinition } from './segment.js';

/**
 * The SQL side of a segment: a predicate over contact_facts columns that every member satisfies (it never drops one),
 * `exact` when the columns decide membership alone. Leaves the columns cannot decide (events, traits, habits, score,
 * which decays) give a necessary bound when one is sound, else `true`, and make the result inexact: the caller then
 * evaluates the candidates in JS. `not` of an inexact predicate is `true`: its complement is not a bound.
 */
export function prefilterOf(def: SegmentDefinition, all: ReadonlyMap<string, SegmentDefinition>, now: EpochMs): Prefilter {
  void all; // Segment leaves read live membership (memberOf): the referenced definitions are not inlined.
  return simplify(filterOf(def.where, def, now));
}

const INEXACT: Prefilter = { exact: false, where: true };
const exact = (where: ColumnPredicate): Prefilter => ({ exact: true, where });
const bound = (where: ColumnPredicate): Prefilter => ({ exact: false, where });

/** A comparison on a nullable column, guarded so that SQL's NULL never reaches a `not`. */
function cmp(column: SegmentColumn, op: ColumnOp, value: string | number | readonly (string | number)[]): ColumnPredicate {
  return { all: [{ column, op: 'notNull' }, { column, op, value }] };
}
/** A closed range on a column (bounds absent are open). */
function between(column: SegmentColumn, atLeast: number | undefined, atMost: number | undefined): ColumnPredicate {
  const parts: ColumnPredicate[] = [{ column, op: 'notNull' }];
  if (atLeast !== undefined) parts.push({ column, op: 'gte', value: atLeast });
  if (atMost !== undefined) parts.push({ column, op: 'lte', value: atMost });
  return { all: parts };
}
const ms = (text: string) => {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`invalid duration "${text}" in a segment that should have been validated`);
  return parsed.value;
};

/**
 * `last_seen_at` compared with an instant, decided by the day column wherever the day alone decides (every day but the
 * instant's own): an index carries the day, which changes at most once a day, not the instant, which changes with
 * every event, so only contacts last seen on that one day need their row. Exact, since the day is floor(at / DAY).
 */
function lastSeenPredicate(op: 'gt' | 'lte', instant: EpochMs): ColumnPredicate {
  const day = Math.floor(instant / DAY);
  return { any: [{ column: 'last_seen_day', op: op === 'gt' ? 'gt' : 'lt', value: day }, { all: [{ column: 'last_seen_day', op: 'eq', value: day }, { column: 'last_seen_at', op, value: instant }] }] };
}

/** Lifetime signals that a contact_facts column holds exactly (contact-facts.ts writes the same tallies). */
const SIGNAL_COLUMNS: Partial<Record<SignalName, SegmentColumn>> = { pageViews: 'pages', sessions: 'sessions', purchases: 'orders', revenue: 'revenue', engagedSeconds: 'engaged' };
/** Signals whose values are never negative, so a windowed total is at most the lifetime one. */
const NON_NEGATIVE = new Set<SignalName>(['pageViews', 'sessions', 'purchases', 'engagedSeconds']);

/** Ages in [low, high] (whole years) at `now`: from the birth date when there is one, else the age column. */
function agePredicate(atLeast: number | undefined, atMost: number | undefined, now: EpochMs): ColumnPredicate {
  const low = Math.max(0, Math.ceil(atLeast ?? 0));
  const high = Math.min(MAX_AGE, Math.floor(atMost ?? MAX_AGE));
  if (low > high) return false;
  const today = new Date(now);
  const [y, m, d] = [today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()];
  // ageAt(b, now) ≥ a exactly when b < bornBy(y − a, m, d); a birth date in the future, or over MAX_AGE, has no age.
  const born: ColumnPredicate[] = [
    { column: 'birth_date', op: 'notNull' },
    { column: 'birth_date', op: 'lte', value: now },
    { column: 'birth_date', op: 'gte', value: bornBy(y - high - 1, m, d) },
  ];
  if (low > 0) born.push({ column: 'birth_date', op: 'lt', value: bornBy(y - low, m, d) });
  return { any: [{ all: born }, { all: [{ column: 'birth_date', op: 'null' }, between('age', low, high)] }] };
}

function nearPredicate(latitude: number, longitude: number, withinKm: number): ColumnPredicate {
  // A box around the circle, one percent wider: necessary, never sufficient.
  const dLat = (withinKm / KM_PER_DEGREE_LATITUDE) * 1.01;
  const parts: ColumnPredicate[] = [between('latitude', latitude - dLat, latitude + dLat), { column: 'longitude', op: 'notNull' }];
  const widest = Math.abs(latitude) + dLat;
  if (widest < 89) {
    const dLon = dLat / Math.cos((widest * Math.PI) / 180);
    if (dLon < 180) {
      const west = longitude - dLon;
      const east = longitude + dLon;
      // A box across the antimeridian is two boxes.
      if (west < -180) parts.push({ any: [between('longitude', west + 360, 180), between('longitude', -180, east)] });
      else if (east > 180) parts.push({ any: [between('longitude', west, 180), between('longitude', -180, east - 360)] });
      else parts.push(between('longitude', west, east));
    }
  }
  return { all: parts };
}

/** Spend (revenue of Order Completed) in [atLeast, atMost]: lifetime is the revenue column; a window only needs an order. */
function spendFilter(atLeast: number | undefined, atMost: number | undefined, within: string | undefined, upperOpen = false): Prefilter {
  if (within !== undefined) return atLeast !== undefined && atLeast > 0 ? bound(cmp('orders', 'gte', 1)) : INEXACT;
  const parts: ColumnPredicate[] = [];
  if (atLeast !== undefined) parts.push({ column: 'revenue', op: 'gte', value: atLeast });
  if (atMost !== undefined) parts.push({ column: 'revenue', op: upperOpen ? 'lt' : 'lte', value: atMost });
  return exact({ all: [{ column: 'revenue', op: 'notNull' }, ...parts] });
}

function filterOf(condition: SegmentCondition, def: SegmentDefinition, now: EpochMs): Prefilter {
  if ('all' in condition) {
    const parts = condition.all.map((c) => filterOf(c, def, now));
    return { exact: parts.every((p) => p.exact), where: { all: parts.map((p) => p.where) } };
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => filterOf(c, def, now));
    return { exact: parts.every((p) => p.exact), where: { any: parts.map((p) => p.where) } };
  }
  if ('not' in condition) {
    const inner = filterOf(condition.not, def, now);
    return inner.exact ? exact({ not: inner.where }) : INEXACT;
  }
  if ('signal' in condition) {
    const column = SIGNAL_COLUMNS[condition.signal];
    const lower = condition.atLeast === undefined && condition.atMost === undefined ? 1 : condition.atLeast;
    if (column === undefined) return INEXACT;
    if (condition.within === undefined) return exact(between(column, lower, condition.atMost));
    if (lower === undefined || lower <= 0) return INEXACT;
    if (NON_NEGATIVE.has(condition.signal)) return bound(cmp(column, 'gte', lower));
    return condition.signal === 'revenue' ? bound(cmp('orders', 'gte', 1)) : INEXACT;
  }
  if ('event' in condition || 'score' in condition || 'trait' in condition || 'predicted' in condition) return INEXACT;
  if ('age' in condition) return exact(agePredicate(condition.age.atLeast, condition.age.atMost, now));
  if ('ageBand' in condition) return exact({ any: condition.ageBand.map((band) => agePredicate(...ageBandRange(band), now)) });
  if ('gender' in condition) return exact(cmp('gender', 'in', condition.gender));
  if ('household' in condition) {
    const { size, children } = condition.household;
    const parts: ColumnPredicate[] = [];
    if (size) parts.push(between('household_size', size.atLeast, size.atMost));
    if (children !== undefined) parts.push(cmp('children', children ? 'gt' : 'eq', 0));
    return exact({ all: parts });
  }
  if ('geo' in condition) {
    const { country, region, city, postalCodePrefix } = condition.geo;
    const parts: ColumnPredicate[] = [];
    if (country) parts.push(cmp('country', 'in', country.map((c) => countryCodeOf(c) ?? c.trim().toLowerCase())));
    if (region) parts.push(cmp('region', 'in', region.map((r) => normalPlace(r) ?? '')));
    if (city) parts.push(cmp('city', 'in', city.map((c) => normalPlace(c) ?? '')));
    if (postalCodePrefix) parts.push({ any: postalCodePrefix.map((p) => cmp('postal_code', 'prefix', normalPostalCode(p) ?? '')) });
    return exact({ all: parts });
  }
  if ('near' in condition) return bound(nearPredicate(condition.near.latitude, condition.near.longitude, condition.near.withinKm));
  if ('purchasingPower' in condition) {
    const bands = def.purchasingPower;
    if (!bands) return exact(false);
    const wanted = bands.bands.filter((band) => condition.purchasingPower.includes(band.key));
    if ('trait' in bands.measure) return INEXACT;
    const within = bands.measure.spend.within;
    const parts = wanted.map((band) => spendFilter(band.from, band.to, within, true));
    return { exact: parts.every((p) => p.exact), where: { any: parts.map((p) => p.where) } };
  }
  if ('spend' in condition) return spendFilter(condition.spend.atLeast, condition.spend.atMost, condition.spend.within);
  if ('lastSeen' in condition) {
    const { within, before } = condition.lastSeen;
    const parts: ColumnPredicate[] = [{ column: 'last_seen_day', op: 'notNull' }];
    if (within !== undefined) parts.push(lastSeenPredicate('gt', now - ms(within)));
    if (before !== undefined) parts.push(lastSeenPredicate('lte', now - ms(before)));
    return exact({ all: parts });
  }
  // Web as the preferred channel needs page views; the other channels' counts have no column.
  if ('preferredChannel' in condition) return condition.preferredChannel.every((c) => c === 'web') ? bound(cmp('pages', 'gte', 1)) : INEXACT;
  // Page views of one path are among all page views.
  if ('page' in condition) return bound(cmp('pages', 'gte', condition.atLeast ?? 1));
  if ('activeAt' in condition || 'product' in condition || 'stageWas' in condition) return INEXACT;
  if ('stage' in condition) return exact(cmp('stage', 'in', condition.stage));
  if ('consent' in condition) {
    const column: SegmentColumn = { email_marketing: 'consent_email', sms_marketing: 'consent_sms', ad_audiences: 'consent_ads', tracking: 'consent_tracking' }[condition.consent.purpose] as SegmentColumn;
    return exact(cmp(column, 'eq', condition.consent.granted ? 1 : 0));
  }
  if ('scenario' in condition) return exact({ enrolledIn: condition.scenario, ever: condition.ever === true });
  return exact({ memberOf: condition.segment });
}

/** Folds constants: `true` parts of an all, `false` parts of an any, single parts, double negations. */
function simplify(filter: Prefilter): Prefilter {
  return { exact: filter.exact, where: fold(filter.where) };
}

function fold(where: ColumnPredicate): ColumnPredicate {
  if (where === true || where === false) return where;
  if ('all' in where) {
    const parts: ColumnPredicate[] = [];
    for (const part of where.all.map(fold)) {
      if (part === false) return false;
      if (part === true) continue;
      if (typeof part === 'object' && 'all' in part) parts.push(...part.all);
      else parts.push(part);
    }
    return parts.length === 0 ? true : parts.length === 1 ? parts[0]! : { all: parts };
  }
  if ('any' in where) {
    const parts: ColumnPredicate[] = [];
    for (const part of where.any.map(fold)) {
      if (part === true) return true;
      if (part === false) continue;
      if (typeof part === 'object' && 'any' in part) parts.push(...part.any);
      else parts.push(part);
    }
    return parts.length === 0 ? false : parts.length === 1 ? parts[0]! : { any: parts };
  }
  if ('not' in where) {
    const inner = fold(where.not);
    if (inner === true || inner === false) return !inner;
    if (typeof inner === 'object' && 'not' in inner) return inner.not;
    return { not: inner };
  }
  return where;
}
