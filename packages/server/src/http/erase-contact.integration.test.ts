import { MINUTE, DAY } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { openInspectedStore, type StoreInspector } from '../test-support/store-inspector.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9);
const iso = (ms: number) => new Date(ms).toISOString();
// A person with distinctive identifiers: a visit from their own invitation link, a form, a note about them, and an
// older userId they were known by, linked to the current one only by an alias call.
const EMAIL = 'Zoe.Quark.4471@Example.org';
const USER = 'uid-zq-4471';
const ANON = 'anon-zq-4471';
const OLD_USER = 'olduid-zq-4471';
const CAMPAIGN = 'zq4471-private-invite';
const personEvents = (t0: number) => [
  { type: 'page', anonymousId: ANON, messageId: 'zq-m1', timestamp: iso(t0), properties: { path: '/tarifs' }, context: { page: { path: '/tarifs', url: `https://www.example.fr/tarifs?utm_campaign=${CAMPAIGN}` }, campaign: { source: 'mail', medium: 'email', name: CAMPAIGN } } },
  { type: 'identify', anonymousId: ANON, userId: USER, messageId: 'zq-m2', timestamp: iso(t0 + MINUTE), traits: { email: EMAIL, name: 'Zoé Quark' } },
  { type: 'track', userId: USER, event: 'Demo Requested', messageId: 'zq-m3', timestamp: iso(t0 + 2 * MINUTE), properties: { note: 'call back on 0611223344' } },
  { type: 'track', userId: OLD_USER, event: 'Signed Up', messageId: 'zq-m4', timestamp: iso(t0 - DAY) },
  { type: 'alias', userId: USER, previousId: OLD_USER, messageId: 'zq-m5', timestamp: iso(t0 + 3 * MINUTE) },
];
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; ZQ-4471) Firefox/140.0';
const NEEDLES = [EMAIL, USER, ANON, OLD_USER, CAMPAIGN, 'Zoé Quark', '0611223344', 'ZQ-4471', '198.51.100', 'zq-m'];

