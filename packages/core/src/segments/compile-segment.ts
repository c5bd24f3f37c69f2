import { compileCondition, type EvalContext } from '../doctrine/compile-condition.js';
import type { Condition, StageKey } from '../doctrine/doctrine.js';
import type { ContactState } from '../fold/contact-state.js';
import { compilePathMatcher } from '../fold/match-path.js';
import { parseDuration } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import { ageAt, ageBandOf, countryCodeOf, haversineKm, MAX_AGE, nextBirthdayAfter, normalPlace, normalPostalCode } from './demographics.js';
import { profileOf, type SegmentProfile } from './profile-of.js';
import type { Channel, PurchasingPowerBands, SegmentCondition, SegmentDefinition } from './segment.js';
import { preferredChannelOf, revenueTally, shareOfActivity } from './habit-measures.js';
import { compileSegmentTrait } from './segment-trait.js';

/** What a segment is evaluated on: the folded contact, its current stage and score, and its scenario enrolments. */
export interface SegmentSubject {
  readonly state: ContactState;
  readonly stage: StageKey;
  /** The score at the evaluated instant. */
  readonly score: number;
  /** The published model's purchase probability, as stored at the contact's last evaluation (null: no model). */
  readonly predicted?: number | null;
  /** Scenario keys the contact is enrolled in now (`active`) and ever was (`ever`); needed when `usesScenarios`. */
  readonly scenarios?: { readonly active: ReadonlySet<string>; readonly ever: ReadonlySet<string> };
}

/** The doctrine's parameters the doctrine leaves need (pending abandoned carts, score decay); absent: neither. */
export interface SegmentEvalOptions {
  readonly cartAbandonAfterMs?: number;
  readonly scoreHalfLifeMs?: number | null;
}

export interface CompiledSegments {
  /** The keys of the compiled segments, in the order given. */
  readonly keys: readonly string[];
  /** Whether some segment reads scenario enrolments (the caller then fills `subject.scenarios`). */
  readonly usesScenarios: boolean;
  /**
   * The keys of the segments the contact is in at `now`, and the earliest instant after `now` at which a window
   * could change that (null: only a new event or a change of stage, score or enrolment can).
   */
  evaluate(subject: SegmentSubject, now: EpochMs): { members: string[]; next: EpochMs | null };
  test(key: string, subject: SegmentSubject, now: EpochMs): boolean;
}

/** One evaluation: the doctrine's context plus the subject, a lazily built profile and the segments decided so far. */
interface SegmentContext extends EvalContext {
  readonly subject: SegmentSubject;
  profile(): SegmentProfile;
  /** The age at now, computed once per evaluation by the first age leaf. */
  age?: { age: number | null; grows: EpochMs | null };
  /** The preferred channel, computed once per evaluation (undefined: not yet). */
  channel?: Channel | null;
  /** Per compiled segment: 0 undecided, 1 member, 2 not, 3 being decided (a cycle, refused by validation). */
  readonly decided: Uint8Array;
}
type Test = (ctx: SegmentContext) => boolean;

const ms = (text: string): number => {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`invalid duration "${text}" in a segment that should have been validated`);
  return parsed.value;
};
const noteChange = (ctx: SegmentContext, at: number) => {
  if (at > ctx.now && at < ctx.next) ctx.next = at;
};
const inRange = (value: number, atLeast: number | undefined, atMost: number | undefined) => (atLeast === undefined || value >= atLeast) && (atMost === undefined || value <= atMost);

/** The age at `now` (from the birth date, else the age trait) and the instant it next grows, if it will. */
function ageNow(ctx: SegmentContext): { age: number | null; grows: EpochMs | null } {
  return (ctx.age ??= computeAge(ctx));
}
function computeAge(ctx: SegmentContext): { age: number | null; grows: EpochMs | null } {
  const profile = ctx.profile();
  if (profile.birthDate === null) return { age: profile.age, grows: null };
  const age = ageAt(profile.birthDate, ctx.now);
  if (age === null) return { age: null, grows: profile.birthDate > ctx.now ? profile.birthDate : null };
  return { age, grows: nextBirthdayAfter(profile.birthDate, ctx.now) };
}

