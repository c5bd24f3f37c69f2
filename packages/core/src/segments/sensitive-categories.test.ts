import { describe, expect, it } from 'vitest';
import type { SegmentCondition, SegmentDefinition } from './segment.js';
import { sensitiveCategoriesOf, sensitiveCategoriesOfTrait, sensitiveUsesOf } from './sensitive-categories.js';

const def = (where: SegmentCondition, extra: Partial<SegmentDefinition> = {}): SegmentDefinition => ({ key: 'k', name: 'k', where, ...extra });
const none = new Map<string, SegmentDefinition>();

describe('sensitiveCategoriesOf', () => {
  it('finds nothing in a plain marketing segment', () => {
    expect(sensitiveCategoriesOf(def({ all: [{ stage: ['warm'] }, { geo: { city: ['lyon'] } }, { age: { atLeast: 30, atMost: 45 } }, { ageBand: ['25-34'] }] }), none)).toEqual([]);
  });

  it('names income from a purchasing power read on a trait, not from spend', () => {
    const bands = [{ key: 'low', to: 10 }, { key: 'high', from: 10 }];
    expect(sensitiveCategoriesOf(def({ purchasingPower: ['high'] }, { purchasingPower: { measure: { trait: 'household_income' }, bands } }), none)).toEqual(['income']);
    expect(sensitiveCategoriesOf(def({ purchasingPower: ['high'] }, { purchasingPower: { measure: { spend: {} }, bands } }), none)).toEqual([]);
  });

  it('reads trait names in English and French', () => {
    expect(sensitiveCategoriesOfTrait('Salaire annuel')).toEqual(['income']);
    expect(sensitiveCategoriesOfTrait('santé')).toEqual(['health']);
    expect(sensitiveCategoriesOfTrait('medicalCondition')).toEqual(['health']);
    expect(sensitiveCategoriesOfTrait('religion')).toEqual(['religion']);
    expect(sensitiveCategoriesOfTrait('ethnicity')).toEqual(['ethnicity']);
    expect(sensitiveCategoriesOfTrait('political_view')).toEqual(['political']);
    expect(sensitiveCategoriesOfTrait('sexual_orientation')).toEqual(['sexual_orientation']);
    expect(sensitiveCategoriesOfTrait('plan')).toEqual([]);
  });

  it('flags age conditions that can include minors, negations included', () => {
    expect(sensitiveCategoriesOf(def({ age: { atMost: 25 } }), none)).toEqual(['age_under_18']);
    expect(sensitiveCategoriesOf(def({ age: { atLeast: 16 } }), none)).toEqual(['age_under_18']);
    expect(sensitiveCategoriesOf(def({ age: { atLeast: 18 } }), none)).toEqual([]);
    expect(sensitiveCategoriesOf(def({ not: { age: { atLeast: 18 } } }), none)).toEqual(['age_under_18']);
    expect(sensitiveCategoriesOf(def({ not: { age: { atMost: 17 } } }), none)).toEqual([]);
    expect(sensitiveCategoriesOf(def({ not: { ageBand: ['65+'] } }), none)).toEqual(['age_under_18']);
    expect(sensitiveCategoriesOf(def({ trait: 'birthday', op: 'exists' }), none)).toEqual(['age_under_18']);
  });

  it('follows the segments a definition refers to, once each, and says where', () => {
    const all = new Map<string, SegmentDefinition>([
      ['sick', { key: 'sick', name: 'sick', where: { trait: 'health_status', op: 'eq', value: 'ill' } }],
      ['loop', { key: 'loop', name: 'loop', where: { any: [{ segment: 'loop' }, { segment: 'sick' }] } }],
    ]);
    expect(sensitiveCategoriesOf(def({ all: [{ stage: ['hot'] }, { segment: 'loop' }] }), all)).toEqual(['health']);
    expect(sensitiveUsesOf(def({ segment: 'sick' }), all)).toEqual([{ category: 'health', segment: 'sick', path: ['where'], reason: 'the trait "health_status" reveals health' }]);
  });
});
