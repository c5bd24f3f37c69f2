import type { ReasonCondition } from '../classification/classification.js';
import type { ContactState } from '../fold/contact-state.js';
import type { Tally } from '../fold/tally.js';
import { DAY, parseDuration } from '../shared/duration.js';
import type { EpochMs, EventId } from '../shared/ids.js';
import type { Condition, PropertyFilter, TraitOp } from './doctrine.js';
import { SIGNAL_TALLIES } from './signal-tallies.js';
import { eventTallyKey } from '../fold/contact-state.js';
import { filteredTallyKey } from '../fold/event-filter.js';

/** What one evaluation sees. `next` collects the earliest future instant at which any evaluated condition may flip. */
export interface EvalContext {
  readonly state: ContactState;
  readonly now: EpochMs;
  readonly cartAbandonAfterMs: number;
  score(): number;
  readonly scoreHalfLifeMs: number | null;
  /** The published model's purchase probability, or null without one (docs/predictive-score.md). */
  predicted(): number | null;
  next: number;
}

export interface CompiledCondition {
  test(ctx: EvalContext): boolean;
  /** The leaves that hold, with what was observed and the evidence (only called for the winning stage). */
  explain(ctx: EvalContext): ReasonCondition[];
}

const EVIDENCE_LIMIT = 5;
const noteChange = (ctx: EvalContext, at: number) => {
  if (at > ctx.now && at < ctx.next) ctx.next = at;
};

/**
 * The fold materializes an abandoned cart only when a later event arrives; until then a cart past its delay
 * counts here, at the instant the delay ended. A delay still running is a future change.
 */
export function pendingAbandonment(ctx: EvalContext, since: number): EpochMs | null {
  const cart = ctx.state.openCart;
  if (!cart) return null;
  const abandonedAt = cart.lastAt + ctx.cartAbandonAfterMs;
  if (abandonedAt > ctx.now) {
    noteChange(ctx, abandonedAt);
    return null;
  }
  return abandonedAt > since ? abandonedAt : null;
}

export interface WindowOptions {
  /** The window (now − within, now] in ms; null reads the lifetime totals. */
  readonly within: number | null;
  readonly measure: 'count' | 'sum';
  /** Counts the open cart once its abandonment delay has passed (the abandonedCarts signal). */
  readonly pendingCart: boolean;
  /** Stops as soon as the value reaches this (a windowed "at least"): see below for what it records. */
  readonly stopAt?: number;
  /** Collects the ids of the counted exact occurrences, most recent first. */
  readonly evidence?: EventId[];
}

/** Lifetime count or sum, plus the pending cart when asked. Nothing leaves a lifetime, so nothing is recorded. */
function lifetimeValue(ctx: EvalContext, tally: Tally | undefined, options: WindowOptions): number {
  const { evidence } = options;
  let value = 0;
  if (options.pendingCart && pendingAbandonment(ctx, Number.NEGATIVE_INFINITY) !== null) {
    value += 1;
    evidence?.push(ctx.state.openCart!.eventId);
  }
  if (!tally || tally.n === 0) return value;
  if (evidence) for (let i = tally.recent.length - 1; i >= 0 && evidence.length < EVIDENCE_LIMIT; i--) evidence.push(tally.recent[i]![2]);
  return value + (options.measure === 'sum' ? tally.sum : tally.n);
}

/**
 * Count or sum of a tally in the window (now − within, now], plus the pending cart when asked, read newest first.
 * ctx.next records when the value next drops: when the oldest counted occurrence leaves the window or, with
 * `stopAt`, when the occurrence that reached it does (the value stays at or above `stopAt` until then). Below
 * `stopAt`, time alone cannot raise a count, so nothing is recorded (the pending cart, which can, records its own
 * deadline). Written without closures or spreads: it runs for every leaf of every classification.
 */
