import { MINUTE } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9);
const iso = (ms: number) => new Date(ms).toISOString();
const T0 = NOW - 60 * MINUTE;

// Two devices, one of them merged in on identify, and an older userId linked by an alias call.
const events = [
  { type: 'page', anonymousId: 'ex-laptop', messageId: 'ex-1', timestamp: iso(T0), properties: { path: '/tarifs' }, context: { page: { path: '/tarifs' }, campaign: { source: 'google', medium: 'cpc', name: 'brand' } } },
  { type: 'identify', anonymousId: 'ex-phone', userId: 'ex-user', messageId: 'ex-2', timestamp: iso(T0 + MINUTE), traits: { email: 'Export.Me@example.fr', city: 'Lyon' } },
  { type: 'identify', anonymousId: 'ex-laptop', userId: 'ex-user', messageId: 'ex-3', timestamp: iso(T0 + 2 * MINUTE) },
  { type: 'track', userId: 'ex-user', event: 'Demo Requested', messageId: 'ex-4', timestamp: iso(T0 + 3 * MINUTE) },
  { type: 'track', userId: 'ex-old', event: 'Signed Up', messageId: 'ex-5', timestamp: iso(T0 - MINUTE) },
  { type: 'alias', userId: 'ex-user', previousId: 'ex-old', messageId: 'ex-6', timestamp: iso(T0 + 4 * MINUTE) },
];

for (const driver of testDrivers(import.meta.url)) {
  describe(`GDPR export on ${driver.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer({ now: NOW, store: await driver.createStore() });
      for (const event of events) await t.app.ingest([event], { receivedAt: NOW });
    });
    afterAll(async () => t.close());
    const get = (url: string) => t.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.adminToken}` } });

    it('exports everything held about the person: contact, identities, traits, events, stage history, merges, facts', async () => {
      const found = await t.app.lookupContact({ userId: 'ex-user' });
      if (!found.ok) throw new Error('not ingested');
      const id = found.value.record.id;
      const response = await get(`/api/v1/contacts/${id}/export`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.contactId).toBe(id);
      expect(body.exportedAt).toBe(iso(NOW));
      const [person, old] = body.contacts;
      expect(person.contact).toMatchObject({ id, userId: 'ex-user', email: 'export.me@example.fr' });
      expect(person.identities.map((i: { kind: string; value: string }) => `${i.kind}:${i.value}`).sort()).toEqual(['anonymous:ex-laptop', 'anonymous:ex-phone', 'email:export.me@example.fr', 'user:ex-user']);
      expect(person.traits).toEqual({ email: 'Export.Me@example.fr', city: 'Lyon' });
      expect(person.events.filter((e: { internal: boolean }) => !e.internal).map((e: { id: string }) => e.id)).toEqual(['ex-1', 'ex-2', 'ex-3', 'ex-4', 'ex-6']);
      expect(person.events[0]).toMatchObject({ at: iso(T0), context: { campaign: { name: 'brand' } } });
      expect(person.stageHistory.length).toBeGreaterThan(0);
      expect(person.merges).toHaveLength(1);
      expect(person.merges[0].identities).toEqual([{ kind: 'anonymous', value: 'ex-laptop' }]);
      expect(person.absorbedContacts).toHaveLength(1);
      expect(person.facts).toMatchObject({ firstSeenAt: iso(T0), firstSource: 'google', firstCampaign: 'brand' });
      expect(old.contact.userId).toBe('ex-old');
      expect(old.events.map((e: { id: string }) => e.id)).toContain('ex-5');
    });

    it('exports the contact alone with ?followAliases=false, and answers 404 for an unknown id', async () => {
      const found = await t.app.lookupContact({ userId: 'ex-user' });
      const id = found.ok ? found.value.record.id : '';
      expect((await get(`/api/v1/contacts/${id}/export?followAliases=false`)).json().contacts).toHaveLength(1);
      expect((await get(`/api/v1/contacts/${id}/export?followAliases=maybe`)).statusCode).toBe(400);
      expect((await get('/api/v1/contacts/ct_nobody/export')).json().error.code).toBe('contact_not_found');
    });
  });
}
