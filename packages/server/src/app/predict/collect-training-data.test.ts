import { DAY } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../test-support/test-server.js';
import { activateDoctrine } from '../active-doctrine.js';
import { collectTrainingData } from './collect-training-data.js';

const NOW = Date.UTC(2026, 10, 2, 9);
const iso = (ms: number) => new Date(ms).toISOString();

describe('collectTrainingData', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer({ now: NOW });
    // Two years ago, a lead filled in a form and came back once 200 days later; nothing since (an imported CRM history).
    const start = NOW - 730 * DAY;
    const events = [
      { type: 'track', event: 'Form Submitted', userId: 'u1', messageId: 'm1', timestamp: iso(start) },
      { type: 'page', name: 'Pricing', userId: 'u1', messageId: 'm2', timestamp: iso(start + 200 * DAY), properties: { path: '/pricing' } },
    ];
    const result = await t.app.ingest(events, { receivedAt: NOW });
    expect(result.outcomes.every((o) => o.status === 'accepted')).toBe(true);
  });
  afterAll(() => t.close());

  it('pictures a contact while it is active, skipping quiet stretches longer than the longest window', async () => {
    const doctrine = activateDoctrine(await t.app.getDoctrine());
    const { dataset, spec } = await collectTrainingData(t.store, doctrine, { horizonDays: 30, now: NOW });
    const longest = Math.max(...spec.windowsDays);
    // Daily: up to `longest` days after each of the two events, then nothing until the next one (not 730 pictures).
    expect(dataset.rows).toBeLessThanOrEqual(2 * (longest + 1));
    expect(dataset.rows).toBeGreaterThan(longest);
    const days = Array.from(dataset.at, (at) => Math.round((at - (NOW - 730 * DAY)) / DAY));
    expect(days.some((d) => d > longest + 1 && d < 200)).toBe(false);
    expect(days.some((d) => d >= 200)).toBe(true);
  });
});
