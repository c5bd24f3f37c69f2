import { renderTrackerSnippet } from '@leadpulse/contract';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newVisitorContext } from './support/chromium.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { startPageServer } from './support/page-server.js';
import { waitFor } from './support/wait-for.js';

let browser: Browser;
let lp: E2eServer;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let writeKey: string;

beforeAll(async () => {
  [browser, lp, pages] = await Promise.all([launchChromium(), startE2eServer(), startPageServer()]);
  writeKey = (await lp.server.app.createKey('write', { label: 'ad pages', allowedOrigins: [pages.url] })).secret;
});
afterAll(async () => {
  await browser?.close();
  await lp?.close();
  await pages?.close();
});

type Sent = { type: string; event?: string; messageId: string; anonymousId?: string; properties?: Record<string, unknown>; context: Record<string, unknown> };
const AD_COOKIES = ['_fbc', '_fbp', 'lp_gclid', 'lp_gbraid', 'lp_wbraid'];
const LANDING = '?fbclid=IwAR0fbclid_test-1&gclid=Cj0KCQiA_gclid-test';

let pageCount = 0;
async function visitor() {
  const context = await newVisitorContext(browser);
  context.setDefaultTimeout(8000);
  const requests: Request[] = [];
  const path = `/ads-${++pageCount}`;
  pages.set(path, `<!doctype html><html><head><title>Shop</title>${renderTrackerSnippet({ host: lp.url, writeKey, consent: 'pending' })}</head><body></body></html>`);
  context.on('request', (request) => {
    if (request.url().startsWith(`${lp.url}/v1/`)) requests.push(request);
  });
  const page = await context.newPage();
  const sent = (): Sent[] => {
    const seen = new Map<string, Sent>();
    for (const request of requests) for (const message of (JSON.parse(request.postData() ?? '{}') as { batch?: Sent[] }).batch ?? []) seen.set(message.messageId, message);
    return [...seen.values()];
  };
  await page.goto(`${pages.url}${path}${LANDING}`);
  await page.waitForFunction(() => (window as unknown as { leadpulse?: { loaded?: boolean } }).leadpulse?.loaded === true);
  return { context, page, requests, sent };
}

const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([m, a]) => (window as unknown as Record<string, Record<string, (...x: unknown[]) => void>>)['leadpulse']![m as string]!(...(a as unknown[])), [method, args] as const);
const adCookies = async (context: BrowserContext) => Object.fromEntries((await context.cookies()).filter((c) => AD_COOKIES.includes(c.name)).map((c) => [c.name, c.value]));
const adStorage = (page: Page) => page.evaluate((names) => names.filter((n) => localStorage.getItem(n) !== null), AD_COOKIES);
const contactOf = async (page: Page) => {
  const anonymousId = await page.evaluate(() => (window as unknown as { leadpulse: { anonymousId(): string | null } }).leadpulse.anonymousId());
  const found = await lp.server.app.lookupContact({ anonymousId: anonymousId! });
  return found.ok ? found.value.record : null;
};

describe('ad click and browser ids in real Chromium', () => {
  it('reads, keeps and sends nothing for the ad platforms until ad consent is granted', async () => {
    const { context, page, requests, sent } = await visitor();
    await page.waitForTimeout(300);
    expect(requests).toHaveLength(0);
    expect(await adCookies(context)).toEqual({});

    // Tracking alone: events go, still without any ad id.
    await call(page, 'consent', 'granted');
    await call(page, 'track', 'Pricing Viewed');
    await waitFor('the tracked event', async () => (sent().some((m) => m.event === 'Pricing Viewed') ? true : undefined));
    expect(sent().every((m) => m.context['ads'] === undefined)).toBe(true);
    expect(await adCookies(context)).toEqual({});
    expect(await adStorage(page)).toEqual([]);
    await context.close();
  });

  it('keeps fbclid as _fbc, makes _fbp and keeps gclid once ad consent is granted, sends them, and the contact keeps the latest', async () => {
    const { context, page, sent } = await visitor();
    const before = Date.now();
    await call(page, 'consent', 'granted', { ads: true });
    const cookies = await adCookies(context);
    expect(cookies['_fbc']).toMatch(/^fb\.1\.\d{13}\.IwAR0fbclid_test-1$/);
    expect(Number(cookies['_fbc']!.split('.')[2])).toBeGreaterThanOrEqual(before);
    expect(cookies['_fbp']).toMatch(/^fb\.1\.\d{13}\.\d{10}$/);
    expect(cookies['lp_gclid']).toBe('Cj0KCQiA_gclid-test');

    // The landing page view that waited for consent carries them, and so does the consent answer itself.
    await call(page, 'orderCompleted', { orderId: 'o-1', revenue: 49, currency: 'EUR' }, { messageId: 'pixel-shared-id-1' });
    const order = await waitFor('the order', async () => sent().find((m) => m.event === 'Order Completed'));
    // The id a browser pixel fires with (its eventID) is the event's messageId: the platform deduplicates the two.
    expect(order.messageId).toBe('pixel-shared-id-1');
    const ads = { fbp: cookies['_fbp'], fbc: cookies['_fbc'], gclid: 'Cj0KCQiA_gclid-test' };
    expect(order.context['ads']).toEqual(ads);
    expect(sent().find((m) => m.type === 'page')!.context['ads']).toEqual(ads);
    expect(sent().find((m) => m.event === 'Consent Updated')!.properties).toEqual({ purpose: 'ad_audiences', granted: true, source: 'tracker' });

    const record = await waitFor('the contact with its ad ids', async () => {
      const contact = await contactOf(page);
      return contact?.state.ads?.gclid && contact.state.consent?.ad_audiences?.granted === true ? contact : undefined;
    });
    expect(record.state.ads).toMatchObject(ads);

    // Withdrawn: the ids are forgotten in the browser and on the contact, and later events carry none.
    await call(page, 'consent', 'granted', { ads: false });
    expect(await adCookies(context)).toEqual({});
    expect(await adStorage(page)).toEqual([]);
    await call(page, 'track', 'After Withdrawal');
    const after = await waitFor('the event after withdrawal', async () => sent().find((m) => m.event === 'After Withdrawal'));
    expect(after.context['ads']).toBeUndefined();
    await waitFor('the contact without ad ids', async () => {
      const contact = await contactOf(page);
      return contact && contact.state.consent?.ad_audiences?.granted === false && contact.state.ads === undefined ? true : undefined;
    });
    await context.close();
  });

  it('a refusal of tracking forgets the ad ids too', async () => {
    const { context, page } = await visitor();
    await call(page, 'consent', 'granted', { ads: true });
    expect(Object.keys(await adCookies(context)).sort()).toEqual(['_fbc', '_fbp', 'lp_gclid']);
    await call(page, 'consent', 'denied');
    expect(await adCookies(context)).toEqual({});
    expect(await adStorage(page)).toEqual([]);
    await context.close();
  });
});
