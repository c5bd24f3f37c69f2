import { MINUTE } from '@leadpulse/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { startSmtpTestServer, type ReceivedMail, type SmtpTestServer } from '../test-support/smtp-test-server.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const PUBLIC_URL = 'https://leads.example.fr';
const iso = (at: number) => new Date(at).toISOString();

const NEWS = {
  key: 'test-news',
  name: 'News',
  trigger: { type: 'event', event: 'Demo Requested' },
  steps: [
    { id: 'alert', type: 'sales_alert', to: 'owner' },
    { id: 'email', type: 'send_email', template: 'test-news' },
  ],
  exit: [],
  reentry: { policy: 'after', cooldown: '1m' },
};
const body = (words: string) => `<mjml><mj-body><mj-section><mj-column><mj-text>${words} {{ contact.firstName }}</mj-text><mj-text><a href="{{ unsubscribeUrl }}">unsubscribe</a></mj-text></mj-column></mj-section></mj-body></mjml>`;
const TEMPLATES = [
  { key: 'test-news', locale: 'en', channel: 'email', name: 'News', subject: 'News for {{ contact.firstName }}', body: body('Hello') },
  { key: 'test-news', locale: 'fr', channel: 'email', name: 'Nouvelles', subject: 'Nouvelles pour {{ contact.firstName }}', body: body('Bonjour') },
];

const identify = (userId: string, traits: Record<string, unknown> = {}) => ({ type: 'identify', userId, traits: { email: `${userId}@example.com`, firstName: 'Ada', owner: 'owner@example.com', ...traits }, timestamp: iso(NOW - MINUTE), messageId: `${userId}-identify` });
const track = (userId: string, event: string, at: number, properties: Record<string, unknown> = {}) => ({ type: 'track', userId, event, properties, timestamp: iso(at), messageId: `${userId}-${event}-${at}` });

/** The path of the unsubscribe link in a received message's List-Unsubscribe header. */
const unsubscribePath = (mail: ReceivedMail): string => {
  const url = /^List-Unsubscribe:\s*<([^>]+)>/im.exec(mail.raw.replace(/\r?\n[ \t]+/g, ' '))?.[1];
  if (!url) throw new Error('no List-Unsubscribe header');
  return new URL(url).pathname;
};

