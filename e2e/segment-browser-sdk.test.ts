import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newVisitorContext } from './support/chromium.js';
import { startE2eServer, type E2eServer } from './support/e2e-server.js';
import { startPageServer } from './support/page-server.js';
import { waitFor } from './support/wait-for.js';

let browser: Browser;
let lp: E2eServer;
let pages: Awaited<ReturnType<typeof startPageServer>>;

/** The unmodified @segment/analytics-next, bundled for the page; only its API host points at LeadPulse. */
async function bundleAnalyticsNext(): Promise<string> {
  const result = await build({
    stdin: { contents: `import { AnalyticsBrowser } from '@segment/analytics-next'; window.AnalyticsBrowser = AnalyticsBrowser;`, resolveDir: fileURLToPath(new URL('..', import.meta.url)) },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  const [bundle] = await Promise.all([
    bundleAnalyticsNext(),
    (async () => {
      [browser, lp, pages] = await Promise.all([launchChromium(), startE2eServer(), startPageServer()]);
    })(),
  ]);
  pages.set('/analytics.js', bundle);
});
afterAll(async () => {
  await browser?.close();
  await lp?.close();
  await pages?.close();
});

describe('@segment/analytics-next in Chromium, pointed at LeadPulse', () => {
  it('lands page, track, identify, group and alias calls, and the contact is classified', async () => {
    const writeKey = (await lp.server.app.createKey('write', { label: 'analytics-next', allowedOrigins: [pages.url] })).secret;
    const apiHost = `${new URL(lp.url).host}/v1`;
    // Settings are given inline, as a self-hosted setup does, so nothing is fetched from Segment's CDN.
    pages.set(
      '/shop',
      `<!doctype html><html><head><title>Shop</title><script src="/analytics.js"></script><script>
        window.analytics = AnalyticsBrowser.load(
          { writeKey: ${JSON.stringify(writeKey)}, cdnSettings: { integrations: { 'Segment.io': { apiKey: ${JSON.stringify(writeKey)}, apiHost: ${JSON.stringify(apiHost)}, protocol: 'http' } } } },
          { integrations: { 'Segment.io': { apiHost: ${JSON.stringify(apiHost)}, protocol: 'http' } } }
        );
      </script></head><body>Shop</body></html>`,
    );
    const context = await newVisitorContext(browser);
    const page = await context.newPage();
    const answers: number[] = [];
    page.on('response', (response) => response.url().startsWith(lp.url) && answers.push(response.status()));
    await page.goto(`${pages.url}/shop`);
    await page.evaluate(async () => {
      const analytics = (window as unknown as { analytics: Record<string, (...args: unknown[]) => Promise<unknown>> }).analytics;
      await analytics['page']!('Shop', { category: 'catalogue' });
      await analytics['track']!('Product Added', { product_id: 'pro-annuel', price: 828, currency: 'EUR' });
      await analytics['identify']!('user-9031', { email: 'lucas.roux@example.fr', firstName: 'Lucas' });
      await analytics['group']!('company-77', { name: 'Transports Moreau' });
      await analytics['track']!('Chat Started', { topic: 'pricing' });
      await analytics['alias']!('user-9031');
    });
    const contact = await waitFor('the SDK contact to be hot', async () => {
      const found = await lp.server.app.lookupContact({ userId: 'user-9031' });
      if (!found.ok) return undefined;
      const timeline = await lp.server.app.contactTimeline(found.value.record.id, { limit: 50 });
      const types = timeline.ok ? timeline.value.flatMap((entry) => (entry.kind === 'event' ? [entry.event.type] : [])) : [];
      return found.value.record.stage === 'hot' && types.length >= 6 ? { record: found.value.record, types } : undefined;
    });
    expect(new Set(contact.types)).toEqual(new Set(['page', 'track', 'identify', 'group', 'alias']));
    expect(contact.record.email).toBe('lucas.roux@example.fr');
    expect(contact.record.reasons.flatMap((reason) => reason.conditions.map((condition) => condition.text)).join(' ')).toMatch(/chat/i);
    expect(answers.length).toBeGreaterThanOrEqual(6);
    expect(answers.every((status) => status === 200)).toBe(true);
    await context.close();
  });
});
