import { describe, expect, it } from 'vitest';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { profileOf } from './profile-of.js';

const withTraits = (traits: Record<string, unknown>) => ({ ...emptyContactState(), traits });

describe('profileOf', () => {
  it('reads an address object, normalising each part', () => {
    const profile = profileOf(withTraits({ address: { city: '  Lyon ', country: 'France', state: 'Auvergne-Rhône-Alpes', postalCode: '69 003', latitude: 45.76, longitude: '4.84' } }));
    expect(profile).toMatchObject({ city: 'lyon', country: 'FR', region: 'auvergne-rhône-alpes', postalCode: '69003', latitude: 45.76, longitude: 4.84 });
  });

  it('reads top-level and flat dotted traits, and keeps an unknown country as lower-cased text', () => {
    expect(profileOf(withTraits({ city: 'PARIS', country: 'Narnia', zip: '75011' }))).toMatchObject({ city: 'paris', country: 'narnia', postalCode: '75011' });
    expect(profileOf(withTraits({ 'address.city': 'Nantes' })).city).toBe('nantes');
  });

  it('takes the age trait only when there is no birth date', () => {
    expect(profileOf(withTraits({ birthday: '1990-05-17', age: 20 }))).toMatchObject({ birthDate: Date.parse('1990-05-17T00:00:00Z'), age: null });
    expect(profileOf(withTraits({ age: '41' }))).toMatchObject({ birthDate: null, age: 41 });
  });

  it('reads gender, household and children', () => {
    expect(profileOf(withTraits({ gender: 'Femme', householdSize: '4', children: true }))).toMatchObject({ gender: 'female', householdSize: 4, children: 1 });
    expect(profileOf(withTraits({ household: { size: 2, children: 0 } }))).toMatchObject({ householdSize: 2, children: 0 });
    expect(profileOf(withTraits({ householdSize: 0, children: 'non' }))).toMatchObject({ householdSize: null, children: 0 });
  });

  it('needs both coordinates for a point', () => {
    expect(profileOf(withTraits({ latitude: 45 }))).toMatchObject({ latitude: null, longitude: null });
    expect(profileOf(withTraits({ latitude: 95, longitude: 4 }))).toMatchObject({ latitude: null, longitude: null });
  });

  it('reports consent per purpose from the fold, unknown as null', () => {
    const state = { ...emptyContactState(), consent: { ad_audiences: { granted: true, source: 'api', at: 1 }, email_marketing: { granted: false, source: 'api', at: 1 } } };
    expect(profileOf(state).consent).toEqual({ ad_audiences: true, email_marketing: false, sms_marketing: null, tracking: null });
  });
});
