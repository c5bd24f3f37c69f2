import { consentOf } from '../consent/consent-of.js';
import type { ConsentPurpose } from '../consent/consent.js';
import { CONSENT_EVENTS } from '../consent/consent-events.js';
import { eventTallyKey, type ContactState } from '../fold/contact-state.js';
import type { EpochMs } from '../shared/ids.js';
import { ageOfTrait, birthDateOf, genderOf, normalCountry, normalPlace, normalPostalCode } from './demographics.js';
import type { Gender } from './segment.js';

/**
 * Who a contact is, as typed columns derived from its traits by fixed rules: what segments compare and what the
 * storage writes to contact_facts (the preview's SQL prefilter reads these columns, never the JSON traits).
 */
export interface SegmentProfile {
  readonly birthDate: EpochMs | null;
  /** Whole years from an `age` trait, only when there is no birth date (a birth date's age is computed at `now`). */
  readonly age: number | null;
  readonly gender: Gender | null;
  readonly householdSize: number | null;
  /** Number of children; a yes/no answer is 1 or 0. */
  readonly children: number | null;
  /** ISO 3166-1 alpha-2, upper case, when recognisable; else the lower-cased text. */
  readonly country: string | null;
  /** Lower-cased, trimmed. */
  readonly region: string | null;
  readonly city: string | null;
  /** Upper case, no spaces. */
  readonly postalCode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly consent: Readonly<Record<ConsentPurpose, boolean | null>>;
}

type Traits = Readonly<Record<string, unknown>>;
const isPlain = (v: unknown): v is Traits => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first present value among trait names: a nested `address.city` is read from an `address` object or a flat key. */
function read(traits: Traits, names: readonly string[]): unknown {
  for (const name of names) {
    const dot = name.indexOf('.');
    if (dot > 0) {
      const parent = traits[name.slice(0, dot)];
      const nested = isPlain(parent) ? parent[name.slice(dot + 1)] : undefined;
      if (nested !== undefined && nested !== null && nested !== '') return nested;
    }
    const value = traits[name];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/** The trait names each field is read from, first found wins (docs/segments.md lists them). */
export const PROFILE_TRAITS = {
  birthDate: ['birthday', 'birthDate', 'birth_date', 'dateOfBirth', 'date_of_birth'],
  age: ['age'],
  gender: ['gender', 'sex', 'genre', 'sexe'],
  householdSize: ['householdSize', 'household.size', 'household_size'],
  children: ['children', 'household.children', 'childrenCount', 'children_count', 'hasChildren', 'has_children'],
  country: ['address.country', 'address.countryCode', 'country', 'countryCode', 'country_code'],
  region: ['address.state', 'address.region', 'state', 'region'],
  city: ['address.city', 'city'],
  postalCode: ['address.postalCode', 'address.postal_code', 'address.zip', 'postalCode', 'postal_code', 'zip', 'zipCode', 'zip_code'],
  latitude: ['address.latitude', 'address.lat', 'latitude', 'lat'],
  longitude: ['address.longitude', 'address.lng', 'address.lon', 'longitude', 'lng', 'lon'],
} as const;

const numberOf = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim().replace(',', '.')) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};
const text = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : null);

const YES = new Set(['yes', 'oui', 'true', 'y', 'o']);
const NO = new Set(['no', 'non', 'false', 'n']);
function childrenOf(value: unknown): number | null {
  if (value === true) return 1;
  if (value === false) return 0;
  if (typeof value === 'string' && YES.has(value.trim().toLowerCase())) return 1;
  if (typeof value === 'string' && NO.has(value.trim().toLowerCase())) return 0;
  const n = numberOf(value);
  return n !== null && n >= 0 && n <= 50 ? Math.floor(n) : null;
}

function householdOf(value: unknown): number | null {
  const n = numberOf(value);
  return n !== null && n >= 1 && n <= 50 ? Math.floor(n) : null;
}

function coordinate(value: unknown, limit: number): number | null {
  const n = numberOf(value);
  return n !== null && Math.abs(n) <= limit ? n : null;
}

// Folded states are never mutated (a fold copies what it changes), so a profile is reused while the traits object and
// what consent reads are the same: the facts upsert and the segment evaluation of one save share one computation.
const profiles = new WeakMap<object, { consent: unknown; unsubscribed: unknown; profile: SegmentProfile }>();
const UNSUBSCRIBED_TALLY = eventTallyKey(CONSENT_EVENTS.unsubscribed);

/** The typed profile of a folded contact. Example: traits `{ address: { city: ' Lyon ', country: 'France' } }` → city `lyon`, country `FR`. */
export function profileOf(state: Pick<ContactState, 'traits' | 'tallies' | 'consent'>): SegmentProfile {
  const cached = profiles.get(state.traits);
  const unsubscribed = state.tallies[UNSUBSCRIBED_TALLY];
  if (cached && cached.consent === state.consent && cached.unsubscribed === unsubscribed) return cached.profile;
  const profile = computeProfile(state);
  profiles.set(state.traits, { consent: state.consent, unsubscribed, profile });
  return profile;
}

function computeProfile(state: Pick<ContactState, 'traits' | 'tallies' | 'consent'>): SegmentProfile {
  const traits = state.traits;
  const birthDate = birthDateOf(read(traits, PROFILE_TRAITS.birthDate));
  const country = text(read(traits, PROFILE_TRAITS.country));
  const region = text(read(traits, PROFILE_TRAITS.region));
  const city = text(read(traits, PROFILE_TRAITS.city));
  const postal = text(read(traits, PROFILE_TRAITS.postalCode));
  const latitude = coordinate(read(traits, PROFILE_TRAITS.latitude), 90);
  const longitude = coordinate(read(traits, PROFILE_TRAITS.longitude), 180);
  const consent = consentOf(state);
  return {
    birthDate,
    age: birthDate === null ? ageOfTrait(read(traits, PROFILE_TRAITS.age)) : null,
    gender: genderOf(read(traits, PROFILE_TRAITS.gender)),
    householdSize: householdOf(read(traits, PROFILE_TRAITS.householdSize)),
    children: childrenOf(read(traits, PROFILE_TRAITS.children)),
    country: country === null ? null : normalCountry(country),
    region: region === null ? null : normalPlace(region),
    city: city === null ? null : normalPlace(city),
    postalCode: postal === null ? null : normalPostalCode(postal),
    // A point needs both coordinates.
    latitude: latitude !== null && longitude !== null ? latitude : null,
    longitude: latitude !== null && longitude !== null ? longitude : null,
    consent: {
      email_marketing: consent.email_marketing.granted,
      sms_marketing: consent.sms_marketing.granted,
      ad_audiences: consent.ad_audiences.granted,
      tracking: consent.tracking.granted,
    },
  };
}
