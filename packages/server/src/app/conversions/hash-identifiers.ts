import { createHash } from 'node:crypto';
import { audienceEmail, googleEmail as googleEmailRule } from '@leadpulse/core';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * The identifiers both platforms take hashed: SHA-256 of the normalised value, in lowercase hex. The rules (cited in
 * docs/conversions.md): Meta's customer information parameters and Google's enhanced conversions normalisation.
 */
export const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** Meta `em`: trimmed and in lower case (core's audience rule, shared with customer lists); null when it is not an address. */
export function metaEmail(raw: unknown): string | null {
  return typeof raw === 'string' ? audienceEmail(raw) : null;
}

/** Google `hashed_email`: as Meta's, and for gmail.com and googlemail.com the dots of the local part removed. */
export function googleEmail(raw: unknown): string | null {
  const email = metaEmail(raw);
  return email ? googleEmailRule(email) : null;
}

/**
 * The phone in E.164 (`+33612345678`), or null when it is not a valid number. A national number needs the
 * contact's country (an ISO alpha-2 `country` trait); without one only international numbers are read.
 */
export function e164(raw: unknown, country: unknown): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const region = typeof country === 'string' && /^[A-Za-z]{2}$/.test(country.trim()) ? (country.trim().toUpperCase() as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(raw.trim(), region);
  return parsed?.isValid() ? parsed.number : null;
}

/** Meta `ph`: digits only, with the country code and no `+`. */
export const metaPhone = (phoneE164: string): string => phoneE164.replace(/\D/g, '');
