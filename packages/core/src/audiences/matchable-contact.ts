import type { AudienceContact, AudienceSkipReason, IdentifierTools } from './audience.js';
import { countryCode, audienceEmail } from './normalize-identifiers.js';

/** A consenting contact's email and phone, checked: what both platforms' rows start from. */
export interface MatchableContact {
  readonly contact: AudienceContact;
  readonly email: string | null;
  /** E.164 with its '+'. */
  readonly phone: string | null;
  readonly country: string | null;
}

/**
 * The gate every row passes: ad-audience consent granted (an unanswered consent is not a grant), then an email or a
 * phone that normalises. A malformed one leaves the contact out rather than sending it without that key.
 */
export function matchableContact(contact: AudienceContact, tools: IdentifierTools): { ok: true; value: MatchableContact } | { ok: false; reason: AudienceSkipReason } {
  if (contact.consentAds !== true) return { ok: false, reason: 'no_consent' };
  const country = countryCode(contact.country);
  const email = contact.email === null || contact.email.trim() === '' ? null : audienceEmail(contact.email);
  if (contact.email !== null && contact.email.trim() !== '' && email === null) return { ok: false, reason: 'invalid_email' };
  const phone = contact.phone === null || contact.phone.trim() === '' ? null : tools.phoneE164(contact.phone, country);
  if (contact.phone !== null && contact.phone.trim() !== '' && phone === null) return { ok: false, reason: 'invalid_phone' };
  if (email === null && phone === null) return { ok: false, reason: 'no_identifier' };
  return { ok: true, value: { contact, email, phone, country } };
}
