import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, TEST_WRITE_KEY, type TestServer } from '../test-support/test-server.js';
import { DEMO_SITE_KEY_LABEL, startDemoSite, type DemoSite } from './start-demo-site.js';
import { SITE_PAGES } from './site-pages.js';

let lp: TestServer;
let site: DemoSite;

beforeAll(async () => {
  lp = await createTestServer();
  site = await startDemoSite({ app: lp.app, leadpulsePort: 18_080, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await site?.close();
  await lp?.close();
});

describe('the demo website', () => {
  it('serves every page with the tracker snippet pointing at LeadPulse and a key for its own origin', async () => {
    for (const path of Object.keys(SITE_PAGES)) {
      const response = await fetch(`${site.url}${path}`);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html).toContain(`src="http://127.0.0.1:18080/lp.js" data-key="${site.writeKey}" data-consent="pending"`);
    }
    const key = (await lp.app.listKeys()).find((k) => k.label === DEMO_SITE_KEY_LABEL && k.revokedAt === null)!;
    expect(key.allowedOrigins).toContain(site.url);
  });

  it('answers its forms with the thank-you page and serves a real PDF', async () => {
    const thanks = await fetch(`${site.url}/livre-blanc/merci`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.fr' });
    expect(await thanks.text()).toContain('livre-blanc-conversion.pdf');
    const pdf = await fetch(`${site.url}/files/livre-blanc-conversion.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  });

  it("shows a visitor their own stage and why, from LeadPulse's live view", async () => {
    const response = await lp.server.inject({ method: 'POST', url: '/v1/track', headers: { authorization: `Basic ${Buffer.from(`${TEST_WRITE_KEY}:`).toString('base64')}` }, payload: { anonymousId: 'demo-visitor', event: 'Chat Started' } });
    expect(response.statusCode).toBe(200);
    const me = (await (await fetch(`${site.url}/_demo/me?anonymousId=demo-visitor`)).json()) as { found: boolean; stage: string; reasons: string[]; label: { fr: string } };
    expect(me).toMatchObject({ found: true, stage: 'hot', label: { fr: 'Lead (chaud)' } });
    expect(me.reasons.join(' ')).toMatch(/chat/i);
    expect(await (await fetch(`${site.url}/_demo/me?anonymousId=nobody`)).json()).toEqual({ found: false });
  });

  it('revokes the previous demo-site key when it starts again', async () => {
    const again = await startDemoSite({ app: lp.app, leadpulsePort: 18_080, port: 0, host: '127.0.0.1' });
    const active = (await lp.app.listKeys()).filter((k) => k.label === DEMO_SITE_KEY_LABEL && k.revokedAt === null);
    expect(active).toHaveLength(1);
    expect((await lp.app.authenticateWriteKey(site.writeKey)).ok).toBe(false);
    expect((await lp.app.authenticateWriteKey(again.writeKey)).ok).toBe(true);
    await again.close();
  });
});
