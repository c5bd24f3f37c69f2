import { describe, expect, it } from 'vitest';
import { DOCTRINE_PRESETS } from './presets/index.js';
import { validateDoctrine } from './validate-doctrine.js';

const issuesOf = (rule: Record<string, unknown>, when?: Record<string, unknown>) => {
  const base = DOCTRINE_PRESETS['suspect-prospect-lead']!;
  const stages = when ? [{ ...base.stages[0]!, when }] : base.stages;
  const result = validateDoctrine({ ...base, stages, points: { halfLife: '30d', rules: [rule] } });
  return result.ok ? [] : result.error.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('validateDoctrine: point rules and property filters', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a trait rule', { id: 'r', trait: 'company_size', op: 'gte', value: 50, points: 20 }, []],
    ['a threshold rule', { id: 'r', signal: 'sessions', atLeast: 3, within: '30d', points: 10 }, []],
    ['a filtered event rule', { id: 'r', event: 'Call Logged', where: { outcome: ['interested', 'callback'] }, points: 10 }, []],
    ['two kinds', { id: 'r', signal: 'calls', trait: 'x', op: 'exists', points: 1 }, ['points.rules.0: a point rule reads exactly one of "signal", "event" or "trait"']],
    ['a trait rule without its value', { id: 'r', trait: 'company_size', op: 'gte', points: 1 }, ['points.rules.0.value: the "gte" operator needs a value']],
    ['a trait rule with a bad operator', { id: 'r', trait: 'company_size', op: 'bigger', value: 1, points: 1 }, ['points.rules.0.op: expected an operator: exists, eq, neq, in, contains, gt, gte, lt, lte, within, before']],
    ['a window without a threshold', { id: 'r', signal: 'sessions', within: '30d', points: 1 }, ['points.rules.0.within: a window needs "atLeast": the rule then gives its points once the count reaches it within the window']],
    ['a threshold of zero', { id: 'r', signal: 'sessions', atLeast: 0, points: 1 }, ['points.rules.0.atLeast: expected a threshold of 1 or more']],
    ['a bad window', { id: 'r', signal: 'sessions', atLeast: 2, within: 'a month', points: 1 }, ['points.rules.0.within: expected a duration such as "30d", "12h", "45m" or "90s", got "a month"']],
    ['a cap on a threshold', { id: 'r', signal: 'sessions', atLeast: 2, cap: 5, points: 1 }, ['points.rules.0.cap: unknown field "cap" in a signal point rule; a threshold or trait rule gives its points once: there is nothing to cap']],
    ['where on a signal', { id: 'r', signal: 'calls', where: { outcome: 'x' }, points: 1 }, ['points.rules.0.where: unknown field "where" in a signal point rule; expected id, points, signal, atLeast, within, cap']],
    ['an empty filter', { id: 'r', event: 'Call Logged', where: {}, points: 1 }, ['points.rules.0.where: expected properties with a value or a list of values, e.g. { "outcome": ["interested", "callback"] }']],
  ])('%s', (_name, rule, expected) => {
    expect(issuesOf(rule)).toEqual(expected);
  });

  it('checks property filters in stage conditions too', () => {
    const rule = { id: 'r', signal: 'calls', points: 1 };
    expect(issuesOf(rule, { event: 'Call Logged', where: { outcome: 'interested' }, within: '30d' })).toEqual([]);
    expect(issuesOf(rule, { event: 'Call Logged', where: { outcome: [{ nested: 1 }] } })).toEqual([
      'stages.0.when.where.outcome: expected properties with a value or a list of values, e.g. { "outcome": ["interested", "callback"] }; a value is a string, number or boolean',
    ]);
    expect(issuesOf(rule, { signal: 'calls', where: { outcome: 'x' } })).toEqual(['stages.0.when.where: unknown field "where" in a signal condition; expected signal, atLeast, atMost, within']);
  });
});
