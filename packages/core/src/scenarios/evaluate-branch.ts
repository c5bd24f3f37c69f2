import { compileCondition, type CompiledCondition } from '../doctrine/compile-condition.js';
import type { CompiledDoctrine } from '../doctrine/compile-doctrine.js';
import type { Condition, StageKey } from '../doctrine/doctrine.js';
import type { ContactState } from '../fold/contact-state.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { matchesFilter } from '../fold/event-filter.js';
import { parseDuration } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { BranchCondition } from './scenario.js';
import type { ActivityEvent } from './triggers.js';

/** Evaluates a doctrine condition for one contact at an instant. */
export type ConditionEvaluator = (condition: Condition, now: EpochMs) => boolean;

/** What a branch knows of the contact. */
export interface BranchFacts {
  readonly stage: StageKey;
  readonly traits: Readonly<Record<string, unknown>>;
  /** The score after decay, for `score` conditions when no `evaluate` is given. */
  readonly score?: number;
  /** The stored purchase probability, for `predicted` conditions when no `evaluate` is given. */
  readonly predicted?: number | null;
  /**
   * Evaluates the doctrine's condition language against the contact's folded state (`conditionEvaluator(compiled,
   * state)`). Without it, only `trait` and `score` conditions see the contact: counts read as zero.
   */
  readonly evaluate?: ConditionEvaluator;
}

/** Engagement of this enrolment's sends, by step id. A click implies an open. */
export type SendEngagement = Readonly<Record<string, { readonly opened?: boolean; readonly clicked?: boolean }>>;

export interface BranchInput {
  readonly facts: BranchFacts;
  /** The contact's events, in time order; `eventSince` reads those in (since, now]: the event that enrolled never counts. */
  readonly events: readonly ActivityEvent[];
  readonly since: EpochMs;
  readonly engagement: SendEngagement;
  readonly now: EpochMs;
}

// Conditions are compiled once per condition object (scenarios are compiled documents that live as long as their version).
const compiled = new WeakMap<object, CompiledCondition>();
function compiledOf(condition: Condition): CompiledCondition {
  let found = compiled.get(condition);
  if (!found) {
    found = compileCondition(condition);
    compiled.set(condition, found);
  }
  return found;
}

/**
 * Evaluates doctrine conditions against a contact's folded state with the doctrine's own parameters (cart delay,
 * scoring), as classification does. Example: `conditionEvaluator(compiled, state)({ signal: 'pageViews', within: '5d' }, now)`.
 */
export function conditionEvaluator(doctrine: CompiledDoctrine, state: ContactState): ConditionEvaluator {
  const halfLife = doctrine.doctrine.points.halfLife === 'none' ? null : parseDuration(doctrine.doctrine.points.halfLife);
  return (condition, now) =>
    compiledOf(condition).test({
      state,
      now,
      cartAbandonAfterMs: doctrine.foldParams.cartAbandonAfterMs,
      score: () => doctrine.classify(state, now).score,
      scoreHalfLifeMs: halfLife?.ok ? halfLife.value : null,
      predicted: () => doctrine.predicted(state, now),
      next: Number.POSITIVE_INFINITY,
    });
}

/** The fallback: a state that holds only the traits, and the given score. */
function traitsEvaluator(facts: BranchFacts): ConditionEvaluator {
  const state = { ...emptyContactState(), traits: { ...facts.traits } };
  return (condition, now) =>
    compiledOf(condition).test({ state, now, cartAbandonAfterMs: 0, score: () => facts.score ?? 0, scoreHalfLifeMs: null, predicted: () => facts.predicted ?? null, next: Number.POSITIVE_INFINITY });
}

function engaged(engagement: SendEngagement, stepId: string, how: 'opened' | 'clicked'): boolean {
  const ids = stepId === '*' ? Object.keys(engagement) : [stepId];
  return ids.some((id) => {
    const seen = engagement[id];
    return seen !== undefined && (seen.clicked === true || (how === 'opened' && seen.opened === true));
  });
}

/** Whether a branch's `if` holds. Example: `{ not: { sent: 'first-email', engaged: 'opened' } }` with no open recorded → true. */
export function evaluateBranch(condition: BranchCondition, input: BranchInput): boolean {
  let evaluate: ConditionEvaluator | undefined = input.facts.evaluate;
  const visit = (c: BranchCondition): boolean => {
    if ('all' in c) return c.all.every(visit);
    if ('any' in c) return c.any.some(visit);
    if ('not' in c) return !visit(c.not);
    if ('stage' in c) return (typeof c.stage === 'string' ? [c.stage] : c.stage).includes(input.facts.stage);
    if ('eventSince' in c) return input.events.some((e) => e.name === c.eventSince && e.at > input.since && e.at <= input.now && (c.where === undefined || matchesFilter(e.properties, c.where)));
    if ('sent' in c) return engaged(input.engagement, c.sent, c.engaged);
    evaluate ??= traitsEvaluator(input.facts);
    return evaluate(c, input.now);
  };
  return visit(condition);
}
