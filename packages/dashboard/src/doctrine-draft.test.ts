import { expect, it } from 'vitest';
import { addCondition, addStage, buildCondition, conditionLeaves, moveStage, removeAt, removeStage, setAt, signalsIn, type ConditionInput, type Json } from './doctrine-draft.js';

const doctrine: Json = {
  stages: [
    { key: 'hot', when: { any: [{ signal: 'calls', atLeast: 1, within: '30d' }, { signal: 'chats', atLeast: 1, within: '30d' }] } },
    { key: 'cold', when: { signal: 'pageViews', atLeast: 3 } },
  ],
  points: { rules: [{ id: 'call', signal: 'calls', points: 25 }] },
};

it('edits, removes and adds conditions without touching the original', () => {
  const leaves = conditionLeaves((doctrine as { stages: { when: Json }[] }).stages[0]!.when, ['stages', 0, 'when']);
  expect(leaves.map((l) => l.path.join('.'))).toEqual(['stages.0.when.any.0', 'stages.0.when.any.1']);
  const edited = setAt(doctrine, [...leaves[0]!.path, 'atLeast'], 2);
  expect(JSON.stringify(edited)).toContain('"signal":"calls","atLeast":2');
  expect(JSON.stringify(doctrine)).toContain('"signal":"calls","atLeast":1');
  const removed = removeAt(doctrine, leaves[0]!.path);
  expect(conditionLeaves((removed as { stages: { when: Json }[] }).stages[0]!.when, []).map((l) => l.condition['signal'])).toEqual(['chats']);
  // A lone condition becomes "all" of it and the new one; a list grows.
  const added = addCondition(doctrine, ['stages', 1, 'when'], { signal: 'engagedSeconds', atLeast: 120 });
  expect((added as { stages: { when: Json }[] }).stages[1]!.when).toEqual({ all: [{ signal: 'pageViews', atLeast: 3 }, { signal: 'engagedSeconds', atLeast: 120 }] });
  const grown = addCondition(doctrine, ['stages', 0, 'when'], { signal: 'demoRequests', atLeast: 1 });
  expect(conditionLeaves((grown as { stages: { when: Json }[] }).stages[0]!.when, []).length).toBe(3);
  expect(signalsIn(doctrine)).toEqual(['calls', 'chats', 'pageViews']);
});

const keys = (value: Json) => (value as { stages: { key: string }[] }).stages.map((s) => s.key);

it('adds, reorders and removes stages, keeping precedence explicit', () => {
  const added = addStage(doctrine, { key: 'webinar', en: 'Webinar guest', fr: 'Invité webinaire', temperature: 'warm' });
  expect(keys(added)).toEqual(['hot', 'cold', 'webinar']);
  expect((added as { stages: Json[] }).stages[2]).toMatchObject({ labels: { en: 'Webinar guest', fr: 'Invité webinaire' }, temperature: 'warm' });
  expect(keys(moveStage(added, 2, -1))).toEqual(['hot', 'webinar', 'cold']);
  // Moving past either end changes nothing.
  expect(keys(moveStage(added, 0, -1))).toEqual(['hot', 'cold', 'webinar']);
  expect(keys(removeStage(added, 0))).toEqual(['cold', 'webinar']);
  expect(keys(doctrine)).toEqual(['hot', 'cold']);
});

it('builds each kind of condition the rule language has, from what the form holds', () => {
  const base: ConditionInput = { kind: 'signal', name: 'offerViews', atLeast: 3, within: '30d', op: 'eq', value: '' };
  expect(buildCondition(base)).toEqual({ signal: 'offerViews', atLeast: 3, within: '30d' });
  expect(buildCondition({ ...base, kind: 'event', name: ' Webinar Attended ', within: '' })).toEqual({ event: 'Webinar Attended', atLeast: 3 });
  expect(buildCondition({ ...base, kind: 'event', name: '  ' })).toBeNull();
  expect(buildCondition({ ...base, kind: 'trait', name: 'city', op: 'in', value: 'Lyon, Paris,' })).toEqual({ trait: 'city', op: 'in', value: ['Lyon', 'Paris'] });
  expect(buildCondition({ ...base, kind: 'trait', name: 'employees', op: 'gte', value: '50' })).toEqual({ trait: 'employees', op: 'gte', value: 50 });
  expect(buildCondition({ ...base, kind: 'trait', name: 'lastPurchaseAt', op: 'within', value: '365d' })).toEqual({ trait: 'lastPurchaseAt', op: 'within', value: '365d' });
  expect(buildCondition({ ...base, kind: 'trait', name: 'phone', op: 'exists' })).toEqual({ trait: 'phone', op: 'exists' });
  expect(buildCondition({ ...base, kind: 'score', atLeast: 40 })).toEqual({ score: { atLeast: 40 } });
  // The predicted probability is typed as a percentage and kept from 0 to 1, as the doctrine validates it.
  expect(buildCondition({ ...base, kind: 'predicted', atLeast: 20 })).toEqual({ predicted: { atLeast: 0.2 } });
  expect(buildCondition({ ...base, kind: 'predicted', atLeast: 12.5 })).toEqual({ predicted: { atLeast: 0.125 } });
  expect(buildCondition({ ...base, kind: 'predicted', atLeast: 140 })).toBeNull();
});
