import type { AudienceContact, AudienceRow, IdentifierTools } from './audience.js';
import { matchableContact } from './matchable-contact.js';
import { birthDateParts, genderLetter, lettersOnly, metaZip } from './normalize-identifiers.js';

/** Meta's multi-key schema, in the order of each row (Marketing API, `/{audience_id}/users`). */
export const META_SCHEMA = ['EMAIL', 'PHONE', 'FN', 'LN', 'CT', 'ZIP', 'COUNTRY', 'DOBY', 'DOBM', 'DOBD', 'GEN', 'EXTERN_ID'] as const;
export type MetaKey = (typeof META_SCHEMA)[number];

/** One row of Meta's payload: every key SHA-256 hashed (lowercase hex); an absent key is ''. */
export type MetaRow = readonly string[];

/**
 * A contact as Meta's customer list receives it, normalised per Meta's rules (docs/audiences.md) and hashed.
 * EXTERN_ID is the SHA-256 of the contact id: the same value the Conversions API sends as external_id, because Meta
 * matches an external id only when every channel sends it alike.
 */
export function metaRowOf(contact: AudienceContact, tools: IdentifierTools): AudienceRow<MetaRow> {
  const gate = matchableContact(contact, tools);
  if (!gate.ok) return { ok: false, contactId: contact.contactId, reason: gate.reason };
  const { email, phone, country } = gate.value;
  const dob = birthDateParts(contact.birthDate);
  const plain: Record<MetaKey, string | null> = {
    EMAIL: email,
    // Digits with the country code, no '+' nor leading zeros.
    PHONE: phone === null ? null : phone.slice(1),
    FN: contact.firstName === null ? null : lettersOnly(contact.firstName),
    LN: contact.lastName === null ? null : lettersOnly(contact.lastName),
    CT: contact.city === null ? null : lettersOnly(contact.city),
    ZIP: contact.postalCode === null ? null : metaZip(contact.postalCode, country),
    COUNTRY: country === null ? null : country.toLowerCase(),
    DOBY: dob?.year ?? null,
    DOBM: dob?.month ?? null,
    DOBD: dob?.day ?? null,
    GEN: genderLetter(contact.gender),
    EXTERN_ID: contact.contactId,
  };
  const row = META_SCHEMA.map((key) => (plain[key] === null ? '' : tools.sha256(plain[key])));
  return { ok: true, contactId: contact.contactId, row };
}
