import { renderTrackerSnippet, type TrackerSnippetOptions } from '@leadpulse/contract';
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
  writeKey = (await lp.server.app.createKey('write', { label: 'test pages', allowedOrigins: [pages.url] })).secret;
});
afterAll(async () => {
  await browser?.close();
  await lp?.close();
  await pages?.close();
});

type Sent = { type: string; event?: string; anonymousId?: string; messageId: string; traits?: Record<string, unknown>; properties?: Record<string, unknown>; context: Record<string, unknown> };

let pageCount = 0;

/** A visitor whose every request to LeadPulse is recorded, on pages of the demo site's origin. */
async function visitor(options: { snippet?: Partial<TrackerSnippetOptions>; body?: string; context?: Parameters<Browser['newContext']>[0] } = {}) {
  const context = await newVisitorContext(browser, options.context);
  // A step that hangs fails by name, well before the test's own timeout.
  context.setDefaultTimeout(8000);
  const requests: Request[] = [];
  const errors: string[] = [];
  const snippet = renderTrackerSnippet({ host: lp.url, writeKey, ...options.snippet });
  const path = `/test-${++pageCount}`;
  pages.set(path, `<!doctype html><html><head><title>Test</title>${snippet}</head><body>${options.body ?? ''}</body></html>`);
  context.on('request', (request) => {
    if (request.url().startsWith(`${lp.url}/v1/`)) requests.push(request);
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  const open = (p: Page = page, suffix = '') => p.goto(`${pages.url}${path}${suffix}`);
  // Each message once: a page that closes hands its queue to a beacon and the next page resends what was not
  // acknowledged; the server keeps one copy per messageId, and so does this list.
  const sent = (): Sent[] => {
    const seen = new Map<string, Sent>();
    for (const request of requests) for (const message of (JSON.parse(request.postData() ?? '{}') as { batch?: Sent[] }).batch ?? []) if (!seen.has(message.messageId)) seen.set(message.messageId, message);
    return [...seen.values()];
  };
  return { context, page, requests, errors, sent, open };
}

const anonymousIdOf = (page: Page) => page.evaluate(() => (window as unknown as { leadpulse: { anonymousId(): string | null } }).leadpulse.anonymousId());
const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([m, a]) => (window as unknown as Record<string, Record<string, (...x: unknown[]) => void>>)['leadpulse']![m as string]!(...(a as unknown[])), [method, args] as const);
const trackerLoaded = (page: Page) => page.waitForFunction(() => (window as unknown as { leadpulse?: { loaded?: boolean } }).leadpulse?.loaded === true);
const cookiesOf = async (context: BrowserContext) => (await context.cookies()).map((cookie) => cookie.name);

async function storedEvents(anonymousId: string) {
  const found = await lp.server.app.lookupContact({ anonymousId });
  if (!found.ok) return [];
  const timeline = await lp.server.app.contactTimeline(found.value.record.id, { limit: 500 });
  return timeline.ok ? timeline.value.flatMap((entry) => (entry.kind === 'event' ? [entry.event] : [])).reverse() : [];
}

describe('the tracker in real Chromium', () => {
  it('counts single-page-app navigation through the History API, back button included', async () => {
    const { page, context, sent } = await visitor();
    await page.goto(`${lp.site.url}/fonctionnalites`);
    await page.getByRole('button', { name: 'Accepter' }).click();
    await page.getByRole('tab', { name: 'Relances' }).click();
    await page.getByRole('tab', { name: 'Rapports' }).click();
    await page.goBack();
    expect(page.url()).toBe(`${lp.site.url}/fonctionnalites/relances`);
    const anonymousId = (await anonymousIdOf(page))!;
    const paths = await waitFor('four page views', async () => {
      const pages = (await storedEvents(anonymousId)).filter((event) => event.type === 'page').map((event) => event.context.page?.path);
      return pages.length === 4 ? pages : undefined;
    });
    expect(paths).toEqual(['/fonctionnalites', '/fonctionnalites/relances', '/fonctionnalites/rapports', '/fonctionnalites/relances']);
    expect(sent().filter((m) => m.type === 'page' && m.context['page'] && (m.context['page'] as { referrer: string }).referrer.endsWith('/fonctionnalites/relances'))).toHaveLength(1);
    await context.close();
  });

  it('sends nothing and stores no cookie while consent is pending, then delivers what waited once it is granted', async () => {
    const { page, context, requests, open } = await visitor({ snippet: { consent: 'pending' }, body: '<form id="news" onsubmit="return false"><input type="email" name="email" value="paul@example.fr"><button>OK</button></form>' });
    await open();
    await trackerLoaded(page);
    await call(page, 'track', 'Pricing Calculator Used', { seats: 12 });
    await page.evaluate(() => (document.getElementById('news') as HTMLFormElement).requestSubmit());
    await page.waitForTimeout(1500);
    expect(requests).toHaveLength(0);
    expect(await cookiesOf(context)).toEqual([]);
    expect(await anonymousIdOf(page)).toBeNull();

    await call(page, 'consent', 'granted');
    const anonymousId = (await anonymousIdOf(page))!;
    expect(await cookiesOf(context)).toContain('lp_aid');
    const events = await waitFor('the waiting events', async () => {
      const stored = await storedEvents(anonymousId);
      return stored.length >= 4 ? stored : undefined;
    });
    // In the order they happened, on the id created at consent (the form's two events share a millisecond).
    const names = events.map((event) => event.name ?? event.type);
    expect(names.slice(0, 2)).toEqual(['page', 'Pricing Calculator Used']);
    expect(new Set(names.slice(2))).toEqual(new Set(['identify', 'Form Submitted']));
    const found = await lp.server.app.lookupContact({ anonymousId });
    expect(found.ok && found.value.record.email).toBe('paul@example.fr');
    // The choice is remembered: the next page sends at once.
    await open();
    await waitFor('the next page view', async () => ((await storedEvents(anonymousId)).filter((e) => e.type === 'page').length === 2 ? true : undefined));
    await context.close();
  });

  it('sends nothing after a refusal, and clears its cookie', async () => {
    const { page, context, requests, open } = await visitor({ snippet: { consent: 'pending' } });
    await open();
    await trackerLoaded(page);
    await call(page, 'consent', 'denied');
    await call(page, 'track', 'Should Not Leave');
    await open();
    await page.waitForTimeout(1500);
    expect(requests).toHaveLength(0);
    expect(await cookiesOf(context)).toEqual([]);
    await context.close();
  });

  it('counts pages without cookies or a lasting id when the site opts into cookieless counting', async () => {
    const { page, context, sent, open } = await visitor({ snippet: { consent: 'pending', cookieless: true } });
    await open();
    await trackerLoaded(page);
    await call(page, 'track', 'Waits For Consent');
    await waitFor('the first cookieless page view', async () => (sent().length === 1 ? true : undefined));
    await open();
    await waitFor('two cookieless page views', async () => (sent().length === 2 ? true : undefined));
    const ids = sent().map((m) => m.anonymousId);
    expect(sent().map((m) => m.type)).toEqual(['page', 'page']);
    expect(ids[0]).toMatch(/^cookieless-/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(await cookiesOf(context)).toEqual([]);
    await context.close();
  });

  it('honours Global Privacy Control when the site asks it to', async () => {
    const { page, context, requests, open } = await visitor({ snippet: { consent: 'granted', respectDnt: true } });
    // The browser's own signal (Chromium ships it behind a setting; here it is switched on for the page).
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    await open();
    await trackerLoaded(page);
    expect(await call(page, 'consentState')).toBe('denied');
    await page.waitForTimeout(1500);
    expect(requests).toHaveLength(0);
    await context.close();
  });

  it('keeps events through a network outage and delivers each one exactly once when it comes back', async () => {
    const { page, context, open } = await visitor();
    await open();
    await trackerLoaded(page);
    const anonymousId = (await anonymousIdOf(page))!;
    await waitFor('the first page view', async () => ((await storedEvents(anonymousId)).length === 1 ? true : undefined));

    await context.setOffline(true);
    for (let i = 1; i <= 5; i++) await call(page, 'track', 'Offline Click', { n: i });
    await page.waitForTimeout(2500); // several failed attempts
    // The server also fails twice before the network is really back.
    let refused = 0;
    await context.route(`${lp.url}/v1/batch`, (route) => (refused++ < 2 ? route.fulfill({ status: 503, body: '{}' }) : route.continue()));
    await context.setOffline(false);
    const events = await waitFor(
      'the five offline events',
      async () => {
        const stored = (await storedEvents(anonymousId)).filter((event) => event.name === 'Offline Click');
        return stored.length === 5 ? stored : undefined;
      },
      45_000,
    );
    expect(events.map((event) => event.properties['n'])).toEqual([1, 2, 3, 4, 5]);
    expect(refused).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it('delivers on the next page what a page closed during an outage could not send', async () => {
    const { page, context, open } = await visitor();
    await open();
    await trackerLoaded(page);
    const anonymousId = (await anonymousIdOf(page))!;
    await context.setOffline(true);
    await call(page, 'track', 'Left While Offline');
    await page.close();
    await context.setOffline(false);
    const next = await context.newPage();
    await open(next);
    await waitFor('the event from the closed page', async () => ((await storedEvents(anonymousId)).some((event) => event.name === 'Left While Offline') ? true : undefined));
    await context.close();
  });

  it('reads the email and name of a form but never a password or a card number', async () => {
    const { page, context, requests, sent } = await visitor();
    await page.goto(`${lp.site.url}/essai-gratuit`);
    await page.getByRole('button', { name: 'Accepter' }).click();
    await page.getByLabel('Prénom').fill('Inès');
    await page.getByLabel('Nom', { exact: true }).fill('Benali');
    await page.getByLabel('Email professionnel').fill('ines@example.fr');
    await page.getByLabel('Mot de passe').fill('Sup3r-secret-pass');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.waitForURL('**/essai-gratuit/bienvenue');
    await page.goto(`${lp.site.url}/commande`);
    await page.getByLabel('Email').fill('ines@example.fr');
    await page.getByLabel('Nom complet').fill('Inès Benali');
    await page.getByLabel('Numéro de carte').fill('4970101122334455');
    await page.getByLabel('Cryptogramme').fill('123');
    await page.getByRole('button', { name: 'Payer' }).click();
    await page.waitForURL('**/commande/confirmation');
    await waitFor(`the order (sent so far: ${sent().map((m) => m.event ?? m.type).join(', ')})`, async () => (sent().some((m) => m.event === 'Trial Started') && sent().filter((m) => m.type === 'identify').length === 2 ? true : undefined));
    const bodies = requests.map((request) => request.postData() ?? '').join('\n');
    expect(bodies).not.toContain('Sup3r-secret-pass');
    expect(bodies).not.toContain('4970101122334455');
    expect(bodies).not.toMatch(/"123"/);
    expect(sent().filter((m) => m.type === 'identify').map((m) => m.traits)).toEqual([
      { firstName: 'Inès', lastName: 'Benali', email: 'ines@example.fr' },
      { email: 'ines@example.fr', name: 'Inès Benali' },
    ]);
    expect(sent().filter((m) => m.event === 'Form Submitted').map((m) => m.properties?.['formId'])).toEqual(['essai-gratuit', 'commande']);
    await context.close();
  });

  it('tracks outbound links and sends the e-commerce events of the cart helpers', async () => {
    const { page, context, sent } = await visitor();
    await page.goto(`${lp.site.url}/boutique`);
    await page.getByRole('button', { name: 'Accepter' }).click();
    await page.getByRole('button', { name: 'Ajouter au panier' }).first().click();
    await page.getByRole('link', { name: /Panier/ }).click();
    await page.getByRole('link', { name: 'Passer commande' }).click();
    await context.route('https://www.linkedin.com/**', (route) => route.fulfill({ contentType: 'text/html', body: 'LinkedIn' }));
    await page.getByRole('link', { name: 'LinkedIn' }).click();
    await waitFor('the cart events', async () => (sent().some((m) => m.event === 'Outbound Link Clicked') && sent().some((m) => m.event === 'Checkout Started') ? true : undefined));
    expect(sent().find((m) => m.event === 'Product Added')?.properties).toMatchObject({ product_id: 'essentiel-annuel', price: 348, currency: 'EUR' });
    expect(sent().find((m) => m.event === 'Checkout Started')?.properties).toMatchObject({ value: 348, currency: 'EUR' });
    expect(sent().find((m) => m.event === 'Outbound Link Clicked')?.properties).toMatchObject({ host: 'www.linkedin.com' });
    await context.close();
  });

  it('never throws into the host page, runs calls made before it loaded, and refuses what the server would', async () => {
    const { page, context, errors, sent, open } = await visitor({
      body: `<script>leadpulse.track('Queued Before Load', { early: true });</script>`,
    });
    await open();
    await trackerLoaded(page);
    const warnings: string[] = [];
    page.on('console', (message) => warnings.push(message.text()));
    await page.evaluate(() => {
      const lp = (window as unknown as { leadpulse: Record<string, (...a: unknown[]) => void> }).leadpulse;
      const cycle: Record<string, unknown> = {};
      cycle['self'] = cycle;
      lp['track']!('Cyclic', cycle);
      lp['track']!('Huge', { blob: 'x'.repeat(40_000) });
      lp['identify']!(undefined as unknown as string);
      lp['consent']!('maybe');
      lp['track']!('After The Bad Ones');
    });
    await waitFor('the good events', async () => (sent().some((m) => m.event === 'After The Bad Ones') ? true : undefined));
    expect(sent().map((m) => m.event).filter(Boolean)).toEqual(['Queued Before Load', 'After The Bad Ones']);
    expect(warnings.join('\n')).toMatch(/cannot be sent as JSON/);
    expect(warnings.join('\n')).toMatch(/limited to 32 KB/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('counts engaged time only while the tab is visible, and delivers it when the tab is hidden', async () => {
    const { page, context, open } = await visitor();
    // A switch for what the browser reports, standing in for the visitor moving to another tab.
    await page.addInitScript(() => {
      Object.defineProperty(Document.prototype, 'visibilityState', { get: () => ((window as unknown as { hiddenTab?: boolean }).hiddenTab ? 'hidden' : 'visible') });
    });
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        (window as unknown as { hiddenTab?: boolean }).hiddenTab = h;
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await open();
    await trackerLoaded(page);
    const anonymousId = (await anonymousIdOf(page))!;
    await page.waitForTimeout(2000);
    await setHidden(true);
    const first = await waitFor('the engagement sent on hiding', async () => {
      const engaged = (await storedEvents(anonymousId)).filter((event) => event.name === 'Page Engaged');
      return engaged.length === 1 ? engaged[0]! : undefined;
    });
    expect(first.properties['engagedSeconds']).toBeGreaterThanOrEqual(1.5);
    expect(first.properties['engagedSeconds']).toBeLessThanOrEqual(3);
    await page.waitForTimeout(3000); // in another tab: not counted
    await setHidden(false);
    await page.waitForTimeout(1000);
    await open(); // the next page: the rest is delivered on the way out
    const total = await waitFor('both engagement reports', async () => {
      const engaged = (await storedEvents(anonymousId)).filter((event) => event.name === 'Page Engaged');
      return engaged.length === 2 ? engaged.reduce((sum, event) => sum + Number(event.properties['engagedSeconds']), 0) : undefined;
    });
    expect(total).toBeGreaterThanOrEqual(2.5);
    expect(total).toBeLessThan(5); // the 3 hidden seconds are not in it
    const found = await lp.server.app.lookupContact({ anonymousId });
    expect(found.ok && found.value.record.state.tallies['engaged']?.sum).toBeCloseTo(total, 5);
    await context.close();
  });

  it('stores what a headless robot sends but never classifies it', async () => {
    const { page, context, open } = await visitor({ context: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36' } });
    await open();
    await trackerLoaded(page);
    const anonymousId = (await anonymousIdOf(page))!;
    await call(page, 'track', 'Chat Started');
    const events = await waitFor('the robot events', async () => {
      const stored = await storedEvents(anonymousId);
      return stored.length === 2 ? stored : undefined;
    });
    expect(events.every((event) => event.bot)).toBe(true);
    const found = await lp.server.app.lookupContact({ anonymousId });
    expect(found.ok && found.value.record.stage).toBe('unknown');
    await context.close();
  });

  it('serves lp.js small, cached and compressed', async () => {
    const response = await fetch(`${lp.url}/lp.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('cache-control')).toMatch(/max-age=3600/);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const again = await fetch(`${lp.url}/lp.js`, { headers: { 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});
