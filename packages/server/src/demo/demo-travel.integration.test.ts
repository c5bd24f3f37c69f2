import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { loadDemo } from './load-demo.js';

describe('the demo loaded as if watched over its quarter', () => {
  const now = new Date('2026-11-24T09:00:00Z');
  const options = { now, visitors: 1_500, seed: 11, train: false };
  let direct: TestServer;
  let watched: TestServer;
  beforeAll(async () => {
    direct = await createTestServer({ now });
    await loadDemo(direct.app, options);
    watched = await createTestServer({ now });
    await loadDemo(watched.app, { ...options, travel: (at) => watched.clock.set(at ?? now) });
  }, 120_000);
  afterAll(async () => {
    await direct.close();
    await watched.close();
  });

  it('ends today exactly where a load of the whole history at once ends', async () => {
    expect(watched.clock.now()).toEqual(now);
    expect(await watched.app.stageCounts()).toEqual(await direct.app.stageCounts());
  });

  it('dates each stage change on the day it happened, so the daily history rises over the quarter', async () => {
    const tunnel = await watched.app.reports.run('tunnel', { from: '2026-08-01', to: '2026-11-24' });
    if (!tunnel.ok) throw new Error(JSON.stringify(tunnel.error));
    const classified = (day: { counts: Record<string, number> }) => Object.entries(day.counts).filter(([stage]) => stage !== 'unknown').reduce((sum, [, n]) => sum + n, 0);
    const days = (tunnel.value.data as { history: { counts: Record<string, number> }[] }).history;
    const active = days.filter((day) => classified(day) > 0);
    expect(active.length).toBeGreaterThan(60);
    const third = Math.floor(active.length / 3);
    expect(classified(active[third]!)).toBeLessThan(classified(active[2 * third]!));
    expect(classified(active[2 * third]!)).toBeLessThan(classified(active.at(-1)!));
    // Loaded at once, every change is dated in event time too: the same daily history.
    const atOnce = await direct.app.reports.run('tunnel', { from: '2026-08-01', to: '2026-11-24' });
    if (!atOnce.ok) throw new Error(JSON.stringify(atOnce.error));
    expect((atOnce.value.data as { history: unknown[] }).history).toEqual(days);
  });
});