/** A test on the age that notes the next birthday when it would change the answer. */
function ageTest(holds: (age: number | null) => boolean): Test {
  return (ctx) => {
    const { age, grows } = ageNow(ctx);
    const result = holds(age);
    if (grows !== null) {
      const older = age === null ? 0 : age + 1 > MAX_AGE ? null : age + 1;
      if (holds(older) !== result) noteChange(ctx, grows);
    }
    return result;
  };
}

function purchasingPowerValue(bands: PurchasingPowerBands): (ctx: SegmentContext) => number | null {
  const measure = bands.measure;
  if ('trait' in measure) {
    const trait = measure.trait;
    return (ctx) => {
      const raw = ctx.state.traits[trait];
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      return Number.isFinite(n) ? n : null;
    };
  }
  const within = measure.spend.within === undefined ? null : ms(measure.spend.within);
  return (ctx) => {
    const spend = revenueTally(ctx.state, ctx.now, within);
    if (spend.changesAt !== null) noteChange(ctx, spend.changesAt);
    return spend.sum;
  };
}

type Leaf = Exclude<SegmentCondition, { all: unknown } | { any: unknown } | { not: unknown }>;

/** Compiles one segment's condition; `segmentTest` reaches the other compiled segments by key. */
function compileWhere(condition: SegmentCondition, def: SegmentDefinition, segmentTest: (key: string) => Test): Test {
  if ('all' in condition) {
    const parts = condition.all.map((c) => compileWhere(c, def, segmentTest));
    // Short-circuits: the result can only flip when the part that decided it flips, which noted its own instant.
    return (ctx) => {
      for (const part of parts) if (!part(ctx)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => compileWhere(c, def, segmentTest));
    return (ctx) => {
      for (const part of parts) if (part(ctx)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = compileWhere(condition.not, def, segmentTest);
    return (ctx) => !inner(ctx);
  }
  return compileLeaf(condition, def, segmentTest);
}

function compileLeaf(leaf: Leaf, def: SegmentDefinition, segmentTest: (key: string) => Test): Test {
  if ('signal' in leaf || 'event' in leaf || 'score' in leaf || 'predicted' in leaf) {
    const compiled = compileCondition(leaf as Condition);
    return (ctx) => compiled.test(ctx);
  }
  if ('trait' in leaf) return compileSegmentTrait(leaf);
  if ('age' in leaf) {
    const { atLeast, atMost } = leaf.age;
    return ageTest((age) => age !== null && inRange(age, atLeast, atMost));
  }
  if ('ageBand' in leaf) {
    const bands = new Set<string>(leaf.ageBand);
    return ageTest((age) => {
      const band = ageBandOf(age);
      return band !== null && bands.has(band);
    });
  }
  if ('gender' in leaf) {
    const genders = new Set<string>(leaf.gender);
    return (ctx) => {
      const gender = ctx.profile().gender;
      return gender !== null && genders.has(gender);
    };
  }
  if ('household' in leaf) {
    const { size, children } = leaf.household;
    return (ctx) => {
      const profile = ctx.profile();
      if (size && (profile.householdSize === null || !inRange(profile.householdSize, size.atLeast, size.atMost))) return false;
      if (children !== undefined && (profile.children === null || profile.children > 0 !== children)) return false;
      return true;
    };
  }
  if ('geo' in leaf) {
    const { country, region, city, postalCodePrefix } = leaf.geo;
    const countries = country && new Set(country.map((c) => countryCodeOf(c) ?? c.trim().toLowerCase()));
    const regions = region && new Set(region.map((r) => normalPlace(r)));
    const cities = city && new Set(city.map((c) => normalPlace(c)));
    const prefixes = postalCodePrefix?.map((p) => normalPostalCode(p) ?? '');
    return (ctx) => {
      const p = ctx.profile();
      if (countries && (p.country === null || !countries.has(p.country))) return false;
      if (regions && (p.region === null || !regions.has(p.region))) return false;
      if (cities && (p.city === null || !cities.has(p.city))) return false;
      if (prefixes && (p.postalCode === null || !prefixes.some((prefix) => p.postalCode!.startsWith(prefix)))) return false;
      return true;
    };
  }
  if ('near' in leaf) {
    const { latitude, longitude, withinKm } = leaf.near;
    return (ctx) => {
      const p = ctx.profile();
      return p.latitude !== null && p.longitude !== null && haversineKm(latitude, longitude, p.latitude, p.longitude) <= withinKm;
    };
  }
  if ('purchasingPower' in leaf) {
    const bands = def.purchasingPower;
    if (!bands) return () => false;
    const valueOf = purchasingPowerValue(bands);
    const wanted = bands.bands.filter((band) => leaf.purchasingPower.includes(band.key));
    return (ctx) => {
      const value = valueOf(ctx);
      return value !== null && wanted.some((band) => (band.from === undefined || value >= band.from) && (band.to === undefined || value < band.to));
    };
  }
  if ('spend' in leaf) {
    const { atLeast, atMost, within } = leaf.spend;
    const compiled = compileCondition({ signal: 'revenue', ...(atLeast === undefined ? {} : { atLeast }), ...(atMost === undefined ? {} : { atMost }), ...(within === undefined ? {} : { within }) });
    return (ctx) => compiled.test(ctx);
  }
  if ('lastSeen' in leaf) {
    const within = leaf.lastSeen.within === undefined ? null : ms(leaf.lastSeen.within);
    const before = leaf.lastSeen.before === undefined ? null : ms(leaf.lastSeen.before);
    return (ctx) => {
      const seen = ctx.state.lastSeenAt;
      if (seen === null) return false;
      // Seen in (now − within, now − before]: entering the quiet part at seen + before, leaving the window at seen + within.
      if (before !== null) noteChange(ctx, seen + before);
      if (within !== null) noteChange(ctx, seen + within);
      return (within === null || seen > ctx.now - within) && (before === null || seen <= ctx.now - before);
    };
  }
  if ('preferredChannel' in leaf) {
    const channels = new Set<Channel>(leaf.preferredChannel);
    return (ctx) => {
      const channel = ctx.channel === undefined ? (ctx.channel = preferredChannelOf(ctx.state)) : ctx.channel;
      return channel !== null && channels.has(channel);
    };
  }
  if ('activeAt' in leaf) {
    const { hours, weekdays, share = 0.5 } = leaf.activeAt;
    return (ctx) => {
      const shares = shareOfActivity(ctx.state, hours, weekdays);
      return shares !== null && shares.hours >= share && shares.weekdays >= share;
    };
  }
  if ('product' in leaf) {
    const { viewed, bought } = leaf.product;
    const within = leaf.product.within === undefined ? null : ms(leaf.product.within);
    const keys = (list: readonly string[] | undefined) => list?.map((k) => k.trim().toLowerCase());
    const lists = [['viewed', keys(viewed)], ['bought', keys(bought)]] as const;
    return (ctx) => {
      for (const [kind, wanted] of lists) {
        if (!wanted) continue;
        const marks = ctx.state.products?.[kind];
        let latest = Number.NEGATIVE_INFINITY;
        for (const key of wanted) {
          const mark = marks?.[key];
          if (mark && mark[1] > latest) latest = mark[1];
        }
        if (latest === Number.NEGATIVE_INFINITY) return false;
        if (within !== null) {
          if (latest <= ctx.now - within) return false;
          noteChange(ctx, latest + within);
        }
      }
      return true;
    };
  }
  if ('page' in leaf) {
    const matches = compilePathMatcher([leaf.page]);
    const atLeast = leaf.atLeast ?? 1;
    return (ctx) => {
      const paths = ctx.state.paths;
      if (!paths) return false;
      let views = 0;
      for (const path in paths) if (matches(path)) views += paths[path]!;
      return views >= atLeast;
    };
  }
  if ('stage' in leaf) {
    const stages = new Set(leaf.stage);
    return (ctx) => stages.has(ctx.subject.stage);
  }
  if ('stageWas' in leaf) {
    const { stage } = leaf.stageWas;
    const within = ms(leaf.stageWas.within);
    return (ctx) => {
      if (ctx.subject.stage === stage) return true;
      // The last event that saw the stage; a state folded before stageSeen existed still knows when it first reached it.
      const seen = Math.max(ctx.state.stageSeen?.[stage] ?? Number.NEGATIVE_INFINITY, ctx.state.reached?.[stage] ?? Number.NEGATIVE_INFINITY);
      if (seen <= ctx.now - within) return false;
      noteChange(ctx, seen + within);
      return true;
    };
  }
  if ('consent' in leaf) {
    const { purpose, granted } = leaf.consent;
    return (ctx) => ctx.profile().consent[purpose] === granted;
  }
  if ('scenario' in leaf) {
    const { scenario, ever } = leaf;
    return (ctx) => {
      const enrolments = ctx.subject.scenarios;
      if (!enrolments) return false;
      return enrolments.active.has(scenario) || (ever === true && enrolments.ever.has(scenario));
    };
  }
  return segmentTest(leaf.segment);
}

const usesScenario = (condition: SegmentCondition): boolean =>
  'all' in condition ? condition.all.some(usesScenario) : 'any' in condition ? condition.any.some(usesScenario) : 'not' in condition ? usesScenario(condition.not) : 'scenario' in condition;

/**
 * Compiles validated segments once into closures. A `segment` leaf evaluates the referenced segment (which must be
 * among `defs`; a missing one never matches) once per evaluation. Example:
 * `compileSegments([lyon]).evaluate({ state, stage: 'warm', score: 12 }, now)` → `{ members: ['lyon'], next: null }`.
 */
export function compileSegments(defs: readonly SegmentDefinition[], options: SegmentEvalOptions = {}): CompiledSegments {
  const index = new Map(defs.map((def, i) => [def.key, i] as const));
  const tests: Test[] = [];
  const segmentTest = (key: string): Test => {
    const i = index.get(key);
    if (i === undefined) return () => false;
    return (ctx) => decide(ctx, i);
  };
  const decide = (ctx: SegmentContext, i: number): boolean => {
    const known = ctx.decided[i]!;
    if (known !== 0) return known === 1;
    ctx.decided[i] = 3;
    const member = tests[i]!(ctx);
    ctx.decided[i] = member ? 1 : 2;
    return member;
  };
  for (const def of defs) tests.push(compileWhere(def.where, def, segmentTest));
  const cartAbandonAfterMs = options.cartAbandonAfterMs ?? Number.POSITIVE_INFINITY;
  const scoreHalfLifeMs = options.scoreHalfLifeMs ?? null;

  const contextOf = (subject: SegmentSubject, now: EpochMs): SegmentContext => {
    let profile: SegmentProfile | null = null;
    return {
      state: subject.state,
      now,
      cartAbandonAfterMs,
      score: () => subject.score,
      scoreHalfLifeMs,
      predicted: () => subject.predicted ?? null,
      next: Number.POSITIVE_INFINITY,
      subject,
      profile: () => (profile ??= profileOf(subject.state)),
      decided: new Uint8Array(defs.length),
    };
  };

  return {
    keys: defs.map((def) => def.key),
    usesScenarios: defs.some((def) => usesScenario(def.where)),
    evaluate(subject, now) {
      const ctx = contextOf(subject, now);
      const members: string[] = [];
      for (let i = 0; i < defs.length; i++) if (decide(ctx, i)) members.push(defs[i]!.key);
      return { members, next: ctx.next === Number.POSITIVE_INFINITY ? null : ctx.next };
    },
    test(key, subject, now) {
      const i = index.get(key);
      return i !== undefined && decide(contextOf(subject, now), i);
    },
  };
}
