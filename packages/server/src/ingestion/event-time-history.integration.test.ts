import { DAY, HOUR, MINUTE } from '@leadpulse/core';
import { describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const T0 = Date.UTC(2026, 3, 1, 9, 0, 0);
const END = T0 + 120 * DAY;

type Raw = Record<string, unknown> & { timestamp: string };

/** A small generated history: visitors who browse, download, cart and leave, buy, chat, and go quiet for weeks. */
function generateHistory(seed: number): Raw[] {
  let x = seed;
  const random = () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const events: Raw[] = [];
  for (let v = 0; v < 12; v++) {
    const anonymousId = `visitor-${seed}-${v}`;
    let at = T0 + Math.floor(random() * 20) * DAY + Math.floor(random() * 10) * HOUR;
    const visits = 2 + Math.floor(random() * 5);
    for (let s = 0; s < visits; s++) {
      const pages = 1 + Math.floor(random() * 5);
      for (let p = 0; p < pages; p++) {
        const path = ['/', '/fonctionnalites', '/tarifs', '/blog/crm', '/contact'][Math.floor(random() * 5)]!;
        events.push({ type: 'page', anonymousId, properties: { path, engagedSeconds: 30 + Math.floor(random() * 90) }, context: { page: { path } }, timestamp: new Date(at).toISOString(), messageId: `${anonymousId}-p-${s}-${p}` });
        at += 1 * MINUTE + Math.floor(random() * 4) * MINUTE;
      }
      const roll = random();
      const track = (event: string, properties: Record<string, unknown> = {}) =>
        events.push({ type: 'track', anonymousId, event, properties, timestamp: new Date(at).toISOString(), messageId: `${anonymousId}-t-${s}-${event}` });
      if (roll < 0.2) track('Document Downloaded', { title: 'Livre blanc' });
      else if (roll < 0.35) track('Product Added', { product_id: 'pro', price: 49 });
      else if (roll < 0.45) track('Order Completed', { revenue: 590 });
      else if (roll < 0.55) track('Chat Started');
      // The next visit, hours to weeks later: windows close and carts are left in between.
      at += Math.floor(random() * 3) === 0 ? (5 + Math.floor(random() * 30)) * DAY : (1 + Math.floor(random() * 30)) * HOUR;
    }
  }
  return events;
}

/** Every contact's stage history, keyed by its anonymous id, as (from, to, instant, cause). */
async function histories(t: TestServer): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const contact of (await t.store.contacts.list({ limit: 500 })).contacts) {
    const identities = await t.store.identities.of([contact.id]);
    const key = identities.find((i) => i.kind === 'anonymous')!.value;
    out[key] = (await t.store.contacts.stageHistoryOf(contact.id)).map((c) => `${c.from ?? '-'}>${c.to}@${new Date(c.at).toISOString()}:${c.cause}`);
  }
  return out;
}

const byTime = (a: Raw, b: Raw) => Date.parse(a.timestamp) - Date.parse(b.timestamp);

for (const driver of testDrivers(import.meta.url)) {
  describe(`stage history in event time on ${driver.name}`, () => {

    async function load(deliver: (t: TestServer) => Promise<void>): Promise<Record<string, string[]>> {
      const t = await createTestServer({ now: END, store: await driver.createStore() });
      try {
        await deliver(t);
        return await histories(t);
      } finally {
        await t.close();
      }
    }
    const ingest = async (t: TestServer, events: Raw[]) => {
      const result = await t.app.ingest(events, { receivedAt: t.app.now() });
      expect(result.rejected).toBe(0);
    };

    it.each([7, 11, 23])('is the same whether the history arrives in one file, in many files, out of order, or live (generated history %i)', { timeout: 120_000 }, async (seed) => {
      const history = generateHistory(seed);
      const atOnce = await load((t) => ingest(t, history));
      const moves = Object.values(atOnce).flat();
      // The history holds moves of every kind, dated in the data's quarter, not at the load.
      expect(moves.some((m) => m.includes('>hot@') && m.endsWith(':time'))).toBe(true);
      expect(moves.some((m) => m.endsWith(':event'))).toBe(true);
      const instantOf = (move: string) => Date.parse(move.slice(move.indexOf('@') + 1, move.lastIndexOf(':')));
      expect(moves.every((m) => instantOf(m) < END)).toBe(true);

      const inOrder = [...history].sort(byTime);
      const files = await load(async (t) => {
        for (let i = 0; i < inOrder.length; i += 17) await ingest(t, inOrder.slice(i, i + 17));
      });
      expect(files).toEqual(atOnce);

      const shuffled = [...history].sort((a, b) => String(a['messageId']).localeCompare(String(b['messageId'])));
      const outOfOrder = await load(async (t) => {
        for (let i = 0; i < shuffled.length; i += 23) await ingest(t, shuffled.slice(i, i + 23));
      });
      expect(outOfOrder).toEqual(atOnce);

      // Live: each event arrives when it happened, and the scheduler runs now and then, late.
      const live = await load(async (t) => {
        t.clock.advance(-(END - T0));
        for (const event of inOrder) {
          const at = Date.parse(event.timestamp);
          if (at > t.app.now()) t.clock.advance(at - t.app.now());
          await ingest(t, [event]);
          if (Number(String(event['messageId']).length) % 3 === 0) await t.app.evaluateDue();
        }
        t.clock.advance(END - t.app.now());
        while ((await t.app.evaluateDue()) > 0);
      });
      expect(live).toEqual(atOnce);
    });

    it('dates an abandoned cart imported weeks later when it was left, and keeps the moves in between', async () => {
      const cart = Date.UTC(2026, 9, 6, 14, 0, 0);
      const t = await createTestServer({ now: cart + 14 * DAY, store: await driver.createStore() });
      try {
        const id = { anonymousId: 'shopper' };
        await ingest(t, [
          { type: 'page', ...id, properties: { path: '/' }, timestamp: new Date(cart - 10 * MINUTE).toISOString(), messageId: 's1' },
          { type: 'page', ...id, properties: { path: '/tarifs' }, timestamp: new Date(cart - 5 * MINUTE).toISOString(), messageId: 's2' },
          { type: 'page', ...id, properties: { path: '/produit' }, timestamp: new Date(cart - 3 * MINUTE).toISOString(), messageId: 's3' },
          { type: 'track', ...id, event: 'Product Added', properties: { price: 49 }, timestamp: new Date(cart).toISOString(), messageId: 's4' },
        ]);
        const found = await t.app.lookupContact(id);
        if (!found.ok) throw new Error('no contact');
        const moves = await t.store.contacts.stageHistoryOf(found.value.record.id);
        const hot = moves.find((m) => m.to === 'hot');
        expect(hot?.at).toBe(cart + HOUR);
        expect(hot?.cause).toBe('time');
        expect(moves[0]!.at).toBeLessThan(cart);
        expect(found.value.record.stageSince).toBe(moves[moves.length - 1]!.at);
      } finally {
        await t.close();
      }
    });
  });
}
