import { ERROR_CODES } from '@leadpulse/contract/error-codes';
import { expect, it } from 'vitest';
import { en } from './en.js';
import { errorMessages } from './error-messages.js';
import { fr } from './fr.js';
import { formats, translate } from './i18n.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

it('has every English message in French, with the same placeholders, and none empty', () => {
  expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    expect(fr[key].trim(), key).not.toBe('');
  }
});

it('translates every API error code in both languages', () => {
  for (const code of Object.keys(ERROR_CODES)) {
    expect(errorMessages.en[code], code).toBeTruthy();
    expect(errorMessages.fr[code], code).toBeTruthy();
  }
});

it('fills placeholders and formats numbers, money, dates and durations for each language', () => {
  expect(translate('fr', 'contacts.page', { n: 3 })).toBe('Page 3');
  const frFormats = formats('fr');
  const enFormats = formats('en');
  expect(frFormats.number(1234567)).toBe('1\u202f234\u202f567');
  expect(enFormats.number(1234567)).toBe('1,234,567');
  expect(frFormats.percent(0.123)).toBe('12,3\u00a0%');
  expect(frFormats.money(1500, 'EUR')).toBe('1\u202f500,00\u00a0€');
  expect(enFormats.money(1500, 'EUR')).toBe('€1,500.00');
  expect(frFormats.date('2026-03-05T10:00:00Z')).toBe('5 mars 2026');
  expect(frFormats.duration(3 * 86_400_000)).toMatch(/^3\sjours$/);
  expect(enFormats.duration(2 * 3_600_000)).toBe('2 hours');
  expect(enFormats.duration(12 * 60_000)).toBe('12 minutes');
  expect(frFormats.duration(0)).toBe('0 minute');
  expect(enFormats.number(null)).toBe('–');
});
