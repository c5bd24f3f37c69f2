import { describe, expect, it } from 'vitest';
import { blankDraft, blankRow, fromDefinition, nodeOfIssue, rowCondition, rowCount, toDefinition, updateNode, type GroupNode, type RowNode } from './segment-draft.js';

const row = (kind: RowNode['kind'], fields: Record<string, string>): RowNode => ({ ...blankRow(kind), fields: { ...blankRow(kind).fields, ...fields } });

describe('segment rows', () => {
  it('types what is typed: numbers, lists, pairs, booleans and durations', () => {
    expect(rowCondition(row('trait', { name: 'income', op: 'between', value: '30000, 45000' }))).toEqual({ trait: 'income', op: 'between', value: [30000, 45000] });
    expect(rowCondition(row('trait', { name: 'city', op: 'in', value: 'Lyon, Paris' }))).toEqual({ trait: 'city', op: 'in', value: ['Lyon', 'Paris'] });
    expect(rowCondition(row('trait', { name: 'vip', op: 'isTrue', value: 'x' }))).toEqual({ trait: 'vip', op: 'isTrue' });
    expect(rowCondition(row('trait', { name: 'postalCode', op: 'prefix', value: '69' }))).toEqual({ trait: 'postalCode', op: 'prefix', value: '69' });
    expect(rowCondition(row('age', { atLeast: '30', atMost: '45' }))).toEqual({ age: { atLeast: 30, atMost: 45 } });
    expect(rowCondition(row('geo', { city: 'Lyon', postalCodePrefix: '69, 38' }))).toEqual({ geo: { city: ['Lyon'], postalCodePrefix: ['69', '38'] } });
    expect(rowCondition(row('near', { latitude: '45,76', longitude: '4.84', withinKm: '20' }))).toEqual({ near: { latitude: 45.76, longitude: 4.84, withinKm: 20 } });
    expect(rowCondition(row('household', { sizeAtLeast: '3', children: 'yes' }))).toEqual({ household: { size: { atLeast: 3 }, children: true } });
    expect(rowCondition(row('activeAt', { hoursFrom: '18', hoursTo: '23', weekdays: '6, 7' }))).toEqual({ activeAt: { hours: [18, 23], weekdays: [6, 7] } });
    expect(rowCondition(row('lastSeen', { mode: 'before', duration: '60d' }))).toEqual({ lastSeen: { before: '60d' } });
    expect(rowCondition(row('consent', { purpose: 'ad_audiences', granted: 'no' }))).toEqual({ consent: { purpose: 'ad_audiences', granted: false } });
  });

  it('keeps a wrong number as text, so that the server names it instead of the form dropping it', () => {
    expect(rowCondition(row('age', { atLeast: 'thirty' }))).toEqual({ age: { atLeast: 'thirty' } });
  });
});

