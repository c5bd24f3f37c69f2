import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { loadDemo } from './load-demo.js';

describe('the demo under the default doctrine', () => {
  const now = new Date('2026-11-24T09:00:00Z');
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer({ now });
    await loadDemo(t.app, { now, visitors: 5000 });
  });
  afterAll(async () => t.close());

  it('has plausible shares of each temperature, like a real B2B site', async () => {
    const counts = await t.app.stageCounts();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const share = (stage: string) => (counts[stage] ?? 0) / total;
    expect(total).toBeGreaterThan(4900);
    expect(share('unknown')).toBeGreaterThan(0.45);
    expect(share('cold')).toBeGreaterThan(0.15);
    expect(share('warm')).toBeGreaterThan(0.05);
    expect(share('hot')).toBeGreaterThan(0.015);
    expect(share('client')).toBeGreaterThan(0.01);
    expect(share('client')).toBeLessThan(share('hot') * 2);
  });

  it('includes lapsed clients from the old CRM, classified as prospects', async () => {
    const page = await t.app.listContacts({ limit: 500, q: 'example.fr' });
    expect(page.views.length).toBeGreaterThan(100);
    const lapsed = page.views.filter((v) => typeof v.record.state.traits['lastPurchaseAt'] === 'string' && !v.record.state.tallies['e:Order Completed']);
    expect(lapsed.length).toBeGreaterThan(0);
    for (const view of lapsed) expect(view.record.stage).not.toBe('client');
  });
});
