import { describe, expect, it } from 'vitest';
import { formatPath } from '../shared/issue.js';
import type { SegmentDefinition } from './segment.js';
import { validateSegment } from './validate-segment.js';

const base = { key: 'warm-lyon', name: 'Warm prospects in Lyon' };
const issuesOf = (input: unknown, known = {}) => {
  const result = validateSegment(input, known);
  return result.ok ? [] : result.error.map((i) => `${formatPath(i.path)}: ${i.code}`);
};
const where = (condition: unknown) => issuesOf({ ...base, where: condition });

describe('validateSegment', () => {
  it('accepts a definition using every kind of condition', () => {
    const def = {
      ...base,
      description: 'The brief\'s example',
      purchasingPower: { measure: { spend: { within: '365d' } }, bands: [{ key: 'low', to: 100 }, { key: 'mid', from: 100, to: 1000 }, { key: 'high', from: 1000 }] },
      where: {
        all: [
          { stage: ['warm'] },
          { age: { atLeast: 30, atMost: 45 } },
          { geo: { city: ['Lyon'], postalCodePrefix: ['69'] } },
          { event: 'Page Viewed', where: { path: '/pricing' }, atLeast: 2 },
          { signal: 'offerViews', atLeast: 2, within: '30d' },
          { score: { atLeast: 10 } },
          { trait: 'plan', op: 'in', value: ['pro', 'team'] },
          { trait: 'postal_code', op: 'prefix', value: '69' },
          { trait: 'income', op: 'between', value: [20000, 50000] },
          { trait: 'signup', op: 'within', value: '30d' },
          { trait: 'vip', op: 'isTrue' },
          { ageBand: ['25-34', '35-44'] },
          { gender: ['female'] },
          { household: { size: { atLeast: 3 }, children: true } },
          { near: { latitude: 45.76, longitude: 4.84, withinKm: 20 } },
          { purchasingPower: ['mid', 'high'] },
          { spend: { atLeast: 100, within: '90d' } },
          { lastSeen: { within: '90d', before: '7d' } },
          { preferredChannel: ['email', 'web'] },
          { activeAt: { hours: [18, 23], weekdays: [6, 7], share: 0.4 } },
          { product: { viewed: ['shoes'], within: '30d' } },
          { page: '/tarifs*', atLeast: 2 },
          { stageWas: { stage: 'hot', within: '30d' } },
          { consent: { purpose: 'ad_audiences', granted: true } },
          { not: { scenario: 'welcome', ever: true } },
          { any: [{ segment: 'buyers' }, { segment: 'vips' }] },
        ],
      },
    };
    expect(issuesOf(def)).toEqual([]);
    expect(issuesOf(def, { stages: ['cold', 'warm', 'hot'], scenarios: ['welcome'], segments: new Map([['buyers', { key: 'buyers', name: 'B', where: { stage: ['hot'] } }], ['vips', { key: 'vips', name: 'V', where: { stage: ['hot'] } }]]) })).toEqual([]);
  });

  it('refuses a bad key, a missing name, unknown fields and unknown condition kinds, with paths', () => {
    expect(issuesOf({ key: 'Warm Lyon', where: { stage: ['warm'] }, colour: 'red' })).toEqual(['colour: unknown_key', 'key: invalid_value', 'name: missing_field']);
    expect(where({ all: [{ stage: ['warm'] }, { shoeSize: 42 }] })).toEqual(['where.all[1]: invalid_value']);
    expect(where({ stage: ['warm'], age: { atLeast: 3 } })).toEqual(['where: invalid_value']);
    expect(where({ all: [] })).toEqual(['where.all: invalid_value']);
    expect(where({ age: { atLeast: 30, extra: 1 } })).toEqual(['where.age.extra: unknown_key']);
  });

  it('refuses operators that do not fit the value', () => {
    expect(where({ all: [{ trait: 'zip', op: 'prefix', value: 69 }] })).toEqual(['where.all[0].value: invalid_type']);
    expect(where({ trait: 'age', op: 'between', value: [30] })).toEqual(['where.value: invalid_type']);
    expect(where({ trait: 'age', op: 'between', value: [30, '2020-01-01'] })).toEqual(['where.value: invalid_type']);
    expect(where({ trait: 'age', op: 'gt', value: 'thirty' })).toEqual(['where.value: invalid_type']);
    expect(where({ trait: 'vip', op: 'isTrue', value: true })).toEqual(['where.value: unknown_key']);
    expect(where({ trait: 'vip', op: 'like', value: 'x' })).toEqual(['where.op: invalid_value']);
    expect(where({ trait: 'plan', op: 'in', value: [] })).toEqual(['where.value: invalid_value']);
    expect(where({ signal: 'pageViews', atLeast: -1 })).toEqual(['where.atLeast: invalid_value']);
    expect(where({ signal: 'heartbeats' })).toEqual(['where.signal: invalid_value']);
  });

  it('refuses impossible ranges', () => {
    expect(where({ all: [{ age: { atLeast: 45, atMost: 30 } }] })).toEqual(['where.all[0].age: impossible_range']);
    expect(where({ trait: 'income', op: 'between', value: [50, 10] })).toEqual(['where.value: impossible_range']);
    expect(where({ trait: 'signup', op: 'between', value: ['2025-01-01', '2024-01-01'] })).toEqual(['where.value: impossible_range']);
    expect(where({ signal: 'pageViews', atLeast: 5, atMost: 2 })).toEqual(['where: impossible_range']);
    expect(where({ score: { atLeast: 50, atMost: 10 } })).toEqual(['where.score: impossible_range']);
    expect(where({ lastSeen: { within: '7d', before: '30d' } })).toEqual(['where.lastSeen: impossible_range']);
    expect(where({ activeAt: { hours: [9, 9] } })).toEqual(['where.activeAt.hours: impossible_range']);
    expect(where({ age: { atLeast: 200 } })).toEqual(['where.age.atLeast: invalid_value']);
    expect(where({ age: {} })).toEqual(['where.age: missing_field']);
  });

  it('checks the leaves of demographics and habits', () => {
    expect(where({ ageBand: ['18-24', '16-17'] })).toEqual(['where.ageBand[1]: invalid_value']);
    expect(where({ gender: ['female', 'female'] })).toEqual(['where.gender[1]: duplicate_value']);
    expect(where({ near: { latitude: 91, longitude: 0, withinKm: 0 } })).toEqual(['where.near.latitude: invalid_value', 'where.near.withinKm: invalid_value']);
    expect(where({ geo: {} })).toEqual(['where.geo: missing_field']);
    expect(where({ preferredChannel: ['pigeon'] })).toEqual(['where.preferredChannel[0]: invalid_value']);
    expect(where({ activeAt: { weekdays: [0, 8] } })).toEqual(['where.activeAt.weekdays[0]: invalid_value', 'where.activeAt.weekdays[1]: invalid_value']);
    expect(where({ product: { viewed: ['a'], within: 'soon' } })).toEqual(['where.product.within: invalid_value']);
    expect(where({ page: 'pricing' })).toEqual(['where.page: invalid_type']);
    expect(where({ consent: { purpose: 'ads', granted: 'yes' } })).toEqual(['where.consent.purpose: invalid_value', 'where.consent.granted: invalid_type']);
    expect(where({ household: { children: 'yes' } })).toEqual(['where.household.children: invalid_type']);
    expect(where({ stageWas: { stage: 'hot' } })).toEqual(['where.stageWas.within: missing_field']);
  });

  it('checks purchasing-power bands: ascending, not overlapping, keys unique, and leaves naming declared bands', () => {
    const bands = (list: unknown[]) => issuesOf({ ...base, purchasingPower: { measure: { trait: 'income' }, bands: list }, where: { purchasingPower: ['low'] } });
    expect(bands([{ key: 'low', to: 100 }, { key: 'high', from: 100 }])).toEqual([]);
    expect(bands([{ key: 'low', to: 100 }, { key: 'high', from: 50, to: 200 }])).toEqual(['purchasingPower.bands[1].from: overlapping_bands']);
    expect(bands([{ key: 'low', from: 10, to: 5 }])).toEqual(['purchasingPower.bands[0]: impossible_range']);
    expect(bands([{ key: 'low', to: 100 }, { key: 'low', from: 100 }])).toEqual(['purchasingPower.bands[1].key: duplicate_key']);
    expect(bands([{ key: 'low' }, { key: 'high', from: 100 }])).toEqual(['purchasingPower.bands[0].to: invalid_value']);
    expect(issuesOf({ ...base, where: { purchasingPower: ['low'] } })).toEqual(['purchasingPower: missing_field']);
    expect(issuesOf({ ...base, purchasingPower: { measure: { trait: 'income' }, bands: [{ key: 'low', to: 1 }] }, where: { purchasingPower: ['rich'] } })).toEqual(['where.purchasingPower[0]: unknown_reference']);
  });

  it('refuses unknown stages, scenarios, segments and traits when told what exists', () => {
    const known = { stages: ['cold', 'warm'], scenarios: ['welcome'], segments: new Map<string, SegmentDefinition>(), traits: new Set(['plan']) };
    expect(issuesOf({ ...base, where: { all: [{ stage: ['tepid'] }, { stageWas: { stage: 'boiling', within: '1d' } }, { scenario: 'bye' }, { segment: 'nobody' }, { trait: 'shoe', op: 'exists' }] } }, known)).toEqual([
      'where.all[0].stage[0]: unknown_reference',
      'where.all[1].stageWas.stage: unknown_reference',
      'where.all[2].scenario: unknown_reference',
      'where.all[3].segment: unknown_reference',
      'where.all[4].trait: unknown_reference',
    ]);
  });

  it('refuses segment reference cycles, direct or through saved segments', () => {
    expect(issuesOf({ ...base, where: { segment: 'warm-lyon' } })).toEqual(['where.segment: segment_cycle']);
    const segments = new Map<string, SegmentDefinition>([
      ['a', { key: 'a', name: 'A', where: { segment: 'b' } }],
      ['b', { key: 'b', name: 'B', where: { all: [{ stage: ['hot'] }, { segment: 'warm-lyon' }] } }],
      ['warm-lyon', { key: 'warm-lyon', name: 'old version', where: { stage: ['warm'] } }],
    ]);
    const result = validateSegment({ ...base, where: { not: { segment: 'a' } } }, { segments });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error[0]).toMatchObject({ code: 'segment_cycle', path: ['where', 'not', 'segment'], message: expect.stringContaining('warm-lyon → a → b → warm-lyon') });
    expect(issuesOf({ ...base, where: { segment: 'b' } }, { segments: new Map([['b', { key: 'b', name: 'B', where: { stage: ['hot'] } }]]) })).toEqual([]);
  });

  it('limits the size of a definition', () => {
    const many = Array.from({ length: 201 }, () => ({ stage: ['warm'] }));
    expect(where({ all: many })).toEqual(['where.all[200]: invalid_value']);
    let deep: unknown = { stage: ['warm'] };
    for (let i = 0; i < 20; i++) deep = { not: deep };
    expect(where(deep).length).toBe(1);
  });
});
