import { DAY } from '../shared/duration.js';
import { compileCondition, countPlan, pendingAbandonment, windowedValue, type CountPlan, type EvalContext } from './compile-condition.js';
import type { Condition } from './doctrine.js';
import { gatherSource } from './tally-layout.js';

/** The index of the first stage whose rule holds, or -1 for the fallback; ctx.next as the closures would leave it. */
export type StageDecision = (ctx: EvalContext) => number;

const literal = (value: number) => {
  if (!Number.isFinite(value)) throw new Error(`a doctrine bound must be a finite number, got ${value}`);
  return String(value);
};

/**
 * One windowed count leaf as its own function, with its window, measure and threshold folded in as constants:
 * `windowedValue` (compile-condition.ts) written out for one leaf, so that V8 optimises each leaf for itself. The
 * property test in generate-stage-decision.test.ts holds the two to the same values and change instants.
 */
function windowedLeafSource(name: string, plan: CountPlan): string {
  const { within, measure, pendingCart, stopAt } = plan.testing;
  const W = literal(within!);
  const reached = (at: string) => (stopAt === undefined ? '' : `\n    if (value >= ${literal(stopAt)}) { note(ctx, ${at} + ${W}); return value; }`);
  return `function ${name}(ctx, tally) {
  const now = ctx.now;
  const since = now - ${W};
  let value = 0;
  let oldest = Infinity;${
    pendingCart
      ? `
  const abandonedAt = pendingAbandonment(ctx, since);
  if (abandonedAt !== null) {
    value = 1;
    oldest = abandonedAt;${reached('abandonedAt')}
  }`
      : ''
  }
  if (tally !== undefined && tally.last > since${stopAt !== undefined && measure === 'count' && !pendingCart ? ` && tally.n >= ${literal(stopAt)}` : ''}) {
    const recent = tally.recent;
    for (let i = recent.length - 1; i >= 0; i--) {
      const entry = recent[i];
      const at = entry[0];
      if (at > now) continue;
      if (at <= since) break;
      value += ${measure === 'sum' ? 'entry[1]' : '1'};
      if (at < oldest) oldest = at;${reached('at').replace(/\n/g, '\n  ')}
    }
    const days = tally.days;
    for (let d = days.length - 1; d >= 0; d--) {
      const bucket = days[d];
      const start = bucket[0] * ${DAY};
      if (start > now) continue;
      if (start <= since) break;
      value += bucket[${measure === 'sum' ? 2 : 1}];
      if (start < oldest) oldest = start;${reached('start').replace(/\n/g, '\n  ')}
    }
  }${stopAt === undefined ? `\n  if (oldest !== Infinity) note(ctx, oldest + ${W});` : ''}
  return value;
}`;
}

/**
 * The stage rules of one doctrine version as JavaScript source, compiled once by V8: the tallies the rules read are
 * gathered into local variables in one pass over the contact's tallies (tally-layout.ts), each windowed count leaf is
 * a function of its own with its constants folded in, and all/any/not become `&&`, `||` and `!`, which short-circuit
 * in the order the closures loop. Lifetime counts, traits, score and prediction keep the closures' code: they read
 * one total or no tally at all. Example: `generateStageDecision(doctrine.stages.map((s) => s.when))(ctx) === 1` when
 * the second stage is the first that holds.
 */
export function generateStageDecision(rules: readonly Condition[]): StageDecision {
  const slots = new Map<string, string>();
  const constants: unknown[] = [];
  const leaves: string[] = [];
  const constant = (value: unknown) => `K[${constants.push(value) - 1}]`;

  const emit = (condition: Condition): string => {
    if ('all' in condition) return condition.all.length === 0 ? 'true' : `(${condition.all.map(emit).join(' && ')})`;
    if ('any' in condition) return condition.any.length === 0 ? 'false' : `(${condition.any.map(emit).join(' || ')})`;
    if ('not' in condition) return `!${emit(condition.not)}`;
    if ('signal' in condition || 'event' in condition) {
      const plan = countPlan(condition);
      let slot = slots.get(plan.tally);
      if (slot === undefined) slots.set(plan.tally, (slot = `t${slots.size}`));
      let read: string;
      if (plan.testing.within === null) read = `windowedValue(ctx, ${slot}, ${constant(plan.testing)})`;
      else {
        const name = `count${leaves.length}`;
        leaves.push(windowedLeafSource(name, plan));
        read = `${name}(ctx, ${slot})`;
      }
      const { lower, atMost } = plan;
      // The read stays even when nothing bounds it: it notes when the count changes, as the closure's does.
      if (atMost === undefined) return lower === undefined ? `(${read}, true)` : `(${read} >= ${literal(lower)})`;
      return lower === undefined ? `(${read} <= ${literal(atMost)})` : `((v = ${read}) >= ${literal(lower)} && v <= ${literal(atMost)})`;
    }
    return `${constant(compileCondition(condition))}.test(ctx)`;
  };

  const tests = rules.map((rule, index) => `  if (${emit(rule)}) return ${index};`).join('\n');
  const source = `"use strict";
const { windowedValue, pendingAbandonment, constants: K } = bound;
function note(ctx, at) {
  if (at > ctx.now && at < ctx.next) ctx.next = at;
}
${leaves.join('\n')}
return function decideStage(ctx) {
  let v = 0;
${gatherSource('ctx.state.tallies', slots)}
${tests}
  return -1;
};`;
  // The doctrine's own source, generated above from validated rules: no input reaches it as code.
  return new Function('bound', source)({ windowedValue, pendingAbandonment, constants }) as StageDecision;
}
