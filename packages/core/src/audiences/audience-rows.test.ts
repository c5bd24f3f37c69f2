import { describe, expect, it } from 'vitest';
import type { AudienceContact, IdentifierTools } from './audience.js';
import { googleCsvHeader, googleCsvLine, metaCsvHeader, metaCsvLine } from './audience-csv.js';
import { audienceGuard, refusalOf } from './audience-guard.js';
import { googleRowOf } from './google-row.js';
import { META_SCHEMA, metaRowOf } from './meta-row.js';
import { birthDateParts, googleEmail, lettersOnly, metaZip, audienceEmail } from './normalize-identifiers.js';

// The hash shows its input, so each test reads what would be hashed; the shell passes SHA-256 (app/audiences).
const tools: IdentifierTools = {
  sha256: (text) => `#${text}`,
  phoneE164: (raw, country) => {
    const digits = raw.replace(/[^\d+]/g, '');
    if (digits.startsWith('+') && digits.length >= 9) return digits;
    if (country === 'FR' && /^0\d{9}$/.test(digits)) return `+33${digits.slice(1)}`;
    return null;
  },
};

const contact = (over: Partial<AudienceContact> = {}): AudienceContact => ({
  contactId: 'c1',
  email: '  Marie.Dupont@Gmail.com ',
  phone: '06 12 34 56 78',
  firstName: 'Marie-Hélène',
  lastName: "D'Upont",
  city: 'Saint-Étienne',
  postalCode: '42 000',
  country: 'FR',
  birthDate: Date.UTC(1986, 2, 7),
  gender: 'female',
  consentAds: true,
  ...over,
});

describe('normalisation', () => {
  it('trims and lowercases emails and refuses what is not an address', () => {
    expect(audienceEmail('  A.B@Example.COM ')).toBe('a.b@example.com');
    expect(audienceEmail('not-an-email')).toBeNull();
    expect(audienceEmail('a@b')).toBeNull();
  });
  it("drops the dots of gmail.com and googlemail.com local parts only (Google's rule)", () => {
    expect(googleEmail('marie.dupont@gmail.com')).toBe('mariedupont@gmail.com');
    expect(googleEmail('marie.dupont@googlemail.com')).toBe('mariedupont@googlemail.com');
    expect(googleEmail('marie.dupont@example.com')).toBe('marie.dupont@example.com');
  });
  it('keeps letters only in names and cities, accents included', () => {
    expect(lettersOnly("  D'Upont-Martin ")).toBe('dupontmartin');
    expect(lettersOnly('Saint-Étienne')).toBe('saintétienne');
    expect(lettersOnly('--')).toBeNull();
  });
  it('cuts a US zip to 5 digits and removes spaces elsewhere', () => {
    expect(metaZip('94025-1234', 'US')).toBe('94025');
    expect(metaZip('SW1A 1AA', 'GB')).toBe('sw1a1aa');
    expect(metaZip('abc', 'US')).toBeNull();
  });
  it('splits a birth date into YYYY, MM and DD', () => {
    expect(birthDateParts(Date.UTC(1986, 2, 7))).toEqual({ year: '1986', month: '03', day: '07' });
  });
});

describe("Meta's row", () => {
  it('normalises and hashes every key, the external id (the contact id) included, in schema order', () => {
    const result = metaRowOf(contact(), tools);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.fromEntries(META_SCHEMA.map((key, i) => [key, result.row[i]]))).toEqual({
      EMAIL: '#marie.dupont@gmail.com',
      PHONE: '#33612345678',
      FN: '#mariehélène',
      LN: '#dupont',
      CT: '#saintétienne',
      ZIP: '#42000',
      COUNTRY: '#fr',
      DOBY: '#1986',
      DOBM: '#03',
      DOBD: '#07',
      GEN: '#f',
      EXTERN_ID: '#c1',
    });
  });
  it('leaves absent keys empty', () => {
    const result = metaRowOf(contact({ phone: null, firstName: null, gender: 'other', birthDate: null }), tools);
    expect(result.ok && result.row).toEqual(['#marie.dupont@gmail.com', '', '', '#dupont', '#saintétienne', '#42000', '#fr', '', '', '', '', '#c1']);
  });
});

describe("Google's row", () => {
  it('hashes email (gmail dots dropped), E.164 phone with + and names; country and zip in clear', () => {
    const result = googleRowOf(contact(), tools);
    expect(result.ok && result.row).toEqual([
      { hashedEmail: '#mariedupont@gmail.com' },
      { hashedPhoneNumber: '#+33612345678' },
      { addressInfo: { hashedFirstName: '#marie-hélène', hashedLastName: "#d'upont", countryCode: 'FR', postalCode: '42 000' } },
    ]);
  });
  it('sends no address without all four parts', () => {
    const result = googleRowOf(contact({ postalCode: null }), tools);
    expect(result.ok && result.row).toHaveLength(2);
  });
});

describe('who is left out, and why', () => {
  it.each([
    ['no_consent', { consentAds: null }],
    ['no_consent', { consentAds: false }],
    ['invalid_email', { email: 'marie@' }],
    ['invalid_phone', { phone: '12' }],
    ['no_identifier', { email: null, phone: '  ' }],
  ] as const)('%s', (reason, over) => {
    expect(metaRowOf(contact(over), tools)).toEqual({ ok: false, contactId: 'c1', reason });
    expect(googleRowOf(contact(over), tools)).toEqual({ ok: false, contactId: 'c1', reason });
  });
});

describe('CSV templates', () => {
  it("writes Meta's lowercased keys and Google's template headers", () => {
    expect(metaCsvHeader()).toBe('email,phone,fn,ln,ct,zip,country,doby,dobm,dobd,gen,extern_id\r\n');
    expect(googleCsvHeader()).toBe('Email,Phone,First Name,Last Name,Country,Zip\r\n');
    const google = googleRowOf(contact(), tools);
    if (google.ok) expect(googleCsvLine(google.row)).toBe("#mariedupont@gmail.com,#+33612345678,#marie-hélène,#d'upont,FR,42 000\r\n");
    const meta = metaRowOf(contact({ lastName: 'a,b' }), tools);
    if (meta.ok) expect(metaCsvLine(meta.row).split(',')[3]).toBe('#ab');
  });
});

describe('guards', () => {
  it('warns under the minimum and refuses sensitive categories with the reason', () => {
    const guard = audienceGuard({ sensitive: ['income'], eligible: 40, platforms: ['meta', 'google'] });
    expect(guard).toEqual({ sensitive: ['income'], belowMinimum: true, minimum: 100 });
    expect(refusalOf(guard)).toContain('income');
    expect(refusalOf(audienceGuard({ sensitive: [], eligible: 400, platforms: ['meta'] }))).toBeNull();
  });
});
