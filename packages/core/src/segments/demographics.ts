import type { EpochMs } from '../shared/ids.js';
import { AGE_BANDS, type AgeBand, type Gender } from './segment.js';

/**
 * Demographics derived from traits by fixed rules (docs/segments.md): age from a birth date, age bands, gender words
 * in English and French, country names to ISO 3166 codes, great-circle distance. Pure.
 */

/** Ages above this are typing errors, not people. */
export const MAX_AGE = 130;
const MAX_TEXT = 200;

/** A birth date as an instant: an ISO date (`1990-05-17`), an ISO timestamp or epoch ms; null when unreadable. */
export function birthDateOf(value: unknown): EpochMs | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.floor(value) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const at = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isFinite(at) ? at : null;
}

/** Whole years from a birth date at `now`, by UTC calendar dates: null for a birth date in the future or over MAX_AGE. */
export function ageAt(birthDate: EpochMs, now: EpochMs): number | null {
  if (birthDate > now) return null;
  const born = new Date(birthDate);
  const today = new Date(now);
  let age = today.getUTCFullYear() - born.getUTCFullYear();
  // The birthday not yet reached this year: one less (a 29 February birthday is reached on 1 March).
  const month = today.getUTCMonth() - born.getUTCMonth();
  if (month < 0 || (month === 0 && today.getUTCDate() < born.getUTCDate())) age -= 1;
  return age > MAX_AGE ? null : age;
}

/** The instant after `now` at which the age from this birth date next grows by one (the next birthday, UTC). */
export function nextBirthdayAfter(birthDate: EpochMs, now: EpochMs): EpochMs {
  const born = new Date(birthDate);
  const year = new Date(now).getUTCFullYear();
  // Date.UTC rolls 29 February of a common year to 1 March: the same day ageAt counts the birthday reached.
  for (const y of [year, year + 1]) {
    const at = Date.UTC(y, born.getUTCMonth(), born.getUTCDate());
    if (at > now) return at;
  }
  return Date.UTC(year + 2, born.getUTCMonth(), born.getUTCDate());
}

/**
 * The first instant NOT born by the end of calendar day (year, month 1–12, day): a birth date b has
 * ageAt(b, now) ≥ a exactly when b < bornBy(nowYear − a, nowMonth, nowDay). A day that does not exist in that
 * year (29 February) ends with the month.
 */
export function bornBy(year: number, month: number, day: number): EpochMs {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return Date.UTC(year, month, 1);
  return Date.UTC(year, month - 1, day + 1);
}

/** An age trait (number or numeric text) as whole years, null outside 0–MAX_AGE. */
export function ageOfTrait(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > MAX_AGE) return null;
  return Math.floor(n);
}

/** The band of an age; under 18 has none (minors are never banded for marketing). */
export function ageBandOf(age: number | null): AgeBand | null {
  if (age === null || age < 18) return null;
  if (age >= 65) return '65+';
  return AGE_BANDS[Math.min(4, Math.floor((age - 15) / 10))]!;
}

/** The inclusive age range of a band: `35-44` → [35, 44], `65+` → [65, Infinity]. */
export function ageBandRange(band: AgeBand): readonly [number, number] {
  if (band === '65+') return [65, Number.POSITIVE_INFINITY];
  const [low, high] = band.split('-').map(Number);
  return [low!, high!];
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();

const FEMALE = new Set(['female', 'f', 'woman', 'w', 'femme', 'feminin', 'fille', 'girl', 'mme', 'madame', 'mrs', 'ms']);
const MALE = new Set(['male', 'm', 'man', 'homme', 'h', 'masculin', 'garcon', 'boy', 'mr', 'monsieur']);

/** Gender from the words people type, in English and French; any other non-empty answer is `other`. */
export function genderOf(value: unknown): Gender | null {
  if (typeof value !== 'string') return null;
  const word = fold(value);
  if (word === '') return null;
  if (FEMALE.has(word)) return 'female';
  if (MALE.has(word)) return 'male';
  return 'other';
}

/** Common names that Intl's English and French display names do not spell (short forms, other languages). */
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  uk: 'GB',
  england: 'GB',
  'great britain': 'GB',
  angleterre: 'GB',
  usa: 'US',
  'u.s.a.': 'US',
  'u.s.': 'US',
  america: 'US',
  'etats-unis': 'US',
  'etats unis': 'US',
  deutschland: 'DE',
  espana: 'ES',
  italia: 'IT',
  'the netherlands': 'NL',
  holland: 'NL',
  hollande: 'NL',
  schweiz: 'CH',
  svizzera: 'CH',
  belgie: 'BE',
  fra: 'FR',
  deu: 'DE',
  gbr: 'GB',
  esp: 'ES',
  ita: 'IT',
  bel: 'BE',
  che: 'CH',
  can: 'CA',
};

let countryNames: Map<string, string> | null = null;
/** Every region name Intl knows in English and French → its code; built once, on first use. */
function countryNameTable(): Map<string, string> {
  if (countryNames) return countryNames;
  countryNames = new Map(Object.entries(COUNTRY_ALIASES));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const namers = ['en', 'fr'].map((locale) => new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }));
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b;
      // Deprecated codes (FX, UK, BU…) carry the same names as their successors: only canonical codes count.
      if (!isCanonicalRegion(code)) continue;
      for (const namer of namers) {
        const name = namer.of(code);
        if (name && !countryNames.has(fold(name))) countryNames.set(fold(name), code);
      }
    }
  }
  return countryNames;
}

/** A current ISO code, not an alias that Intl rewrites (FX → FR); private-use and grouping codes excluded. */
function isCanonicalRegion(code: string): boolean {
  if (['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'].includes(code)) return false;
  try {
    return Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`;
  } catch {
    return false;
  }
}

const regionNamer = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const validCodes = new Map<string, boolean>();
function isRegionCode(code: string): boolean {
  let known = validCodes.get(code);
  if (known === undefined) {
    try {
      known = regionNamer.of(code) !== undefined;
    } catch {
      known = false;
    }
    validCodes.set(code, known);
  }
  return known;
}

/** ISO 3166-1 alpha-2 code of a country code or name (`fr`, `France`, `Royaume-Uni`, `USA`), else null. */
export function countryCodeOf(value: string): string | null {
  const text = fold(value);
  if (/^[a-z]{2}$/.test(text)) {
    const code = text === 'uk' ? 'GB' : text.toUpperCase();
    return isRegionCode(code) && isCanonicalRegion(code) ? code : null;
  }
  return countryNameTable().get(text) ?? null;
}

/** A country as stored: the ISO code when recognisable, else the lower-cased text. */
export function normalCountry(value: string): string | null {
  const text = value.trim();
  if (text === '' || text.length > MAX_TEXT) return null;
  return countryCodeOf(text) ?? text.toLowerCase();
}

/** A city or region as stored and compared: trimmed, single spaces, lower case. */
export function normalPlace(value: string): string | null {
  const text = value.trim().replace(/\s+/g, ' ').toLowerCase();
  return text === '' || text.length > MAX_TEXT ? null : text;
}

/** A postal code as stored and compared: upper case, no spaces (`sw1a 1aa` → `SW1A1AA`). */
export function normalPostalCode(value: string | number): string | null {
  const text = String(value).replace(/\s+/g, '').toUpperCase();
  return text === '' || text.length > 32 ? null : text;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km between two points (haversine, mean Earth radius). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Degrees of latitude per km, for a bounding box that contains every point within a distance. */
export const KM_PER_DEGREE_LATITUDE = (Math.PI * EARTH_RADIUS_KM) / 180;
