import { DAY, MINUTE } from '@leadpulse/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PIXEL_GIF } from '../http/tracking-routes.js';
import { TOKEN_LIFETIME_MS } from '../messaging/email-tokens.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const PUBLIC = 'https://lp.example.fr';
const iso = (at: number) => new Date(at).toISOString();
const APPLE_PROXY = 'Mozilla/5.0';
const CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/146.0.0.0 Safari/537.36';
const IPHONE_MAIL = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';

describe.each(testDrivers(import.meta.url))('email opens and clicks on $name', (driver) => {
  let t: TestServer;
  let smtp: SmtpTestServer;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  beforeEach(() => {
    smtp.received.length = 0;
    smtp.setMode({ kind: 'accept' });
  });
  afterAll(async () => smtp.close());
  afterEach(async () => t?.close());

  /** Activates the "re-send when not opened" preset and has u1 download a document: its email goes out. */
  const sendDocument = async (userId: string) => {
    t = await createTestServer({ now: NOW, store: await driver.createStore(), config: { smtpUrl: smtp.url, emailFrom: 'LeadPulse <team@example.com>', publicUrl: PUBLIC } });
    const preset = (await t.app.scenarios.list()).find((s) => s.record.key === 'resend-unopened')!;
    expect((await t.app.scenarios.activate(preset.record.id)).ok).toBe(true);
    await t.app.ingest(
      [
        { type: 'identify', userId, traits: { email: `${userId}@example.com`, firstName: 'Ada' }, timestamp: iso(NOW - MINUTE), messageId: `${userId}-identify` },
        { type: 'track', userId, event: 'Document Downloaded', properties: { title: 'Price list', url: 'https://shop.example.fr/docs/prices.pdf?lang=en' }, timestamp: iso(NOW), messageId: `${userId}-download` },
      ],
      { receivedAt: NOW },
    );
    expect((await t.app.runFollowUps()).delivered).toBe(1);
    const [message] = await smtp.waitFor(1);
    const html = String(message!.parsed.html);
    const pixel = /<img src="(https:\/\/lp\.example\.fr\/e\/o\/[A-Za-z0-9_-]+)"/.exec(html)?.[1];
    const link = /href="(https:\/\/lp\.example\.fr\/e\/c\/[A-Za-z0-9_-]+)"/.exec(html)?.[1];
    expect(pixel).toBeDefined();
    expect(link).toBeDefined();
    const contact = await t.app.lookupContact({ userId });
    if (!contact.ok) throw new Error('no contact');
    return { pixelPath: pixel!.slice(PUBLIC.length), linkPath: link!.slice(PUBLIC.length), contactId: contact.value.record.id, text: message!.parsed.text ?? '' };
  };
  const hit = (url: string, userAgent: string, method: 'GET' = 'GET') => t.server.inject({ method, url, headers: { 'user-agent': userAgent } });
  const sendOf = async (userId: string) => (await t.app.outbox.list({ limit: 10 })).sends.filter((s) => s.recipient === `${userId}@example.com`);
  const engagementEvents = async (contactId: string) => {
    const timeline = await t.app.contactTimeline(contactId as never, { limit: 100 });
    if (!timeline.ok) throw new Error('no timeline');
    return timeline.value.flatMap((e) => (e.kind === 'event' && e.event.name?.startsWith('Email ') ? [e.event] : [])).reverse();
  };

  it("flags an Apple privacy-proxy open seconds after the send: recorded, not counted, and the not-opened re-send still goes", async () => {
    const { pixelPath, contactId, text } = await sendDocument('u1');
    // The plain-text part keeps the link as written: plain-text readers are not tracked.
    expect(text).toContain('https://shop.example.fr/docs/prices.pdf?lang=en');

    t.clock.advance(4_000);
    const open = await hit(pixelPath, APPLE_PROXY);
    expect(open.statusCode).toBe(200);
    expect(open.headers['content-type']).toBe('image/gif');
    expect(open.headers['cache-control']).toContain('no-store');
    expect(open.rawPayload.equals(PIXEL_GIF)).toBe(true);

    const [send] = await sendOf('u1');
    const events = await engagementEvents(contactId);
    expect(events.map((e) => [e.name, e.properties])).toEqual([
      ['Email Opened', { sendId: send!.id, messageId: send!.messageId, scenarioId: send!.scenarioId, stepId: 'document-email', machine: true, machineReason: 'apple_privacy_proxy', userAgent: APPLE_PROXY }],
    ]);
    expect(send!.status).toBe('sent');
    const contact = await t.app.getContact(contactId as never);
    expect(contact.ok && contact.value.record.state.tallies['e:Email Opened']).toBeUndefined();

    t.clock.advance(3 * DAY + MINUTE);
    await t.app.runFollowUps();
    await smtp.waitFor(2);
    expect((await sendOf('u1')).map((s) => s.stepId).sort()).toEqual(['document-email', 'resend-email']);
  });

  it("counts a person's open, and a person's click redirects to the link with UTM and lp_ct: no re-send follows", async () => {
    const { pixelPath, linkPath, contactId } = await sendDocument('u2');
    t.clock.advance(20 * MINUTE);
    expect((await hit(pixelPath, IPHONE_MAIL)).statusCode).toBe(200);
    expect((await sendOf('u2'))[0]!.status).toBe('opened');

    t.clock.advance(MINUTE);
    const click = await hit(linkPath, CHROME);
    expect(click.statusCode).toBe(302);
    const location = new URL(click.headers.location as string);
    expect(`${location.origin}${location.pathname}`).toBe('https://shop.example.fr/docs/prices.pdf');
    expect(Object.fromEntries(location.searchParams)).toEqual({ lang: 'en', utm_source: 'leadpulse', utm_medium: 'email', utm_campaign: 'resend-unopened', utm_content: 'document-email', lp_ct: linkPath.slice('/e/c/'.length) });
    expect((await sendOf('u2'))[0]!.status).toBe('clicked');
    expect(await t.app.engagement.identityOfClickToken(location.searchParams.get('lp_ct')!)).toEqual({ userId: 'u2' });

    // The tracker on the landing page sends the token with its first event: the visitor is now the contact.
    const landing = { path: location.pathname, url: `${location.origin}${location.pathname}` };
    const visit = await t.app.ingest([{ type: 'page', anonymousId: 'browser-1', properties: landing, context: { page: landing, lp_ct: location.searchParams.get('lp_ct') }, timestamp: iso(t.clock.now().getTime()), messageId: 'visit-1' }], { receivedAt: t.clock.now().getTime() });
    expect(visit.accepted).toBe(1);
    const visitor = await t.app.lookupContact({ anonymousId: 'browser-1' });
    expect(visitor.ok && visitor.value.record.id).toBe(contactId);
    // The token is not kept in the log.
    expect(JSON.stringify(await t.app.contactTimeline(contactId as never, { limit: 5 }))).not.toContain('lp_ct');

    const events = await engagementEvents(contactId);
    expect(events.map((e) => [e.name, e.properties['machine'] ?? false])).toEqual([['Email Opened', false], ['Email Link Clicked', false]]);
    expect(events[1]!.properties['url']).toBe(location.toString().replace(/&lp_ct=[^&]+/, ''));
    const contact = await t.app.getContact(contactId as never);
    expect(contact.ok && contact.value.record.state.tallies['e:Email Opened']?.n).toBe(1);

    t.clock.advance(3 * DAY + MINUTE);
    await t.app.runFollowUps();
    expect((await sendOf('u2')).map((s) => s.stepId)).toEqual(['document-email']);
  });

  it("flags a scanner's click at delivery, which moves nothing; a person's later click on a still-sent message implies the open", async () => {
    const { linkPath, contactId } = await sendDocument('u3');
    t.clock.advance(3_000);
    const scan = await hit(linkPath, CHROME);
    expect(scan.statusCode).toBe(302);
    expect((await sendOf('u3'))[0]!.status).toBe('sent');

    t.clock.advance(2 * MINUTE);
    expect((await hit(linkPath, CHROME)).statusCode).toBe(302);
    const events = await engagementEvents(contactId);
    expect(events.map((e) => [e.name, e.properties['machineReason'] ?? null, e.properties['impliedByClick'] ?? false])).toEqual([
      ['Email Link Clicked', 'scanner_timing', false],
      ['Email Opened', null, true],
      ['Email Link Clicked', null, false],
    ]);
    expect((await sendOf('u3'))[0]!.status).toBe('clicked');
  });

  it('answers 404 to forged, altered and expired tokens, and records nothing', async () => {
    const { pixelPath, linkPath, contactId } = await sendDocument('u4');
    const altered = (path: string) => path.slice(0, -3) + (path.endsWith('AAA') ? 'BBB' : 'AAA');
    for (const path of [altered(pixelPath), '/e/o/forged', '/e/o/' + 'A'.repeat(60)]) {
      const answer = await hit(path, IPHONE_MAIL);
      expect(answer.statusCode).toBe(404);
      expect(answer.headers['content-type']).toBe('image/gif');
      expect(answer.rawPayload.equals(PIXEL_GIF)).toBe(true);
    }
    for (const path of [altered(linkPath), '/e/c/forged', pixelPath.replace('/e/o/', '/e/c/')]) {
      const answer = await hit(path, CHROME);
      expect(answer.statusCode).toBe(404);
      expect(answer.headers.location).toBeUndefined();
      expect(answer.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    t.clock.advance(TOKEN_LIFETIME_MS + DAY);
    expect((await hit(pixelPath, IPHONE_MAIL)).statusCode).toBe(404);
    expect((await hit(linkPath, CHROME)).statusCode).toBe(404);
    expect(await engagementEvents(contactId)).toEqual([]);
    expect((await sendOf('u4'))[0]!.status).toBe('sent');
  });
});
