import type { AudienceContact, AudienceRow, IdentifierTools } from './audience.js';
import { matchableContact } from './matchable-contact.js';
import { googleEmail, googlePostalCode, trimmedLower } from './normalize-identifiers.js';

/** Google Ads' UserIdentifier, as OfflineUserDataJobService's `addOperations` takes it (REST, camelCase). */
export type GoogleUserIdentifier =
  | { readonly hashedEmail: string }
  | { readonly hashedPhoneNumber: string }
  | { readonly addressInfo: { readonly hashedFirstName: string; readonly hashedLastName: string; readonly countryCode: string; readonly postalCode: string } };

/** One contact's identifiers for Customer Match; emails, phones and names hashed, country and postal code in clear. */
export type GoogleRow = readonly GoogleUserIdentifier[];

/**
 * A contact as Google's Customer Match receives it (docs/audiences.md): email lowercased (gmail dots dropped), phone
 * in E.164 with '+', names trimmed and lowercased, all SHA-256 hex; the address only when all four parts exist.
 */
export function googleRowOf(contact: AudienceContact, tools: IdentifierTools): AudienceRow<GoogleRow> {
  const gate = matchableContact(contact, tools);
  if (!gate.ok) return { ok: false, contactId: contact.contactId, reason: gate.reason };
  const { email, phone, country } = gate.value;
  const row: GoogleUserIdentifier[] = [];
  if (email !== null) row.push({ hashedEmail: tools.sha256(googleEmail(email)) });
  if (phone !== null) row.push({ hashedPhoneNumber: tools.sha256(phone) });
  const first = contact.firstName === null ? null : trimmedLower(contact.firstName);
  const last = contact.lastName === null ? null : trimmedLower(contact.lastName);
  const zip = contact.postalCode === null ? null : googlePostalCode(contact.postalCode);
  if (first !== null && last !== null && country !== null && zip !== null) {
    row.push({ addressInfo: { hashedFirstName: tools.sha256(first), hashedLastName: tools.sha256(last), countryCode: country, postalCode: zip } });
  }
  return { ok: true, contactId: contact.contactId, row };
}
