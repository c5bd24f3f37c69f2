import { MINUTE, DAY } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { openInspectedStore, type StoreInspector } from '../test-support/store-inspector.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9);
const iso = (ms: number) => new Date(ms).toISOString();

const EMAIL = 'Ana.Nym.8812@Example.net';
const USER = 'uid-nym-8812';
const ANON = 'anon-nym-8812';
const OLD_USER = 'olduid-nym-8812';
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; NYM-8812) Firefox/140.0';
const T0 = NOW - 3 * DAY;
const offerPage = (n: number) => ({
  type: 'page',
  anonymousId: ANON,
  messageId: `nym-msg-p${n}`,
  timestamp: iso(T0 + n * MINUTE),
  properties: { path: '/tarifs', title: 'Tarifs pour Ana' },
  context: {
    page: { path: '/tarifs', url: `https://www.example.fr/tarifs?email=${EMAIL}`, referrer: 'https://mail.example.net/inbox?user=ana-nym', search: `?email=${EMAIL}` },
    campaign: { source: 'newsletter', medium: 'email', name: 'spring-sale', content: EMAIL },
  },
});
const personEvents = [
  offerPage(0),
  offerPage(1),
  offerPage(2),
  { type: 'identify', anonymousId: ANON, userId: USER, messageId: 'nym-msg-i', timestamp: iso(T0 + 3 * MINUTE), traits: { email: EMAIL, name: 'Ana Nym', phone: '0699887766' } },
  { type: 'track', userId: USER, event: 'Order Completed', messageId: 'nym-msg-o', timestamp: iso(T0 + 4 * MINUTE), properties: { revenue: '129.90', orderId: 'ORD-8812', currency: 'EUR' } },
  { type: 'track', userId: OLD_USER, event: 'Signed Up', messageId: 'nym-msg-s', timestamp: iso(T0 - DAY) },
  { type: 'alias', userId: USER, previousId: OLD_USER, messageId: 'nym-msg-a', timestamp: iso(T0 + 5 * MINUTE) },
];
const NEEDLES = [EMAIL, USER, ANON, OLD_USER, 'Ana Nym', 'ana-nym', '0699887766', 'ORD-8812', 'NYM-8812', '203.0.113', 'nym-msg', 'Tarifs pour'];

for (const driver of testDrivers(import.meta.url)) {
  describe(`anonymise on ${driver.name}`, () => {
    let t: TestServer;
    let inspect: StoreInspector;
    beforeAll(async () => {
      const opened = await openInspectedStore(driver, import.meta.url);
      inspect = opened.inspect;
      t = await createTestServer({ now: NOW, store: opened.store });
      for (const event of personEvents) await t.app.ingest([event], { receivedAt: NOW, ip: '203.0.113.77', userAgent: USER_AGENT });
      await t.app.ingest([{ type: 'page', anonymousId: 'bystander-2', messageId: 'by-2', timestamp: iso(T0), context: { page: { path: '/' }, campaign: { source: 'newsletter', name: 'spring-sale' } } }], { receivedAt: NOW });
    });
    afterAll(async () => {
      await t.close();
      await inspect.close();
    });

    const call = (method: 'GET' | 'POST', url: string) => t.server.inject({ method, url, headers: { authorization: `Bearer ${t.adminToken}` } });
    // Row order is the engine's (PostgreSQL moves an updated row): each list is compared sorted.
    const sorted = <T>(rows: readonly T[]) => rows.map((row) => JSON.stringify(row)).sort();
    const reports = async () => ({
      tunnel: sorted((await t.store.reports.tunnelInputs({}, 'campaign', 50_000)).inputs),
      channels: sorted(await t.store.reports.channelCounts({}, 'source')),
      moves: sorted(await t.store.reports.stageMoves({})),
      stages: await t.store.contacts.countByStage(),
      events: await t.store.events.count(),
      facts: sorted(await t.store.reports.reportFacts({}, { signals: true })),
    });
    const traces = async (text?: string) => {
      const found: string[] = [];
      for (const needle of NEEDLES) {
        if (text?.toLowerCase().includes(needle.toLowerCase())) found.push(`${needle} in the export`);
        for (const table of await inspect.tablesHolding(needle)) found.push(`${needle} in table ${table}`);
        for (const file of inspect.filesHolding(needle) ?? []) found.push(`${needle} in file ${file}`);
      }
      return found;
    };

    it('removes every identifier and keeps every count in the reports', async () => {
      const found = await t.app.lookupContact({ userId: USER });
      if (!found.ok) throw new Error('the person was not ingested');
      const { id, stage } = found.value.record;
      expect(stage).toBe('client');
      const before = await reports();
      expect(before.facts.filter((f) => f.includes('"revenue":129.9') && f.includes('"firstCampaign":"spring-sale"'))).toHaveLength(1);

      const anonymised = await call('POST', `/api/v1/contacts/${id}/anonymise`);
      expect(anonymised.statusCode).toBe(200);
      expect(anonymised.json()).toEqual({ anonymised: true, contacts: 2 });
      expect(await reports()).toEqual(before);
      const after = await t.app.getContact(id);
      expect(after.ok && [after.value.record.stage, after.value.record.userId, after.value.record.email, after.value.identities]).toEqual(['client', null, null, []]);

      const exported = await call('GET', `/api/v1/contacts/${id}/export`);
      expect(exported.statusCode).toBe(200);
      const { contacts } = exported.json();
      expect(contacts).toHaveLength(1);
      expect(contacts[0].events.filter((e: { internal: boolean }) => !e.internal).map((e: { type: string; name: string | null }) => e.name ?? e.type)).toEqual(['page', 'page', 'page', 'identify', 'Order Completed', 'alias']);
      expect(contacts[0].events[0].context).toEqual({ page: { path: '/tarifs', referrer: 'https://mail.example.net/' }, campaign: { source: 'newsletter', medium: 'email', name: 'spring-sale' } });
      expect(await traces(exported.body)).toEqual([]);
      expect(await inspect.tablesHolding('bystander-2')).toContain('identities');
    });

    it('drops the old events when they are sent again, and the identities stay unknown', async () => {
      for (const event of personEvents) expect(await t.app.ingest([event], { receivedAt: NOW })).toMatchObject({ accepted: 0, duplicates: 1 });
      for (const by of [{ userId: USER }, { userId: OLD_USER }, { anonymousId: ANON }, { email: EMAIL }]) expect((await t.app.lookupContact(by)).ok).toBe(false);
      expect(await traces()).toEqual([]);
    });
  });
}
