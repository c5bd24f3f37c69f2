import { DAY, MINUTE } from '@leadpulse/core';
import { afterEach, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';
import { createDemoEngagement } from './demo-engagement.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (at: number) => new Date(at).toISOString();

describe.each(testDrivers(import.meta.url))('the demo recipients on $name', (driver) => {
  let t: TestServer;
  afterEach(async () => t?.close());

  it("play opens and clicks through the tracking use case, Apple's proxy prefetches flagged among them", async () => {
    t = await createTestServer({ now: NOW, store: await driver.createStore(), config: { publicUrl: 'https://lp.example.fr' } });
    const preset = (await t.app.scenarios.list()).find((s) => s.record.key === 'resend-unopened')!;
    await t.app.scenarios.activate(preset.record.id);
    const people = Array.from({ length: 40 }, (_, i) => `demo-${i}`);
    await t.app.ingest(
      people.flatMap((userId) => [
        { type: 'identify', userId, traits: { email: `${userId}@example.com` }, timestamp: iso(NOW - MINUTE), messageId: `${userId}-identify` },
        { type: 'track', userId, event: 'Document Downloaded', properties: { url: 'https://shop.example.fr/doc.pdf' }, timestamp: iso(NOW), messageId: `${userId}-download` },
      ]),
      { receivedAt: NOW },
    );
    await t.app.runFollowUps();
    const engagement = createDemoEngagement(t.app);
    t.clock.advance(DAY);
    await engagement.play();

    const events = [];
    for (const userId of people) {
      const contact = await t.app.lookupContact({ userId });
      const timeline = contact.ok ? await t.app.contactTimeline(contact.value.record.id, { limit: 20 }) : null;
      if (timeline?.ok) events.push(...timeline.value.flatMap((e) => (e.kind === 'event' && e.event.name?.startsWith('Email ') ? [e.event] : [])));
    }
    const opens = events.filter((e) => e.name === 'Email Opened');
    expect(opens.filter((e) => e.properties['machineReason'] === 'apple_privacy_proxy').length).toBeGreaterThan(5);
    expect(opens.filter((e) => e.properties['machine'] === undefined).length).toBeGreaterThan(3);
    const statuses = (await t.app.outbox.list({ limit: 100 })).sends.map((s) => s.status);
    // Flagged opens leave their sends at sent; people's opens and clicks move theirs.
    expect(statuses.filter((s) => s === 'opened' || s === 'clicked').length).toBe(new Set(events.filter((e) => e.properties['machine'] === undefined).map((e) => e.properties['sendId'])).size);
  });
});