describe.each(testDrivers(import.meta.url))('unsubscribe, consent and the suppression list on $name', (driver) => {
  let t: TestServer;
  let smtp: SmtpTestServer;
  let store: Store;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    store = await driver.createStore();
    t = await createTestServer({ now: NOW, store, config: { smtpUrl: smtp.url, emailFrom: 'LeadPulse <team@example.com>', publicUrl: PUBLIC_URL } });
    for (const template of TEMPLATES) expect((await t.app.templates.create(template)).ok).toBe(true);
    expect((await t.app.scenarios.create(NEWS, { activate: true })).ok).toBe(true);
  });
  afterEach(async () => t?.close());
  afterAll(async () => smtp.close());

  const mailTo = (address: string) => smtp.received.filter((m) => m.envelope.to.includes(address));
  const contactOf = async (userId: string) => {
    const found = await t.app.lookupContact({ userId });
    if (!found.ok) throw new Error(found.error.message);
    return found.value.record;
  };
  const eventsOf = async (userId: string, name: string) => {
    const timeline = await t.app.contactTimeline((await contactOf(userId)).id, { limit: 100 });
    return timeline.ok ? timeline.value.filter((e) => e.kind === 'event' && e.event.name === name) : [];
  };
  const admin = { authorization: `Bearer ${'lpa_test_admin_token_0123456789'}` };

  /** Enrols the contacts and delivers their alert and email. */
  const deliver = async (...contacts: ReturnType<typeof identify>[]) => {
    await t.app.ingest([...contacts, ...contacts.map((c) => track(c.userId, 'Demo Requested', NOW))], { receivedAt: NOW });
    await t.app.runFollowUps();
    await smtp.waitFor(contacts.length * 2);
  };

  it('marks marketing email with a one-click List-Unsubscribe link and the sales alert as transactional, without one', async () => {
    await deliver(identify('u1'));
    const [email] = mailTo('u1@example.com');
    const [alert] = mailTo('owner@example.com');
    expect(unsubscribePath(email!)).toMatch(/^\/e\/u\/[\w-]+$/);
    expect(email!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(email!.parsed.html).toContain(`${PUBLIC_URL}${unsubscribePath(email!)}`);
    expect(alert!.raw).not.toMatch(/^List-Unsubscribe/im);
    expect(alert!.parsed.headers.get('x-leadpulse-category')).toBe('transactional');
  });

  it('shows the page in the contact language on GET and changes nothing; unsubscribes on a one-click POST without cookies', async () => {
    await deliver(identify('u1'), identify('u2', { locale: 'fr-FR' }));
    const path1 = unsubscribePath(mailTo('u1@example.com')[0]!);
    const path2 = unsubscribePath(mailTo('u2@example.com')[0]!);

    const english = await t.server.inject({ method: 'GET', url: path1 });
    expect(english.statusCode).toBe(200);
    expect(english.headers['content-type']).toMatch(/^text\/html/);
    expect(english.body).toContain('Confirm unsubscribe');
    expect(english.body).toContain('u•••@example.com');
    const french = await t.server.inject({ method: 'GET', url: path2 });
    expect(french.body).toContain('Confirmer le désabonnement');
    expect(french.body).toContain('lang="fr"');
    // A link scanner fetching the page twice unsubscribes nobody.
    await t.server.inject({ method: 'GET', url: path1 });
    expect(await eventsOf('u1', 'Unsubscribed')).toEqual([]);
    expect((await store.suppressions.list({ limit: 10 })).length).toBe(0);

    const oneClick = await t.server.inject({ method: 'POST', url: path1, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.headers['location']).toBeUndefined();
    const [event] = await eventsOf('u1', 'Unsubscribed');
    expect(event?.kind === 'event' && event.event.properties).toMatchObject({ purpose: 'email_marketing', source: 'one-click' });
    expect((await store.suppressions.find('email', ['u1@example.com'])).map((r) => [r.reason, r.source])).toEqual([['unsubscribed', 'one-click']]);
    const document = await t.server.inject({ method: 'GET', url: `/api/v1/contacts/${(await contactOf('u1')).id}`, headers: admin });
    expect(document.json().consent.email_marketing).toMatchObject({ granted: false, source: 'one-click' });

    // The page's own form: the French reader confirms.
    const confirmed = await t.server.inject({ method: 'POST', url: path2, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'page=1&topic=email_marketing' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Vous êtes désabonné');
    expect((await eventsOf('u2', 'Unsubscribed')).length).toBe(1);

    // The next campaign run skips both, and says why.
    t.clock.advance(2 * MINUTE);
    await t.app.ingest([track('u1', 'Demo Requested', NOW + 2 * MINUTE), track('u2', 'Demo Requested', NOW + 2 * MINUTE)], { receivedAt: NOW + 2 * MINUTE });
    await t.app.runFollowUps();
    expect(mailTo('u1@example.com')).toHaveLength(1);
    expect(mailTo('u2@example.com')).toHaveLength(1);
  });

  it('answers 404 to a forged or altered token, on GET and POST, and changes nothing', async () => {
    await deliver(identify('u1'));
    const path = unsubscribePath(mailTo('u1@example.com')[0]!);
    const altered = `${path.slice(0, -2)}${path.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const url of [altered, '/e/u/forged-token']) {
      expect((await t.server.inject({ method: 'GET', url })).statusCode).toBe(404);
      expect((await t.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(404);
    }
    expect(await eventsOf('u1', 'Unsubscribed')).toEqual([]);
    expect(await store.suppressions.list({ limit: 10 })).toEqual([]);
  });

  it('lists hard bounces and complaints, blocks even a transactional alert to such an address, and lifts a complaint only when confirmed', async () => {
    await deliver(identify('u1'), identify('u3', { owner: 'u1@example.com' }));
    await t.app.ingest([track('u1', 'Email Bounced', NOW + 1000, { bounceType: 'hard', diagnostic: '550 5.1.1 no such user', source: 'smtp' }), track('u3', 'Email Complained', NOW + 1000, { source: 'arf' })], { receivedAt: NOW + 1000 });
    const list = await t.server.inject({ method: 'GET', url: '/api/v1/suppressions?limit=1', headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json().suppressions).toEqual([expect.objectContaining({ channel: 'email', address: 'u1@example.com', reason: 'hard_bounced', source: 'smtp' })]);
    const next = await t.server.inject({ method: 'GET', url: `/api/v1/suppressions?limit=5&cursor=${list.json().nextCursor}`, headers: admin });
    expect(next.json().suppressions.map((r: { address: string; reason: string }) => [r.address, r.reason])).toEqual([['u3@example.com', 'complained']]);

    // u3's owner is the bounced u1: the alert about u3 is transactional, and still does not go to a hard-bounced address.
    smtp.received.length = 0;
    t.clock.advance(2 * MINUTE);
    await t.app.ingest([track('u3', 'Demo Requested', NOW + 2 * MINUTE)], { receivedAt: NOW + 2 * MINUTE });
    await t.app.runFollowUps();
    expect(smtp.received).toEqual([]);
    const sends = (await t.app.outbox.list({ contactId: (await contactOf('u3')).id, limit: 10 })).sends.filter((s) => s.createdAt >= NOW + 2 * MINUTE);
    expect(sends.map((s) => [s.channel, s.status])).toEqual(expect.arrayContaining([['alert', 'suppressed'], ['email', 'suppressed']]));
    expect(sends.find((s) => s.channel === 'alert')?.lastError).toMatch(/suppression list: it hard-bounced/);
    expect(sends.find((s) => s.channel === 'email')?.lastError).toMatch(/complained/);

    const refused = await t.server.inject({ method: 'DELETE', url: '/api/v1/suppressions/email/u3@example.com', headers: admin });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'confirmation_required']);
    const lifted = await t.server.inject({ method: 'DELETE', url: '/api/v1/suppressions/email/u3@example.com?confirm=true', headers: admin });
    expect([lifted.statusCode, lifted.json()]).toEqual([200, { lifted: 1 }]);
    expect((await t.server.inject({ method: 'DELETE', url: '/api/v1/suppressions/email/u3@example.com', headers: admin })).statusCode).toBe(404);
  });

  it('sets consent through the API as events, and a renewed opt-in takes the address off the list', async () => {
    await deliver(identify('u1'));
    const id = (await contactOf('u1')).id;
    const put = (purposes: Record<string, boolean>) => t.server.inject({ method: 'PUT', url: `/api/v1/contacts/${id}/consent`, headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify({ purposes, source: 'crm' }) });
    const refused = await put({ email_marketing: false, ad_audiences: false });
    expect(refused.statusCode).toBe(200);
    expect(refused.json().consent.email_marketing).toEqual({ granted: false, source: 'crm', at: NOW });
    expect(refused.json().consent.ad_audiences.granted).toBe(false);
    expect((await store.suppressions.find('email', ['u1@example.com'])).map((r) => r.reason)).toEqual(['unsubscribed']);
    expect((await eventsOf('u1', 'Consent Updated')).length).toBe(2);

    t.clock.advance(1000);
    expect((await put({ email_marketing: true })).json().consent.email_marketing).toMatchObject({ granted: true, source: 'crm' });
    expect(await store.suppressions.find('email', ['u1@example.com'])).toEqual([]);
    expect((await put({ fax: true })).statusCode).toBe(400);
    expect((await t.server.inject({ method: 'PUT', url: '/api/v1/contacts/ct_nobody/consent', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"purposes":{"tracking":true}}' })).statusCode).toBe(404);
  });

  it('keeps only a hash of an erased contact address on the list, which still blocks marketing to that address', async () => {
    await deliver(identify('u1'));
    await t.app.ingest([track('u1', 'Unsubscribed', NOW + 1000, { source: 'test' })], { receivedAt: NOW + 1000 });
    const erased = await t.app.eraseContact((await contactOf('u1')).id);
    expect(erased.ok).toBe(true);
    const rows = await store.suppressions.list({ limit: 10 });
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('u1@example.com');
    expect(rows.every((r) => r.address.startsWith('hash:') && r.contactId === null)).toBe(true);
    expect(rows.map((r) => r.reason).sort()).toEqual(['erased', 'unsubscribed']);

    // The same person comes back under the same address: no marketing until the row is lifted.
    smtp.received.length = 0;
    t.clock.advance(2 * MINUTE);
    await t.app.ingest([{ ...identify('u1-again', { email: 'u1@example.com' }), timestamp: iso(NOW + 2 * MINUTE) }, track('u1-again', 'Demo Requested', NOW + 2 * MINUTE)], { receivedAt: NOW + 2 * MINUTE });
    await t.app.runFollowUps();
    expect(mailTo('u1@example.com')).toEqual([]);
    expect(mailTo('owner@example.com')).toHaveLength(1);
  });
});