export function windowedValue(ctx: EvalContext, tally: Tally | undefined, options: WindowOptions): number {
  const { within, stopAt, evidence } = options;
  if (within === null) return lifetimeValue(ctx, tally, options);
  const { now } = ctx;
  const since = now - within;
  const sum = options.measure === 'sum';
  let value = 0;
  let oldest = Number.POSITIVE_INFINITY;
  const abandonedAt = options.pendingCart ? pendingAbandonment(ctx, since) : null;
  if (abandonedAt !== null) {
    evidence?.push(ctx.state.openCart!.eventId);
    value += 1;
    oldest = abandonedAt;
    if (stopAt !== undefined && value >= stopAt) {
      noteChange(ctx, abandonedAt + within);
      return value;
    }
  }
  if (tally && tally.n > 0) {
    for (let i = tally.recent.length - 1; i >= 0; i--) {
      const entry = tally.recent[i]!;
      const at = entry[0];
      if (at > now) continue;
      if (at <= since) break;
      if (evidence && evidence.length < EVIDENCE_LIMIT) evidence.push(entry[2]);
      value += sum ? entry[1] : 1;
      if (at < oldest) oldest = at;
      if (stopAt !== undefined && value >= stopAt) {
        noteChange(ctx, at + within);
        return value;
      }
    }
    // Older occurrences sit in day buckets, oldest first; a bucket counts while its whole day is inside the window.
    for (let d = tally.days.length - 1; d >= 0; d--) {
      const bucket = tally.days[d]!;
      const start = bucket[0] * DAY;
      if (start > now) continue;
      if (start <= since) break;
      value += sum ? bucket[2] : bucket[1];
      if (start < oldest) oldest = start;
      if (stopAt !== undefined && value >= stopAt) {
        noteChange(ctx, start + within);
        return value;
      }
    }
  }
  if (stopAt === undefined && oldest !== Number.POSITIVE_INFINITY) noteChange(ctx, oldest + within);
  return value;
}

const inRange = (value: number, atLeast: number | undefined, atMost: number | undefined) =>
  (atLeast === undefined || value >= atLeast) && (atMost === undefined || value <= atMost);

function rangeText(atLeast: number | undefined, atMost: number | undefined, noun: string, one = noun): string {
  if (atLeast !== undefined && atMost !== undefined) return `between ${atLeast} and ${atMost} ${noun}`;
  if (atMost !== undefined) return `at most ${atMost} ${noun}`;
  return atLeast === 1 ? `at least one ${one}` : `${atLeast ?? 1} or more ${noun}`;
}

export type CountCondition = Extract<Condition, { signal: unknown } | { event: unknown }>;

/** What a signal or event condition counts, and the words for it. */
interface Counted {
  readonly tally: string;
  readonly measure: 'count' | 'sum';
  readonly pendingCart: boolean;
  readonly noun: string;
  readonly one: string;
}

/** What a count leaf reads and the range it must fall in; doctrine code generation inlines the same plan. */
export interface CountPlan {
  readonly tally: string;
  /** The words for what it counts. */
  readonly noun: string;
  readonly one: string;
  readonly testing: WindowOptions;
  readonly lower: number | undefined;
  readonly atMost: number | undefined;
}

export function countPlan(condition: CountCondition): CountPlan {
  const { atLeast, atMost, within } = condition;
  const { tally, measure, pendingCart, noun, one } = countedBy(condition);
  const windowMs = within === undefined ? null : durationOf(within);
  const lower = atLeast === undefined && atMost === undefined ? 1 : atLeast;
  // A windowed "at least" stops reading as soon as the threshold is reached.
  const stopAt = windowMs !== null && atMost === undefined && lower !== undefined && lower > 0 ? lower : undefined;
  return { tally, noun, one, testing: { within: windowMs, measure, pendingCart, stopAt, evidence: undefined }, lower, atMost };
}

function countedBy(condition: CountCondition): Counted {
  if ('signal' in condition) return { ...SIGNAL_TALLIES[condition.signal], pendingCart: condition.signal === 'abandonedCarts' };
  const noun = eventNoun(condition.event, condition.where);
  const tally = condition.where ? filteredTallyKey(condition.event, condition.where) : eventTallyKey(condition.event);
  return { tally, measure: 'count', pendingCart: false, noun, one: noun };
}

