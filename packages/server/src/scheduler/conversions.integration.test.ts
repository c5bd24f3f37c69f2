import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { startFakeGoogleConversions, type FakeGoogleConversions } from '../test-support/fake-google-conversions.js';
import { startFakeMetaCapi, type FakeMetaCapi } from '../test-support/fake-meta-capi.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { startScheduler } from './start-scheduler.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const MINUTE = 60_000;
const iso = (at: number) => new Date(at).toISOString();
const sha = (value: string) => createHash('sha256').update(value).digest('hex');
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const ADS = { fbp: 'fb.1.1762070000000.1234567890', fbc: 'fb.1.1762070000000.IwAR2xyz', gclid: 'Cj0KCQiA-gclid_123' };
const PAGE = { path: '/checkout', url: 'https://shop.example.fr/checkout', title: 'Checkout', referrer: '' };

/** A visitor who granted ad consent in the tracker, then buys. */
function consentingVisit(user: string, at: number, options: { adConsent?: boolean; ads?: Record<string, string> } = {}) {
  const consent = options.adConsent ?? true;
  return [
    { type: 'identify', userId: user, traits: { email: ` ${user.toUpperCase()}@Example.com `, phone: '06 12 34 56 78', country: 'FR' }, timestamp: iso(at - 3 * MINUTE), messageId: `${user}-identify` },
    { type: 'track', userId: user, event: 'Consent Updated', properties: { purpose: 'ad_audiences', granted: consent, source: 'tracker' }, timestamp: iso(at - 2 * MINUTE), messageId: `${user}-consent` },
    { type: 'page', userId: user, properties: { path: '/checkout' }, context: { page: PAGE, ads: options.ads ?? ADS, userAgent: UA }, timestamp: iso(at - MINUTE), messageId: `${user}-page` },
    { type: 'track', userId: user, event: 'Order Completed', properties: { orderId: `order-${user}`, revenue: 129.9, currency: 'eur' }, context: { page: PAGE, ads: options.ads ?? ADS, userAgent: UA }, timestamp: iso(at), messageId: `${user}-order` },
  ];
}

