import { describe, expect, it } from 'vitest';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { addOccurrence, emptyTally } from '../fold/tally.js';
import { hasUnsubscribed, unsubscribedTrait } from './unsubscribed.js';

describe('hasUnsubscribed', () => {
  const withEvent = { ...emptyContactState(), tallies: { 'e:Unsubscribed': addOccurrence(emptyTally(), 1, 1, 'ev_1' as never) } };
  it('reads the trait, written as a boolean or as text, and an Unsubscribed event that no later trait undid', () => {
    expect([true, 'true', false, 'false', 'yes', undefined].map((unsubscribed) => unsubscribedTrait({ unsubscribed }))).toEqual([true, true, false, false, null, null]);
    expect(hasUnsubscribed(emptyContactState())).toBe(false);
    expect(hasUnsubscribed({ ...emptyContactState(), traits: { unsubscribed: 'true' } })).toBe(true);
    expect(hasUnsubscribed(withEvent)).toBe(true);
    expect(hasUnsubscribed({ ...withEvent, traits: { unsubscribed: false } })).toBe(false);
  });
});
