import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { DEMO_SEGMENTS } from './demo-segments.js';
import { loadDemo } from './load-demo.js';

describe('the demo segments, kept live while the quarter is replayed', () => {
  const now = new Date('2026-11-24T09:00:00Z');
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer({ now });
    await loadDemo(t.app, { now, visitors: 600, seed: 11, travel: (at) => t.clock.set(at ?? now), train: false });
  }, 180_000);
  afterAll(async () => t.close());

  it('are live, each with members, and hold exactly whom a full evaluation today finds', async () => {
    const segments = await t.app.segments.list();
    expect(segments.map((s) => s.key).sort()).toEqual(DEMO_SEGMENTS.map((s) => s.key).sort());
    for (const segment of segments) {
      expect(segment.status).toBe('live');
      const counted = await t.app.segments.count({ idOrKey: segment.id });
      if (!counted.ok) throw new Error(counted.error.message);
      // Membership was kept by each write and each window's next instant, never rebuilt: it must still be exact.
      expect([segment.key, segment.size]).toEqual([segment.key, counted.value.count]);
    }
    expect(segments.filter((s) => s.size > 0).length).toBeGreaterThanOrEqual(3);
  });
});