function compileCount(condition: CountCondition): CompiledCondition {
  const { within, atMost } = condition;
  const { tally, testing, lower, noun, one } = countPlan(condition);
  const { measure } = testing;
  const text = `${measure === 'sum' && lower !== undefined && atMost === undefined ? `at least ${lower} ${noun}` : rangeText(lower, atMost, noun, one)}${within ? ` within ${within}` : ''}`;
  return {
    test: (ctx) => inRange(windowedValue(ctx, ctx.state.tallies[tally], testing), lower, atMost),
    explain: (ctx) => {
      const evidence: EventId[] = [];
      // Written out: a spread here cost more than the count itself (explain runs for every classification).
      const value = windowedValue(ctx, ctx.state.tallies[tally], { within: testing.within, measure, pendingCart: testing.pendingCart, stopAt: undefined, evidence });
      if (!inRange(value, lower, atMost)) return [];
      const observed = Math.round(value * 100) / 100;
      return [{ condition, text: `${text} (observed ${observed})`, observed, evidence }];
    },
  };
}

function dateOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

function compareValues(actual: unknown, expected: unknown): number | null {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  const a = dateOf(actual);
  const b = dateOf(expected);
  if (typeof actual === 'string' && typeof expected === 'string' && a !== null && b !== null) return a - b;
  if (typeof actual === 'string' && typeof expected === 'number' && Number.isFinite(Number(actual))) return Number(actual) - expected;
  return null;
}

const equalish = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);

function compileTrait(condition: Condition & { trait: string; op: TraitOp; value?: unknown }): CompiledCondition {
  const { trait, op, value } = condition;
  const windowMs = op === 'within' || op === 'before' ? durationOf(String(value)) : 0;
  const test = (ctx: EvalContext): boolean => {
    const actual = ctx.state.traits[trait] ?? (trait === 'email' ? ctx.state.email : undefined);
    switch (op) {
      case 'exists':
        return actual !== undefined && actual !== null && actual !== '';
      case 'eq':
        return equalish(actual, value);
      case 'neq':
        return !equalish(actual, value);
      case 'in':
        return Array.isArray(value) && value.some((v) => equalish(actual, v));
      case 'contains':
        if (typeof actual === 'string' && typeof value === 'string') return actual.toLowerCase().includes(value.toLowerCase());
        return Array.isArray(actual) && actual.some((v) => equalish(v, value));
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const diff = compareValues(actual, value);
        if (diff === null) return false;
        return op === 'gt' ? diff > 0 : op === 'gte' ? diff >= 0 : op === 'lt' ? diff < 0 : diff <= 0;
      }
      case 'within': {
        const at = dateOf(actual);
        if (at === null) return false;
        noteChange(ctx, at > ctx.now ? at : at + windowMs);
        return at <= ctx.now && at > ctx.now - windowMs;
      }
      case 'before': {
        const at = dateOf(actual);
        if (at === null) return false;
        noteChange(ctx, at + windowMs);
        return at <= ctx.now - windowMs;
      }
    }
  };
  const text = op === 'exists' ? `trait ${trait} is known` : op === 'within' || op === 'before' ? `trait ${trait} ${op} ${value}` : `trait ${trait} ${op} ${JSON.stringify(value)}`;
  return {
    test,
    explain: (ctx) => {
      if (!test(ctx)) return [];
      const actual = ctx.state.traits[trait] ?? (trait === 'email' ? ctx.state.email : null);
      const observed = typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean' ? actual : actual === null || actual === undefined ? null : JSON.stringify(actual);
      return [{ condition, text: trait === 'email' && op === 'exists' ? 'email address known' : text, observed, evidence: [] }];
    },
  };
}

function compileScore(condition: Condition & { score: { atLeast?: number; atMost?: number } }): CompiledCondition {
  const { atLeast, atMost } = condition.score;
  const test = (ctx: EvalContext) => {
    const score = ctx.score();
    // Decay only lowers the score: it crosses a threshold at now + halfLife × log2(score / threshold).
    if (ctx.scoreHalfLifeMs !== null && score > 0) {
      for (const threshold of [atLeast, atMost]) {
        if (threshold !== undefined && threshold > 0 && score >= threshold) noteChange(ctx, ctx.now + Math.ceil(ctx.scoreHalfLifeMs * Math.log2(score / threshold)) + 1);
      }
    }
    return inRange(score, atLeast, atMost);
  };
  return {
    test,
    explain: (ctx) => (test(ctx) ? [{ condition, text: `${rangeText(atLeast, atMost, 'points')} (observed ${ctx.score()})`, observed: ctx.score(), evidence: [] }] : []),
  };
}

