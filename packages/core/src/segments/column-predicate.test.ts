import { describe, expect, it } from 'vitest';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { contactFacts } from '../reports/contact-facts.js';
import { matchesColumnPredicate, segmentRowOf, type ColumnPredicate } from './column-predicate.js';

const facts = contactFacts({ ...emptyContactState(), traits: { city: 'Lyon', postalCode: '69003' } }, 'warm', () => 'warm');
const row = segmentRowOf(facts, facts.profile, 12);
const none = { segments: new Set<string>() };
const holds = (p: ColumnPredicate, memberships = none) => matchesColumnPredicate(p, row, memberships);

describe('matchesColumnPredicate (the reference semantics SQL renderers follow)', () => {
  it('compares columns, with NULL false in every comparison and not negating that false', () => {
    expect(holds({ column: 'city', op: 'eq', value: 'lyon' })).toBe(true);
    expect(holds({ column: 'postal_code', op: 'prefix', value: '69' })).toBe(true);
    expect(holds({ column: 'stage', op: 'in', value: ['warm', 'hot'] })).toBe(true);
    expect(holds({ column: 'score', op: 'gte', value: 12 })).toBe(true);
    expect(holds({ column: 'score', op: 'gt', value: 12 })).toBe(false);
    expect(holds({ column: 'gender', op: 'eq', value: 'female' })).toBe(false);
    expect(holds({ not: { column: 'gender', op: 'eq', value: 'female' } })).toBe(true);
    expect(holds({ column: 'gender', op: 'null' })).toBe(true);
    expect(holds({ column: 'revenue', op: 'lte', value: 0 })).toBe(true);
  });

  it('combines, and reads memberships and enrolments', () => {
    expect(holds({ all: [true, { any: [false, { column: 'city', op: 'in', value: ['lyon'] }] }] })).toBe(true);
    expect(holds({ memberOf: 'vip' }, { segments: new Set(['vip']) })).toBe(true);
    expect(holds({ memberOf: 'vip' })).toBe(false);
    const scenarios = { active: new Set(['welcome']), ever: new Set(['old']) };
    expect(holds({ enrolledIn: 'welcome', ever: false }, { ...none, scenarios })).toBe(true);
    expect(holds({ enrolledIn: 'old', ever: false }, { ...none, scenarios })).toBe(false);
    expect(holds({ enrolledIn: 'old', ever: true }, { ...none, scenarios })).toBe(true);
    expect(holds({ enrolledIn: 'welcome', ever: true }, { ...none, scenarios })).toBe(true);
  });
});
