import { describe, expect, it } from 'vitest';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { contactFacts } from './contact-facts.js';

describe('contactFacts', () => {
  it('cuts the texts reports group by at 200 characters, never inside a surrogate pair', () => {
    const touch = { at: 0, source: 'x'.repeat(30_000), medium: `${'m'.repeat(199)}🙂tail`, campaign: 'automne', landingPath: '/' };
    const facts = contactFacts({ ...emptyContactState(), firstTouch: touch, lastTouch: touch }, 'cold', () => 'cold');
    expect(facts.firstSource).toBe('x'.repeat(200));
    expect(facts.lastMedium).toBe('m'.repeat(199));
    expect([facts.firstCampaign, facts.firstLanding]).toEqual(['automne', '/']);
  });

  it('carries the typed profile that the segment columns store', () => {
    const facts = contactFacts({ ...emptyContactState(), traits: { city: ' Lyon', country: 'france', birthday: '1990-05-17' } }, 'warm', () => 'warm');
    expect(facts.profile).toMatchObject({ city: 'lyon', country: 'FR', birthDate: Date.parse('1990-05-17T00:00:00Z'), age: null, gender: null });
  });
});
