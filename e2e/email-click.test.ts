import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newVisitorContext } from './support/chromium.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { waitFor } from './support/wait-for.js';

let browser: Browser;
let lp: E2eServer;

beforeAll(async () => {
  [browser, lp] = await Promise.all([launchChromium(), startE2eServer()]);
});
afterAll(async () => {
  await browser?.close();
  await lp?.close();
});

describe('a click in an email, in real Chromium', () => {
  it('redirects to the site with UTM parameters, and the tracker ties the visit to the contact who clicked', async () => {
    const app = lp.server.app;
    const landing = `${lp.site.url}/fonctionnalites`;
    const preset = (await app.scenarios.list()).find((s) => s.record.key === 'resend-unopened')!;
    expect((await app.scenarios.activate(preset.record.id)).ok).toBe(true);
    const now = app.now();
    await app.ingest(
      [
        { type: 'identify', userId: 'claire', traits: { email: 'claire@example.fr', firstName: 'Claire' }, timestamp: new Date(now - 1000).toISOString(), messageId: 'claire-identify' },
        { type: 'track', userId: 'claire', event: 'Document Downloaded', properties: { url: landing }, timestamp: new Date(now).toISOString(), messageId: 'claire-download' },
      ],
      { receivedAt: now },
    );
    const send = await waitFor('the document email', async () => (await app.outbox.list({ status: 'sent', limit: 5 })).sends.find((s) => s.recipient === 'claire@example.fr'));
    // The token the message carries for its link (the e2e server has no public URL, so its HTML keeps plain links).
    const tokens = app.engagement.sealLinks(send.id, `${landing}?utm_source=leadpulse&utm_medium=email&utm_campaign=resend-unopened&utm_content=document-email`, send.sentAt!)!;

    // Claire reads it a minute later: a click seconds after sending would be a security scanner's.
    lp.travel(new Date(send.sentAt! + 60_000));
    const context = await newVisitorContext(browser);
    context.setDefaultTimeout(8000);
    const page = await context.newPage();
    await page.goto(`${lp.url}/e/c/${tokens.click}`);
    const arrived = new URL(page.url());
    expect(`${arrived.origin}${arrived.pathname}`).toBe(landing);
    expect(arrived.searchParams.get('utm_campaign')).toBe('resend-unopened');
    await page.getByRole('button', { name: 'Accepter' }).click();

    // The token leaves the address bar, and the visitor's anonymous id lands on Claire.
    await page.waitForFunction(() => !location.search.includes('lp_ct'));
    const anonymousId = await page.evaluate(() => (window as unknown as { leadpulse: { anonymousId(): string | null } }).leadpulse.anonymousId());
    const visitor = await waitFor('the visit tied to the contact', async () => {
      const found = await app.lookupContact({ anonymousId: anonymousId! });
      return found.ok && found.value.record.userId === 'claire' ? found.value : undefined;
    });
    expect(visitor.record.email).toBe('claire@example.fr');
    const timeline = await app.contactTimeline(visitor.record.id, { limit: 50 });
    const names = timeline.ok ? timeline.value.flatMap((e) => (e.kind === 'event' ? [e.event.name ?? e.event.type] : [])) : [];
    expect(names).toEqual(expect.arrayContaining(['Email Opened', 'Email Link Clicked', 'page']));
    expect(JSON.stringify(timeline)).not.toContain('lp_ct');
    await context.close();
    lp.travel(null);
  });
});
