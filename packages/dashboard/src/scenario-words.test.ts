import { expect, it } from 'vitest';
import { formats, translate, type Lang } from './i18n/i18n.js';
import { conditionWords, exitRuleWords, exitRulesWords, reentryWords, stepWords, triggerWords, weekdaysWords, type Words } from './scenario-words.js';

const LABELS: Record<string, string> = { hot: 'Lead', warm: 'Prospect', client: 'Client' };
const words = (lang: Lang): Words => ({ lang, t: (key, vars) => translate(lang, key, vars), f: formats(lang), stageLabel: (key) => LABELS[key] ?? key });
const en = words('en');
// French puts a no-break space between a number and its unit.
const fr = words('fr');

it('reads a wait as a sentence: a delay, then a local time on some days', () => {
  const wait = { id: 'w', type: 'wait', duration: '2d', at: '09:00', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] } as const;
  expect(stepWords(en, wait)).toBe('Wait 2 days, then at 09:00 on weekdays');
  expect(stepWords(fr, wait)).toBe('Attendre 2\u00a0jours, puis à 09:00 en semaine');
  expect(stepWords(en, { id: 'w', type: 'wait', at: '18:30', weekdays: ['mon', 'thu'] })).toBe('Wait until 18:30 on Monday and Thursday');
  expect(stepWords(en, { id: 'w', type: 'wait', event: 'Email Opened', timeout: '3d', onTimeout: 'x' })).toBe('Wait for “Email Opened”, at most 3 days');
  expect(weekdaysWords(fr, ['sat', 'sun'])).toBe('week-end');
});

it('reads every kind of trigger, with the doctrine’s stage labels', () => {
  expect(triggerWords(en, { type: 'stage_entered', stage: 'hot' })).toBe('When a contact enters Lead');
  expect(triggerWords(fr, { type: 'stage_left', stage: 'warm' })).toBe('Quand un contact quitte Prospect');
  expect(triggerWords(en, { type: 'event', event: 'Signed Up', where: { plan: ['pro', 'team'] } })).toBe('When a contact does “Signed Up” with plan = pro | team');
  expect(triggerWords(en, { type: 'date', trait: 'subscriptionEndsAt', offset: '-7d', at: '09:00' })).toBe('7 days before the date in subscriptionEndsAt, at 09:00');
  expect(triggerWords(en, { type: 'recurring', every: '30d', from: 'signedUpAt', times: 12 })).toBe('Every 30 days, counted from the date in signedUpAt, at most 12 times');
  expect(triggerWords(en, { type: 'recurring', every: '30d', from: 'enrolment', event: 'Signed Up', at: '10:00', times: 12 })).toBe('After “Signed Up”, every 30 days, at 10:00, at most 12 times');
  expect(triggerWords(fr, { type: 'recurring', every: '30d', from: 'enrolment' })).toBe("Tous les 30\u00a0jours, à compter de l'inscription");
});

it('reads steps, branch conditions, exits and re-entry', () => {
  expect(stepWords(en, { id: 't', type: 'task', title: 'Call them', assignee: 'owner', due: '1d' })).toBe("Task for the contact's owner: “Call them”, due within 1 day");
  expect(stepWords(en, { id: 'a', type: 'sales_alert', to: { email: 'sales@example.com' } })).toBe('Alert sales@example.com, with the reasons the contact is hot');
  expect(conditionWords(en, { any: [{ stage: ['hot', 'client'] }, { sent: '*', engaged: 'opened' }] })).toBe('the contact is Lead or Client or a message of this scenario was opened');
  expect(conditionWords(fr, { not: { eventSince: 'Order Completed' } })).toBe("pas (« Order Completed » s'est produit depuis l'inscription)");
  expect(conditionWords(en, { trait: 'plan', op: 'eq', value: 'pro' })).toBe('plan equals pro');
  expect(conditionWords(en, { score: { atLeast: 40 } })).toBe('the score is at least 40');
  expect(exitRuleWords(en, { type: 'stage', stage: 'client' })).toBe('when the contact reaches Client');
  expect(exitRulesWords(fr, [{ type: 'event', event: 'Order Completed' }, { type: 'unsubscribed' }])).toBe('quand « Order Completed » se produit ou quand le contact se désabonne');
  expect(reentryWords(fr, { policy: 'after', cooldown: '30d' })).toBe('Un contact peut y revenir 30\u00a0jours après en être sorti.');
});
