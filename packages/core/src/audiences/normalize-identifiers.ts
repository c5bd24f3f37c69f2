import type { EpochMs } from '../shared/ids.js';

/**
 * Normalisation shared by the platforms' rules (docs/audiences.md cites each). Every function answers null when
 * nothing usable is left, so a caller never hashes an empty or half-normalised value.
 */

// A pragmatic address check: one @, a dot in the domain, no spaces. Mailboxes that pass are still only what the contact typed.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

/** Trimmed and lowercased (Meta and Google), or null when it is not an address: the contact is then left out. */
export function audienceEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

/** Google's extra rule for gmail.com and googlemail.com: dots before the @ do not count. */
export function googleEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  return domain === 'gmail.com' || domain === 'googlemail.com' ? `${email.slice(0, at).replaceAll('.', '')}@${domain}` : email;
}

/** Meta's names and city: lowercase letters only, no punctuation nor spaces; accented letters kept (UTF-8). */
export function lettersOnly(raw: string): string | null {
  const letters = raw.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{M}]/gu, '');
  return letters === '' ? null : letters;
}

/** Google's names: trimmed and lowercased. */
export function trimmedLower(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  return value === '' ? null : value;
}

/** ISO 3166-1 alpha-2, or null when the country is not a two-letter code. */
export function countryCode(raw: string | null): string | null {
  const code = raw?.trim().toUpperCase() ?? '';
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

/** Meta's zip: lowercase without spaces or dashes; a US zip is its first 5 digits (ZIP+4 cut). */
export function metaZip(raw: string, country: string | null): string | null {
  const zip = raw.toLowerCase().replace(/[\s-]/g, '');
  if (zip === '') return null;
  if (country === 'US') return /^\d{5}/.test(zip) ? zip.slice(0, 5) : null;
  return zip;
}

/** Google's postal code, sent in clear: trimmed, uppercased, inner spaces kept as one. */
export function googlePostalCode(raw: string): string | null {
  const zip = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  return zip === '' ? null : zip;
}

/** Meta's GEN: `f` or `m`; anything else is not sent. */
export function genderLetter(raw: string | null): 'f' | 'm' | null {
  const value = raw?.trim().toLowerCase();
  if (value === 'female' || value === 'f' || value === 'woman') return 'f';
  if (value === 'male' || value === 'm' || value === 'man') return 'm';
  return null;
}

/** Meta's DOBY (YYYY), DOBM (MM) and DOBD (DD) of a birth date at UTC midnight. */
export function birthDateParts(birthDate: EpochMs | null): { year: string; month: string; day: string } | null {
  if (birthDate === null || !Number.isFinite(birthDate)) return null;
  const date = new Date(birthDate);
  const year = date.getUTCFullYear();
  if (year < 1900 || year > 9999) return null;
  return { year: String(year), month: String(date.getUTCMonth() + 1).padStart(2, '0'), day: String(date.getUTCDate()).padStart(2, '0') };
}