function durationOf(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`invalid duration "${text}" in a doctrine that should have been validated`);
  return parsed.value;
}

/** Compiles a rule once into closures; the doctrine must already be valid. */
export function compileCondition(condition: Condition): CompiledCondition {
  if ('all' in condition) {
    const parts = condition.all.map(compileCondition);
    // Short-circuiting keeps nextChangeAt right: the result can only flip when the part that decided it flips,
    // and that part has recorded its own change instant.
    return {
      test: (ctx) => {
        for (const part of parts) if (!part.test(ctx)) return false;
        return true;
      },
      explain: (ctx) => parts.flatMap((part) => part.explain(ctx)),
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map(compileCondition);
    return {
      test: (ctx) => {
        for (const part of parts) if (part.test(ctx)) return true;
        return false;
      },
      explain: (ctx) => parts.flatMap((part) => part.explain(ctx)),
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not);
    const text = describeCondition(condition.not);
    return {
      test: (ctx) => !inner.test(ctx),
      explain: (ctx) => (inner.test(ctx) ? [] : [{ condition, text: `not: ${text}`, observed: null, evidence: [] }]),
    };
  }
  if ('signal' in condition || 'event' in condition) return compileCount(condition);
  if ('trait' in condition) return compileTrait(condition);
  if ('predicted' in condition) return compilePredicted(condition);
  return compileScore(condition);
}

const percentText = (p: number) => `${Math.round(p * 1000) / 10} %`;

/** Words for a probability range: "predicted purchase probability at least 20 %". */
function predictedText(range: { atLeast?: number; atMost?: number }): string {
  const { atLeast, atMost } = range;
  if (atLeast !== undefined && atMost !== undefined) return `predicted purchase probability between ${percentText(atLeast)} and ${percentText(atMost)}`;
  return atMost !== undefined ? `predicted purchase probability at most ${percentText(atMost)}` : `predicted purchase probability at least ${percentText(atLeast ?? 0)}`;
}

/**
 * Holds while the model's probability is in range; never without a model. The probability moves with time too (recency,
 * windows), but no instant is noted: the contact is scored again at its next event or evaluation.
 */
function compilePredicted(condition: Condition & { predicted: { atLeast?: number; atMost?: number } }): CompiledCondition {
  const { atLeast, atMost } = condition.predicted;
  const test = (ctx: EvalContext) => {
    const p = ctx.predicted();
    return p !== null && inRange(p, atLeast, atMost);
  };
  return {
    test,
    explain: (ctx) => {
      const p = ctx.predicted();
      return test(ctx) && p !== null ? [{ condition, text: `${predictedText(condition.predicted)} (observed ${percentText(p)})`, observed: Math.round(p * 1000) / 1000, evidence: [] }] : [];
    },
  };
}

/** `"Call Logged" with outcome interested or callback`. */
export function eventNoun(event: string, where: PropertyFilter | undefined): string {
  const filters = Object.entries(where ?? {}).map(([property, value]) => `${property} ${Array.isArray(value) ? value.join(' or ') : String(value)}`);
  return filters.length === 0 ? `"${event}"` : `"${event}" with ${filters.join(' and ')}`;
}

/** A condition in words, for reasons and documentation. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if ('not' in condition) return `not ${describeCondition(condition.not)}`;
  if ('signal' in condition || 'event' in condition) {
    const noun = 'signal' in condition ? SIGNAL_TALLIES[condition.signal].noun : eventNoun(condition.event, condition.where);
    const one = 'signal' in condition ? SIGNAL_TALLIES[condition.signal].one : noun;
    const lower = condition.atLeast === undefined && condition.atMost === undefined ? 1 : condition.atLeast;
    return `${rangeText(lower, condition.atMost, noun, one)}${condition.within ? ` within ${condition.within}` : ''}`;
  }
  if ('trait' in condition) return `trait ${condition.trait} ${condition.op}${condition.value === undefined ? '' : ` ${JSON.stringify(condition.value)}`}`;
  if ('predicted' in condition) return predictedText(condition.predicted);
  return rangeText(condition.score.atLeast, condition.score.atMost, 'points');
}
