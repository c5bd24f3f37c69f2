import { HOUR, DAY } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactView } from '../app/leadpulse-app.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const T0 = Date.UTC(2026, 9, 1, 9, 0, 0);

const page = (anonymousId: string, path: string, at: number, extra: Record<string, unknown> = {}) => ({
  type: 'page',
  anonymousId,
  messageId: `${anonymousId}-${path}-${at}`,
  timestamp: new Date(at).toISOString(),
  properties: { path },
  context: { page: { path } },
  ...extra,
});
const track = (ids: Record<string, string>, event: string, at: number, properties: Record<string, unknown> = {}) => ({
  type: 'track',
  ...ids,
  event,
  messageId: `${Object.values(ids).join('-')}-${event}-${at}`,
  timestamp: new Date(at).toISOString(),
  properties,
});

for (const driver of testDrivers(import.meta.url)) {
  describe(`ingestion pipeline on ${driver.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer({ now: T0, store: await driver.createStore() });
    });
    afterAll(async () => t.close());

    const stageOf = async (by: { userId?: string; anonymousId?: string; email?: string }): Promise<ContactView> => {
      const found = await t.app.lookupContact(by);
      if (!found.ok) throw new Error(`no contact for ${JSON.stringify(by)}`);
      return found.value;
    };

    it('turns a browsing visitor cold, then warm on a white-paper form, merging the anonymous history', async () => {
      const ctx = { receivedAt: T0 };
      const visits = [page('anon-1', '/', T0 - 10 * 60_000), page('anon-1', '/fonctionnalites', T0 - 8 * 60_000), page('anon-1', '/blog/crm', T0 - 6 * 60_000)];
      const first = await t.app.ingest(visits, ctx);
      expect(first).toMatchObject({ accepted: 3, rejected: 0, duplicates: 0 });
      const cold = await stageOf({ anonymousId: 'anon-1' });
      expect(cold.record.stage).toBe('cold');
      expect(cold.record.reasons[0]?.stage).toBe('cold');

      const form = [
        { type: 'identify', anonymousId: 'anon-1', userId: 'u-1', traits: { email: 'Claire.Martin@example.fr', firstName: 'Claire' }, messageId: 'id-1', timestamp: new Date(T0 - 5 * 60_000).toISOString() },
        track({ userId: 'u-1' }, 'Document Downloaded', T0 - 5 * 60_000 + 1000, { title: 'Livre blanc' }),
      ];
      await t.app.ingest(form, ctx);
      const warm = await stageOf({ email: 'claire.martin@example.fr' });
      expect(warm.record.stage).toBe('warm');
      expect(warm.record.userId).toBe('u-1');
      expect(warm.identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual(['anonymous:anon-1', 'email:claire.martin@example.fr', 'user:u-1']);
      expect(warm.record.state.tallies['page']?.n).toBe(3);
      const history = await t.app.contactHistory(warm.record.id);
      expect(history.ok && history.value.map((c) => `${c.from}->${c.to}`)).toEqual(['null->cold', 'cold->warm']);
    });

    it('merges an anonymous contact into the known one retroactively and records the merge', async () => {
      await t.app.ingest([page('anon-2', '/tarifs', T0 - 3 * HOUR), page('anon-2', '/tarifs', T0 - 2 * HOUR), page('anon-2', '/tarifs', T0 - HOUR)], { receivedAt: T0 });
      await t.app.ingest([track({ userId: 'u-2' }, 'Signed Up', T0 - 4 * HOUR)], { receivedAt: T0 });
      const before = await stageOf({ anonymousId: 'anon-2' });
      expect(before.record.stage).toBe('hot'); // three offer-page views within 30 days
      await t.app.ingest([{ type: 'alias', userId: 'u-2', previousId: 'anon-2', messageId: 'alias-2', timestamp: new Date(T0).toISOString() }], { receivedAt: T0 });
      const merged = await stageOf({ userId: 'u-2' });
      expect((await stageOf({ anonymousId: 'anon-2' })).record.id).toBe(merged.record.id);
      expect(merged.record.state.tallies['offer']?.n).toBe(3);
      expect(merged.record.stage).toBe('hot');
      const timeline = await t.app.contactTimeline(merged.record.id, { limit: 50 });
      expect(timeline.ok && timeline.value.some((e) => e.kind === 'merge')).toBe(true);
    });

    it('never merges two different known userIds', async () => {
      await t.app.ingest([{ type: 'identify', userId: 'u-3', anonymousId: 'shared-laptop', traits: { email: 'a@example.fr' }, messageId: 'i3' }], { receivedAt: T0 });
      await t.app.ingest([{ type: 'identify', userId: 'u-4', anonymousId: 'shared-laptop', traits: { email: 'b@example.fr' }, messageId: 'i4' }], { receivedAt: T0 });
      const a = await stageOf({ userId: 'u-3' });
      const b = await stageOf({ userId: 'u-4' });
      expect(a.record.id).not.toBe(b.record.id);
    });

    it('treats a retried batch as duplicates and changes nothing', async () => {
      const batch = [track({ anonymousId: 'anon-5' }, 'Chat Started', T0 - 1000)];
      expect(await t.app.ingest(batch, { receivedAt: T0 })).toMatchObject({ accepted: 1 });
      const once = await stageOf({ anonymousId: 'anon-5' });
      expect(await t.app.ingest(batch, { receivedAt: T0 })).toMatchObject({ accepted: 0, duplicates: 1 });
      const twice = await stageOf({ anonymousId: 'anon-5' });
      expect(twice.record.state).toEqual(once.record.state);
    });

    it('keeps valid batch-mates of rejected events', async () => {
      const result = await t.app.ingest([track({ anonymousId: 'anon-6' }, 'Call Logged', T0 - 1000), { type: 'track', anonymousId: 'anon-6' }, 42], { receivedAt: T0 });
      expect(result.outcomes.map((o) => o.status)).toEqual(['accepted', 'rejected', 'rejected']);
      expect((await stageOf({ anonymousId: 'anon-6' })).record.stage).toBe('hot');
    });

    it('replays a contact when an older event arrives late, giving the same state as in-order ingestion', async () => {
      const events = [page('late', '/', T0 - 50 * 60_000), page('late', '/a', T0 - 40 * 60_000), page('late', '/b', T0 - 30 * 60_000)];
      await t.app.ingest([events[0], events[2]], { receivedAt: T0 });
      await t.app.ingest([events[1]], { receivedAt: T0 });
      const late = await stageOf({ anonymousId: 'late' });
      await t.app.ingest(events.map((e) => ({ ...e, anonymousId: 'ordered', messageId: `o-${e.messageId}` })), { receivedAt: T0 });
      const ordered = await stageOf({ anonymousId: 'ordered' });
      // Same counts, values and instants; only the event ids differ between the two contacts.
      const withoutIds = (tallies: object) => JSON.parse(JSON.stringify(tallies).replace(/"(o-)?late-[^"]*"/g, '"id"'));
      expect(withoutIds(late.record.state.tallies)).toEqual(withoutIds(ordered.record.state.tallies));
      expect(late.record.stage).toBe('cold');
    });

    it('moves stages with time: a hot chat cools after 30 days, a pending cart turns hot after the delay', async () => {
      await t.app.ingest([track({ anonymousId: 'cart' }, 'Product Added', T0 - 10 * 60_000)], { receivedAt: T0 });
      expect((await stageOf({ anonymousId: 'cart' })).record.stage).toBe('unknown');
      t.clock.advance(HOUR);
      expect(await t.app.evaluateDue()).toBeGreaterThan(0);
      const hot = await stageOf({ anonymousId: 'cart' });
      expect(hot.record.stage).toBe('hot');
      expect(JSON.stringify(hot.record.reasons)).toContain('bandoned');

      const chat = await stageOf({ anonymousId: 'anon-5' });
      expect(chat.record.stage).toBe('hot');
      t.clock.set(T0 + 31 * DAY);
      await t.app.evaluateDue();
      expect((await stageOf({ anonymousId: 'anon-5' })).record.stage).toBe('unknown');
      const history = await t.app.contactHistory(chat.record.id);
      expect(history.ok && history.value.at(-1)?.cause).toBe('time');
    });

    it('previews and applies a doctrine change over the whole history', async () => {
      const current = await t.app.getDoctrine();
      const stricter = JSON.parse(JSON.stringify(current.doctrine));
      const cold = stricter.stages.find((s: { key: string }) => s.key === 'cold');
      cold.when = { all: [{ signal: 'pageViews', atLeast: 10, within: '365d' }] };
      const countsBefore = await t.app.stageCounts();
      expect(countsBefore['cold']).toBeGreaterThanOrEqual(2);
      const preview = await t.app.previewDoctrine(stricter);
      expect(preview.ok).toBe(true);
      if (!preview.ok) return;
      // Every cold contact here has fewer than 10 page views, so all of them would fall back.
      expect(preview.value.moves).toContainEqual({ from: 'cold', to: 'unknown', count: countsBefore['cold'] });
      expect(await t.app.stageCounts()).toEqual(countsBefore);
      const saved = await t.app.putDoctrine(stricter, { note: 'stricter cold' });
      expect(saved.ok && saved.value.version.version).toBe(current.version + 1);
      const countsAfter = await t.app.stageCounts();
      expect(countsAfter['cold'] ?? 0).toBe(0);
      expect((await stageOf({ anonymousId: 'late' })).record.stage).toBe('unknown');
      const invalid = await t.app.putDoctrine({ ...stricter, stages: 'nope' }, {});
      expect(invalid.ok ? null : invalid.error.code).toBe('invalid_doctrine');
    });

    it('reclassify --dry-run reports without writing, and a full reclassify is idempotent', async () => {
      const dry = await t.app.reclassify({ dryRun: true });
      expect(dry.dryRun).toBe(true);
      expect(dry.changed).toBe(0);
      const counts = await t.app.stageCounts();
      const real = await t.app.reclassify({ dryRun: false });
      expect(real.contacts).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
      expect(await t.app.stageCounts()).toEqual(counts);
    });
  });
}
