import type { AudienceContact } from '@leadpulse/core';
import type { AudienceSource } from './audience-ports.js';

// Trait names the tracker, the Segment spec (identify traits) and imports use for the same thing.
const PHONE = ['phone', 'phoneNumber', 'phone_number', 'mobile'];
const FIRST_NAME = ['firstName', 'first_name', 'firstname'];
const LAST_NAME = ['lastName', 'last_name', 'lastname'];

function firstText(traits: Readonly<Record<string, unknown>>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = traits[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}

/** A member as core's row builders read it: contact email, traits for phone and names, profile columns for the rest. */
export function audienceContactOf(source: AudienceSource): AudienceContact {
  const traitEmail = firstText(source.traits, ['email']);
  return {
    contactId: source.contactId,
    email: source.email ?? traitEmail,
    phone: firstText(source.traits, PHONE),
    firstName: firstText(source.traits, FIRST_NAME),
    lastName: firstText(source.traits, LAST_NAME),
    city: source.city,
    postalCode: source.postalCode,
    country: source.country,
    birthDate: source.birthDate,
    gender: source.gender,
    consentAds: source.consentAds,
  };
}
