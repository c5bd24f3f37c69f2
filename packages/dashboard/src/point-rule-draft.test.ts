import { expect, it } from 'vitest';
import type { ConditionInput } from './doctrine-draft.js';
import { buildPointRule, isOncePointRule, pointRuleSummary } from './point-rule-draft.js';

const input = (patch: Partial<ConditionInput & { id: string; points: number }>) => ({ kind: 'signal' as const, name: 'sessions', atLeast: 3, within: '30d', op: 'eq' as const, value: '', id: 'returning', points: 10, ...patch });

it.each([
  ['a threshold on a signal', input({}), { id: 'returning', points: 10, signal: 'sessions', atLeast: 3, within: '30d' }],
  ['a threshold over the whole history', input({ kind: 'event', name: 'Webinar Attended', within: '' }), { id: 'returning', points: 10, event: 'Webinar Attended', atLeast: 3 }],
  ['a trait comparison, its number read as one', input({ kind: 'trait', name: 'company_size', op: 'gte', value: '50', id: 'big' }), { id: 'big', points: 10, trait: 'company_size', op: 'gte', value: 50 }],
  ['no id yet', input({ id: ' ' }), null],
  ['no points', input({ points: 0 }), null],
  ['the score is no point rule', input({ kind: 'score' }), null],
])('builds %s', (_name, form, expected) => {
  expect(buildPointRule(form)).toEqual(expected);
});

it('says what a rule reads, and which rules give their points once', () => {
  expect(pointRuleSummary({ id: 'r', signal: 'sessions', atLeast: 3, within: '30d', points: 10 })).toBe('sessions ≥ 3 within 30d');
  expect(pointRuleSummary({ id: 'r', trait: 'company_size', op: 'gte', value: 50, points: 20 })).toBe('company_size gte 50');
  expect(pointRuleSummary({ id: 'r', event: 'Call Logged', where: { outcome: 'interested' }, points: 30 })).toBe('“Call Logged” {"outcome":"interested"}');
  expect(isOncePointRule({ id: 'r', signal: 'chats', points: 25 })).toBe(false);
  expect(isOncePointRule({ id: 'r', trait: 'phone', op: 'exists', points: 5 })).toBe(true);
});