for (const driver of testDrivers(import.meta.url)) {
  describe(`GDPR erase on ${driver.name}`, () => {
    let t: TestServer;
    let inspect: StoreInspector;
    beforeAll(async () => {
      const opened = await openInspectedStore(driver, import.meta.url);
      inspect = opened.inspect;
      t = await createTestServer({ now: NOW, store: opened.store });
    });
    afterAll(async () => {
      await t.close();
      await inspect.close();
    });

    const call = (method: 'GET' | 'POST' | 'DELETE', url: string) => t.server.inject({ method, url, headers: { authorization: `Bearer ${t.adminToken}` } });
    // One event per request, so the contact's row is rewritten again and again, as on a live site.
    const ingest = async (events: readonly object[]) => {
      const results = [];
      for (const event of events) results.push(await t.app.ingest([event], { receivedAt: t.clock.now().getTime(), ip: '198.51.100.23', userAgent: USER_AGENT }));
      return { accepted: results.reduce((n, r) => n + r.accepted, 0), duplicates: results.reduce((n, r) => n + r.duplicates, 0) };
    };
    const idOf = async (by: { userId?: string; anonymousId?: string; email?: string }) => {
      const found = await t.app.lookupContact(by);
      return found.ok ? found.value.record.id : null;
    };
    const traces = async () => {
      const found: string[] = [];
      for (const needle of NEEDLES) {
        for (const table of await inspect.tablesHolding(needle)) found.push(`${needle} in table ${table}`);
        for (const file of inspect.filesHolding(needle) ?? []) found.push(`${needle} in file ${file}`);
      }
      return found;
    };

    it('erases a person, the id linked by an alias call too, and leaves no trace in tables, rollup or files', async () => {
      await ingest(personEvents(NOW - 2 * DAY));
      const bystander = { type: 'page', anonymousId: 'bystander-1', messageId: 'by-1', timestamp: iso(NOW - DAY), context: { page: { path: '/' }, campaign: { source: 'mail', name: 'printemps' } } };
      await t.app.ingest([bystander], { receivedAt: t.clock.now().getTime() });
      const id = await idOf({ userId: USER });
      const old = await idOf({ userId: OLD_USER });
      expect(id).not.toBeNull();
      expect(old).not.toBeNull();
      expect(old).not.toBe(id);
      // The inspector sees what is there before the erase.
      expect(await inspect.tablesHolding(CAMPAIGN)).toEqual(expect.arrayContaining(['events', 'contact_facts', 'facts_rollup']));
      if (driver.name === 'sqlite') expect(inspect.filesHolding(EMAIL)).not.toEqual([]);

      const erased = await call('DELETE', `/api/v1/contacts/${id}`);
      expect(erased.statusCode).toBe(200);
      expect(erased.json()).toEqual({ erased: true });
      for (const by of [{ userId: USER }, { userId: OLD_USER }, { anonymousId: ANON }, { email: EMAIL }]) expect(await idOf(by)).toBeNull();
      expect(await traces()).toEqual([]);
      expect(await inspect.tablesHolding('bystander-1')).toContain('identities');
      expect(await inspect.tablesHolding('printemps')).toContain('facts_rollup');
    });

    it('drops re-sent old events and late events naming an erased identity, as duplicates', async () => {
      expect(await ingest(personEvents(NOW - 2 * DAY))).toEqual({ accepted: 0, duplicates: 5 });
      const late = [
        { type: 'track', userId: USER, event: 'Chat Started', messageId: 'late-1', timestamp: iso(NOW - MINUTE) },
        { type: 'page', anonymousId: ANON, messageId: 'late-2', timestamp: iso(NOW - DAY), properties: { path: '/' } },
        { type: 'identify', anonymousId: 'fresh-device', messageId: 'late-3', timestamp: iso(NOW - DAY), traits: { email: EMAIL.toUpperCase() } },
      ];
      expect(await ingest(late)).toEqual({ accepted: 0, duplicates: 3 });
      for (const by of [{ userId: USER }, { anonymousId: ANON }, { anonymousId: 'fresh-device' }]) expect(await idOf(by)).toBeNull();
      expect(await traces()).toEqual([]);
    });

    it('lets the person come back with a new event of their own, timed after the erase', async () => {
      t.clock.advance(MINUTE);
      const back = { type: 'track', userId: USER, event: 'Signed Up', messageId: 'zq-back-1', timestamp: iso(t.clock.now().getTime()) };
      expect(await ingest([back])).toEqual({ accepted: 1, duplicates: 0 });
      const id = await idOf({ userId: USER });
      expect(id).not.toBeNull();
      expect((await t.store.events.of(id!, { limit: 50 })).filter((e) => !e.internal).map((e) => e.id)).toEqual(['zq-back-1']);
      // The old events still cannot join the new contact.
      expect(await ingest(personEvents(NOW - 2 * DAY))).toEqual({ accepted: 0, duplicates: 5 });
      expect(await idOf({ userId: OLD_USER })).toBeNull();
    });

    it('refuses to follow alias calls to more than 100 contacts, unless told to erase the contact alone', async () => {
      const linked = Array.from({ length: 101 }, (_, i) => `hub-linked-${i}`);
      await t.app.ingest(
        linked.flatMap((userId, i) => [
          { type: 'identify', userId, messageId: `hub-i-${i}`, timestamp: iso(NOW - DAY) },
          { type: 'alias', userId: 'hub-user', previousId: userId, messageId: `hub-a-${i}`, timestamp: iso(NOW - DAY + 1) },
        ]),
        { receivedAt: t.clock.now().getTime() },
      );
      const hub = await idOf({ userId: 'hub-user' });
      const refused = await call('DELETE', `/api/v1/contacts/${hub}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('too_many_linked_contacts');
      expect((await call('DELETE', `/api/v1/contacts/${hub}?followAliases=false`)).statusCode).toBe(200);
      expect(await idOf({ userId: 'hub-user' })).toBeNull();
      expect(await idOf({ userId: 'hub-linked-0' })).not.toBeNull();
    });
  });
}
