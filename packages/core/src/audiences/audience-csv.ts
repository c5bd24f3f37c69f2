import type { GoogleRow } from './google-row.js';
import { META_SCHEMA, type MetaRow } from './meta-row.js';

/** The column headers of Meta's customer-list file: its identifier keys, lowercased, with hashed values. */
export const META_CSV_HEADERS = META_SCHEMA.map((key) => key.toLowerCase());

/** Google's Customer Match upload template (contact info): hashed email, phone and names; country and zip in clear. */
export const GOOGLE_CSV_HEADERS = ['Email', 'Phone', 'First Name', 'Last Name', 'Country', 'Zip'] as const;

const cell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const line = (values: readonly string[]): string => `${values.map(cell).join(',')}\r\n`;

export const metaCsvHeader = (): string => line(META_CSV_HEADERS);
export const metaCsvLine = (row: MetaRow): string => line(row);

export const googleCsvHeader = (): string => line(GOOGLE_CSV_HEADERS);

/** One line of Google's template; Google's file takes one email and one phone per row. */
export function googleCsvLine(row: GoogleRow): string {
  let email = '';
  let phone = '';
  let first = '';
  let last = '';
  let country = '';
  let zip = '';
  for (const identifier of row) {
    if ('hashedEmail' in identifier) email = identifier.hashedEmail;
    else if ('hashedPhoneNumber' in identifier) phone = identifier.hashedPhoneNumber;
    else ({ hashedFirstName: first, hashedLastName: last, countryCode: country, postalCode: zip } = identifier.addressInfo);
  }
  return line([email, phone, first, last, country, zip]);
}
