import { expect, it } from 'vitest';
import { ENGAGEMENT_RULES } from '@leadpulse/core';
import { en } from './i18n/en.js';
import { translate } from './i18n/i18n.js';
import { ignoredEngagementWords } from './engagement-words.js';

const t = (lang: 'en' | 'fr') => (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(lang, key, vars);

it('says a machine open or click was ignored, and why, in English and French', () => {
  const open = { name: 'Email Opened', properties: { machine: true, machineReason: 'apple_privacy_proxy' } };
  expect(ignoredEngagementWords(open, t('en'))).toBe('Email Opened: open ignored (Apple Mail Privacy Protection prefetch)');
  expect(ignoredEngagementWords({ name: 'Email Link Clicked', properties: { machine: true, machineReason: 'scanner_timing' } }, t('fr'))).toBe('Email Link Clicked : clic ignoré (cliqué moins de 10 s après l’envoi)');
  // A reason this dashboard does not know shows as its code; a person's open is not "ignored".
  expect(ignoredEngagementWords({ name: 'Email Opened', properties: { machine: true, machineReason: 'new_rule' } }, t('en'))).toBe('Email Opened: open ignored (new_rule)');
  expect(ignoredEngagementWords({ name: 'Email Opened', properties: {} }, t('en'))).toBeNull();
});

it('has words for every reason core can give', () => {
  for (const reason of ENGAGEMENT_RULES) expect(Object.keys(en)).toContain(`engagement.reason.${reason}`);
});
