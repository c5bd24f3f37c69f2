import { describe, expect, it } from 'vitest';
import { ageAt, ageBandOf, ageOfTrait, birthDateOf, bornBy, countryCodeOf, genderOf, haversineKm, nextBirthdayAfter, normalPostalCode } from './demographics.js';

const at = (iso: string) => Date.parse(iso);

describe('ageAt', () => {
  it('counts whole years and one less before this year\'s birthday', () => {
    const born = at('1990-05-17T00:00:00Z');
    expect(ageAt(born, at('2026-05-16T23:59:59Z'))).toBe(35);
    expect(ageAt(born, at('2026-05-17T00:00:00Z'))).toBe(36);
    expect(ageAt(born, at('2026-12-01T00:00:00Z'))).toBe(36);
  });

  it('refuses a birth date in the future or over 130 years ago', () => {
    expect(ageAt(at('2030-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toBeNull();
    expect(ageAt(at('1880-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toBeNull();
    expect(ageAt(at('1896-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toBe(130);
  });

  it('reaches a 29 February birthday on 1 March of a common year', () => {
    const born = at('2000-02-29T00:00:00Z');
    expect(ageAt(born, at('2025-02-28T12:00:00Z'))).toBe(24);
    expect(ageAt(born, at('2025-03-01T00:00:00Z'))).toBe(25);
    expect(nextBirthdayAfter(born, at('2025-02-10T00:00:00Z'))).toBe(at('2025-03-01T00:00:00Z'));
    expect(nextBirthdayAfter(born, at('2028-02-10T00:00:00Z'))).toBe(at('2028-02-29T00:00:00Z'));
  });

  it('agrees with bornBy on every day boundary: age ≥ a exactly when b < bornBy(y − a, m, d)', () => {
    const nows = ['2024-02-29T10:00:00Z', '2025-03-01T00:00:00Z', '2026-12-31T23:59:59Z', '2026-01-01T00:00:00Z', '2025-02-28T08:00:00Z'].map(at);
    const wrong: string[] = [];
    for (const now of nows) {
      const today = new Date(now);
      for (let k = 0; k < 3000; k++) {
        const b = Date.UTC(1980, 0, 1) + k * 3.7 * 86_400_000;
        if (b > now) break;
        const age = ageAt(b, now)!;
        for (const a of [age - 1, age, age + 1]) {
          const limit = bornBy(today.getUTCFullYear() - a, today.getUTCMonth() + 1, today.getUTCDate());
          if (b < limit !== age >= a) wrong.push(`b=${new Date(b).toISOString()} now=${new Date(now).toISOString()} a=${a}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('demographic words', () => {
  it('reads birth dates, age traits and bands', () => {
    expect(birthDateOf('1990-05-17')).toBe(at('1990-05-17T00:00:00Z'));
    expect(birthDateOf(at('1990-05-17T00:00:00Z'))).toBe(at('1990-05-17T00:00:00Z'));
    expect(birthDateOf('17/05/1990')).toBeNull();
    expect(ageOfTrait('42')).toBe(42);
    expect(ageOfTrait(42.9)).toBe(42);
    expect(ageOfTrait(-1)).toBeNull();
    expect(ageOfTrait(200)).toBeNull();
    expect([17, 18, 24, 25, 44, 45, 64, 65, 99].map(ageBandOf)).toEqual([null, '18-24', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', '65+']);
  });

  it('reads gender words in English and French', () => {
    expect(['F', 'femme', 'Woman', ' female ', 'w', 'Féminin'].map(genderOf)).toEqual(Array(6).fill('female'));
    expect(['M', 'homme', 'man', 'Male', 'h'].map(genderOf)).toEqual(Array(5).fill('male'));
    expect(genderOf('non-binary')).toBe('other');
    expect(genderOf('')).toBeNull();
    expect(genderOf(3)).toBeNull();
  });

  it('recognises country codes and names in English and French', () => {
    expect(['FR', 'fr', 'France', 'france', ' FRANCE '].map(countryCodeOf)).toEqual(Array(5).fill('FR'));
    expect(countryCodeOf('Royaume-Uni')).toBe('GB');
    expect(countryCodeOf('UK')).toBe('GB');
    expect(countryCodeOf('Allemagne')).toBe('DE');
    expect(countryCodeOf('United States')).toBe('US');
    expect(countryCodeOf('États-Unis')).toBe('US');
    expect(countryCodeOf('Belgique')).toBe('BE');
    expect(countryCodeOf('Atlantis')).toBeNull();
    expect(countryCodeOf('ZZ')).toBeNull();
  });

  it('normalises postal codes and measures great-circle distances', () => {
    expect(normalPostalCode(' sw1a 1aa')).toBe('SW1A1AA');
    expect(normalPostalCode(69003)).toBe('69003');
    // Paris to Lyon: about 392 km.
    expect(haversineKm(48.8566, 2.3522, 45.764, 4.8357)).toBeGreaterThan(385);
    expect(haversineKm(48.8566, 2.3522, 45.764, 4.8357)).toBeLessThan(400);
    expect(haversineKm(10, 179.9, 10, -179.9)).toBeLessThan(25);
  });
});