describe.each(testDrivers(import.meta.url))('website conversions forwarded to Meta and Google on $name', (driver) => {
  let meta: FakeMetaCapi;
  let google: FakeGoogleConversions;
  let t: TestServer;
  let store: Store;

  beforeAll(async () => {
    meta = await startFakeMetaCapi({ now: () => t?.clock.now().getTime() ?? NOW });
    google = await startFakeGoogleConversions();
  });
  beforeEach(async () => {
    meta.events.clear();
    google.conversions.clear();
    store = await driver.createStore();
    t = await createTestServer({
      now: NOW,
      store,
      config: {
        metaPixelId: meta.pixelId,
        metaAccessToken: meta.accessToken,
        metaApiUrl: meta.url,
        googleAdsCustomerId: '123-456-7890',
        googleAdsDeveloperToken: google.developerToken,
        googleAdsClientId: google.clientId,
        googleAdsClientSecret: google.clientSecret,
        googleAdsRefreshToken: google.refreshToken,
        googleAdsApiUrl: google.url,
        googleOauthUrl: google.oauthUrl,
        googleAdsConversionActions: 'Purchase=555,Lead=unknown-action',
      },
    });
  });
  afterEach(async () => t?.close());
  afterAll(async () => {
    await meta.close();
    await google.close();
  });

  const send = async (batch: readonly object[]) => {
    const response = await t.server.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: `Basic ${Buffer.from(`${t.writeKey}:`).toString('base64')}` }, payload: { batch } });
    expect(response.statusCode).toBe(200);
  };
  const log = async (query = '') => {
    const response = await t.server.inject({ method: 'GET', url: `/api/v1/conversions${query}`, headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(response.statusCode).toBe(200);
    return response.json() as { platforms: string[]; deliveries: { platform: string; eventId: string; eventName: string; status: string; attempts: number; lastError: string | null; payload: Record<string, unknown> }[] };
  };

  it('forwards a consenting buyer once per platform, hashed as each platform asks, with the event id Meta deduplicates on', async () => {
    await send(consentingVisit('ana', NOW));
    // The same batch sent again (a client retry) is a duplicate: nothing more is queued.
    await send(consentingVisit('ana', NOW));
    const queued = await log('?status=pending');
    expect(queued.platforms).toEqual(['meta', 'google']);
    expect(queued.deliveries.map((d) => `${d.platform}:${d.eventName}:${d.eventId}`).sort()).toEqual(['google:Purchase:ana-order', 'meta:Purchase:ana-order']);

    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });

    expect([...meta.events.values()].map((e) => e.received)).toEqual([1]);
    const event = [...meta.events.values()][0]!.event;
    expect(event).toMatchObject({
      event_name: 'Purchase',
      event_time: Math.floor(NOW / 1000),
      event_id: 'ana-order',
      action_source: 'website',
      event_source_url: PAGE.url,
      custom_data: { value: 129.9, currency: 'EUR', order_id: 'order-ana' },
    });
    expect(event['user_data']).toEqual({
      em: [sha('ana@example.com')],
      ph: [sha('33612345678')],
      external_id: [expect.stringMatching(/^[0-9a-f]{64}$/)],
      fbp: ADS.fbp,
      fbc: ADS.fbc,
      client_user_agent: UA,
    });

    const conversion = [...google.conversions.values()][0]!;
    expect(conversion).toEqual({
      gclid: ADS.gclid,
      conversionAction: 'customers/1234567890/conversionActions/555',
      conversionDateTime: '2026-11-02 09:00:00+00:00',
      conversionValue: 129.9,
      currencyCode: 'EUR',
      orderId: 'order-ana',
      userIdentifiers: [{ hashedEmail: sha('ana@example.com') }, { hashedPhoneNumber: sha('+33612345678') }],
      consent: { adUserData: 'GRANTED', adPersonalization: 'GRANTED' },
    });
    expect((await log('?status=sent')).deliveries).toHaveLength(2);

    // The log keeps settled deliveries 30 days (they hold hashed identifiers).
    t.clock.advance(31 * 24 * 3600_000);
    await t.app.conversions.deliverDue();
    expect((await log()).deliveries).toEqual([]);
  });

  it('sends nothing for a contact without ad consent, or whose consent was refused', async () => {
    const requests = meta.requests;
    const never = consentingVisit('bob', NOW).filter((e) => e.messageId !== 'bob-consent');
    await send(never);
    await send(consentingVisit('cleo', NOW, { adConsent: false }));
    expect((await log()).deliveries).toEqual([]);
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(meta.requests).toBe(requests);
    // A refusal also forgets the click ids the tracker had sent.
    const cleo = await t.app.lookupContact({ userId: 'cleo' });
    expect(cleo.ok && cleo.value.record.state.ads).toBeUndefined();
  });

  it('retries after a 500 with backoff, and keeps the event once', async () => {
    await send(consentingVisit('dan', NOW));
    const metaRequests = meta.requests;
    meta.failNext(500);
    google.failNext(503);
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 0, retried: 2, failed: 0 });
    const pending = await log('?status=pending');
    expect(pending.deliveries.map((d) => d.attempts)).toEqual([1, 1]);
    expect(pending.deliveries.find((d) => d.platform === 'meta')!.lastError).toMatch(/Meta HTTP 500/);
    // Not due yet: the first retry waits 30 seconds.
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(meta.requests).toBe(metaRequests + 1);
    t.clock.advance(31_000);
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect([...meta.events.values()].map((e) => e.received)).toEqual([1]);
    expect(google.conversions.size).toBe(1);
  });

  it('puts a refused event in the dead letter with the platform message, without taking the rest of its batch', async () => {
    // A malformed browser id the tracker would never send: Meta refuses the event, Google (which does not read it) takes it.
    await send(consentingVisit('eve', NOW, { ads: { fbp: 'fb.1.1762070000000.not-a-number', gclid: 'Cj0K-eve' } }));
    await send(consentingVisit('finn', NOW));
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 3, retried: 0, failed: 1 });
    const failed = await log('?status=failed&platform=meta');
    expect(failed.deliveries.map((d) => d.eventId)).toEqual(['eve-order']);
    expect(failed.deliveries[0]!.lastError).toMatch(/Meta HTTP 400 code 100: .*fbp is not formatted/);
    expect([...meta.events.keys()].map((k) => k.split('\u0000')[1])).toEqual(['finn-order']);
    // A 400 is not retried.
    t.clock.advance(3600_000);
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('dead-letters a Google partial failure by its position, and never queues an event too old for a platform', async () => {
    // An order of ten days ago is too old for Meta (7 days) but not for Google (90); the lead's action id is one Google does not know.
    const lead = { type: 'track', userId: 'gus', event: 'Form Submitted', properties: { formId: 'contact' }, context: { page: PAGE, userAgent: UA }, timestamp: iso(NOW), messageId: 'gus-lead' };
    await send([...consentingVisit('gus', NOW - 10 * 24 * 3600_000), lead]);
    const queued = (await log()).deliveries;
    expect(queued.map((d) => `${d.platform}:${d.eventId}`).sort()).toEqual(['google:gus-lead', 'google:gus-order', 'meta:gus-lead']);
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 2, retried: 0, failed: 1 });
    const failed = (await log('?status=failed')).deliveries;
    expect(failed.map((d) => `${d.platform}:${d.eventId}`)).toEqual(['google:gus-lead']);
    expect(failed[0]!.lastError).toMatch(/Google: The conversion action specified in the upload request cannot be found/);
    expect([...google.conversions.values()].map((c) => c['orderId'])).toEqual(['order-gus']);
  });

  it('counts a conversion Google already holds as sent, when the answer to its first upload was lost', async () => {
    await send(consentingVisit('jo', NOW));
    google.loseNextAnswer();
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 1, retried: 1, failed: 0 });
    t.clock.advance(31_000);
    expect(await t.app.conversions.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(google.conversions.size).toBe(1);
    expect((await log('?platform=google')).deliveries.map((d) => d.status)).toEqual(['sent']);
  });

  it('is drained by the scheduler', async () => {
    await send(consentingVisit('ivy', NOW));
    const scheduler = startScheduler({ app: t.app, logger: t.leadpulse.logger, intervalMs: 50, refreshDoctrine: async () => undefined });
    try {
      for (let i = 0; i < 100 && (await log('?status=sent')).deliveries.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await scheduler.stop();
    }
    expect((await log('?status=sent')).deliveries.map((d) => d.platform).sort()).toEqual(['google', 'meta']);
  });

  it('forgets queued conversions when the contact is erased or anonymised', async () => {
    await send(consentingVisit('hana', NOW));
    const hana = await t.app.lookupContact({ userId: 'hana' });
    if (!hana.ok) throw new Error('no contact');
    expect((await t.app.eraseContact(hana.value.record.id)).ok).toBe(true);
    expect((await log()).deliveries).toEqual([]);
    // Anonymised: the payloads (hashed email and phone, click ids) go, and so do the ids on the contact.
    await send(consentingVisit('ines', NOW));
    const ines = await t.app.lookupContact({ userId: 'ines' });
    if (!ines.ok) throw new Error('no contact');
    expect((await log()).deliveries).toHaveLength(2);
    expect((await t.app.anonymiseContact(ines.value.record.id)).ok).toBe(true);
    expect((await log()).deliveries).toEqual([]);
    const after = await t.app.getContact(ines.value.record.id);
    expect(after.ok && after.value.record.state.ads).toBeUndefined();
  });
});