describe('a segment draft', () => {
  const definition = {
    key: 'warm-lyon',
    name: 'Warm prospects in Lyon, 30–45, pricing twice',
    where: {
      all: [
        { stage: ['warm'] },
        { geo: { city: ['lyon'] } },
        { age: { atLeast: 30, atMost: 45 } },
        { page: '/pricing', atLeast: 2 },
        { not: { consent: { purpose: 'ad_audiences', granted: false } } },
        { any: [{ product: { bought: ['sku-1'], within: '90d' } }, { spend: { atLeast: 100 } }] },
        { event: 'Webinar Attended', where: { topic: 'pricing' }, atLeast: 1 },
        { segment: 'newsletter' },
      ],
    },
    purchasingPower: { measure: { spend: { within: '365d' } }, bands: [{ key: 'low', to: 100 }, { key: 'high', from: 100 }] },
  };

  it('reads a definition into rows and writes it back unchanged', () => {
    const draft = fromDefinition(definition);
    expect(rowCount(draft.root)).toBe(9);
    expect(draft.root.children.filter((n) => n.type === 'row' && n.kind === 'json')).toEqual([]);
    expect(toDefinition(draft).definition).toEqual(definition);
  });

  it('keeps a leaf the rows cannot hold as JSON, and writes it back as it was', () => {
    const odd = { product: { viewed: ['a'], bought: ['b'] } };
    const draft = fromDefinition({ key: 'k', name: 'n', where: odd });
    const only = draft.root.children[0] as RowNode;
    expect(only.kind).toBe('json');
    expect(toDefinition(draft).definition['where']).toEqual({ all: [odd] });
  });

  it('places an issue on the row or group its path points into', () => {
    const draft = fromDefinition(definition);
    const { nodeAt } = toDefinition(draft);
    const ageRow = draft.root.children[2]!;
    expect(nodeOfIssue(['where', 'all', 2, 'age', 'atLeast'], nodeAt)).toBe(ageRow.id);
    expect(nodeOfIssue(['where.all.2.age.atLeast'], nodeAt)).toBe(ageRow.id);
    const anyGroup = draft.root.children[5] as GroupNode;
    expect(nodeOfIssue(['where', 'all', 5, 'any', 1, 'spend'], nodeAt)).toBe(anyGroup.children[1]!.id);
    expect(nodeOfIssue(['where', 'all', 4, 'not', 'consent'], nodeAt)).toBe((draft.root.children[4] as GroupNode).children[0]!.id);
    expect(nodeOfIssue(['key'], nodeAt)).toBeNull();
  });

  it('adds, changes and removes nodes without touching the others', () => {
    const start = blankDraft();
    const added = updateNode(start.root, start.root.id, (g) => (g.type === 'group' ? { ...g, children: [...g.children, row('stage', { values: 'hot' })] } : g));
    expect(toDefinition({ ...start, root: added }).definition['where']).toEqual({ all: [{ stage: ['hot'] }] });
    const negated = updateNode(added, added.id, (g) => (g.type === 'group' ? { ...g, negated: true, combine: 'any' } : g));
    expect(toDefinition({ ...start, root: negated }).definition['where']).toEqual({ not: { any: [{ stage: ['hot'] }] } });
    const removed = updateNode(added, added.children[0]!.id, () => null);
    expect(rowCount(removed)).toBe(0);
  });
});

describe('every kind of row', () => {
  // One leaf of each kind the language has, as the rows write it.
  const leaves = [
    { trait: 'income', op: 'between', value: [30000, 45000] },
    { trait: 'vip', op: 'isTrue' },
    { age: { atLeast: 30, atMost: 45 } },
    { ageBand: ['25-34', '35-44'] },
    { gender: ['female'] },
    { household: { size: { atLeast: 3 }, children: false } },
    { geo: { country: ['FR'], postalCodePrefix: ['69'] } },
    { near: { latitude: 45.76, longitude: 4.84, withinKm: 20 } },
    { purchasingPower: ['high'] },
    { spend: { atLeast: 100, within: '365d' } },
    { lastSeen: { within: '30d' } },
    { preferredChannel: ['email', 'sms'] },
    { activeAt: { hours: [18, 23], weekdays: [6, 7], share: 0.5 } },
    { product: { viewed: ['shoes'], within: '30d' } },
    { page: '/pricing', atLeast: 2 },
    { signal: 'pageViews', atLeast: 3, within: '7d' },
    { event: 'Webinar Attended', atLeast: 1 },
    { score: { atLeast: 40 } },
    { stage: ['warm', 'hot'] },
    { stageWas: { stage: 'hot', within: '30d' } },
    { consent: { purpose: 'ad_audiences', granted: true } },
    { scenario: 'welcome', ever: true },
    { segment: 'newsletter' },
  ];

  it.each(leaves)('reads %j into its own row and writes it back', (leaf) => {
    const draft = fromDefinition({ key: 'k', name: 'n', where: { any: [leaf] } });
    const only = draft.root.children[0] as RowNode;
    expect(only.kind).not.toBe('json');
    expect(toDefinition(draft).definition['where']).toEqual({ any: [leaf] });
  });

  it('covers every kind but the JSON row', () => {
    const kinds = new Set(leaves.map((leaf) => (fromDefinition({ where: { all: [leaf] } }).root.children[0] as RowNode).kind));
    expect(kinds.size).toBe(leaves.length - 1); // two trait rows
  });
});
