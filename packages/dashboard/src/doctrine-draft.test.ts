import { expect, it } from 'vitest';
import { addCondition, conditionLeaves, removeAt, setAt, signalsIn, type Json } from './doctrine-draft.js';

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
