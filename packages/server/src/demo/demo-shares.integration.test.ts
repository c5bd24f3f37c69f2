import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { DEMO_MEASURED_SCENARIO, loadDemo, type DemoLoadReport } from './load-demo.js';

describe('the demo under the default doctrine', () => {
  const now = new Date('2026-11-24T09:00:00Z');
  let t: TestServer;
  let report: DemoLoadReport;
  beforeAll(async () => {
    t = await createTestServer({ now });
    // The dataset `npm start` loads, through the real pipeline and the default doctrine, as if watched live.
    report = await loadDemo(t.app, { now, travel: (at) => t.clock.set(at ?? now), train: false });
  }, 240_000);
  afterAll(async () => t.close());

  it('loads every event, one contact per visitor', () => {
    expect(report.accepted).toBe(report.events);
    expect(report.contacts).toBe(20_000);
  });

  it('has plausible shares of each temperature, like a real B2B site', async () => {
    const counts = await t.app.stageCounts();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const share = (stage: string) => (counts[stage] ?? 0) / total;
    // Crawlers (about 1% of visitors) are kept out of stage counts.
    expect(total).toBeGreaterThan(19_500);
    expect(share('unknown')).toBeGreaterThan(0.55);
    expect(share('unknown')).toBeLessThan(0.65);
    expect(share('cold')).toBeGreaterThan(0.17);
    expect(share('cold')).toBeLessThan(0.27);
    expect(share('warm')).toBeGreaterThan(0.07);
    expect(share('warm')).toBeLessThan(0.12);
    expect(share('hot')).toBeGreaterThan(0.025);
    expect(share('hot')).toBeLessThan(0.05);
    expect(share('client')).toBeGreaterThan(0.02);
    expect(share('client')).toBeLessThan(0.04);
  });

  it('includes lapsed clients from the old CRM, classified as prospects', async () => {
    const page = await t.app.listContacts({ limit: 500, q: 'example.fr' });
    expect(page.views.length).toBeGreaterThan(100);
    const lapsed = page.views.filter((v) => typeof v.record.state.traits['lastPurchaseAt'] === 'string' && !v.record.state.tallies['e:Order Completed']);
    expect(lapsed.length).toBeGreaterThan(0);
    for (const view of lapsed) expect(view.record.stage).not.toBe('client');
  });

  it('measures its cold nurture against a 10 % control group that received nothing', async () => {
    const result = await t.app.reports.run('scenarios', { from: '2026-08-01', to: '2026-11-24', horizon: '30d' });
    expect(result.ok).toBe(true);
    const data = (result.ok ? result.value.data : null) as { scenarios: { key: string | null; controlPercent: number | null; enrolled: { treated: number; control: number } }[] };
    const nurture = data.scenarios.find((s) => s.key === DEMO_MEASURED_SCENARIO)!;
    expect(nurture.controlPercent).toBe(10);
    const share = nurture.enrolled.control / (nurture.enrolled.control + nurture.enrolled.treated);
    expect(share).toBeGreaterThan(0.06);
    expect(share).toBeLessThan(0.14);
    const held = (await t.app.outbox.list({ scenarioId: (await t.app.scenarios.list()).find((v) => v.record.key === DEMO_MEASURED_SCENARIO)!.record.id, status: 'suppressed', limit: 50 })).sends;
    expect(held.length).toBeGreaterThan(0);
    expect(held.some((s) => /control group/.test(s.lastError ?? ''))).toBe(true);
  });
});
