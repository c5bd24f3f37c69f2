import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

// The real, unmodified Node SDK, pointed at LeadPulse by changing only its host.
describe('@segment/analytics-node against a listening LeadPulse', () => {
  let t: TestServer;
  let host: string;
  beforeAll(async () => {
    t = await createTestServer({ now: Date.now() });
    await t.server.listen({ port: 0, host: '127.0.0.1' });
    const address = t.server.server.address();
    host = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => t.close());

  it('lands every call type, merges the anonymous history and classifies the contact', async () => {
    const analytics = new Analytics({ writeKey: t.writeKey, host, flushInterval: 50, maxEventsInBatch: 5 });
    const errors: unknown[] = [];
    analytics.on('error', (error) => errors.push(error));
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
    analytics.page({ anonymousId: 'sdk-anon', name: 'Accueil', properties: { path: '/' }, timestamp: at(12) });
    analytics.page({ anonymousId: 'sdk-anon', name: 'Tarifs', properties: { path: '/tarifs' }, timestamp: at(10) });
    analytics.page({ anonymousId: 'sdk-anon', name: 'Tarifs', properties: { path: '/tarifs' }, timestamp: at(8) });
    analytics.identify({ anonymousId: 'sdk-anon', userId: 'sdk-user', traits: { email: 'sdk@example.fr', name: 'Léa Martin' }, timestamp: at(7) });
    analytics.track({ userId: 'sdk-user', event: 'Call Logged', properties: { durationSeconds: 300 }, timestamp: at(6) });
    analytics.group({ userId: 'sdk-user', groupId: 'acme', traits: { name: 'Acme SARL' }, timestamp: at(5) });
    analytics.alias({ userId: 'sdk-user', previousId: 'legacy-crm-42', timestamp: at(4) });
    analytics.screen({ userId: 'sdk-user', name: 'Mobile home', timestamp: at(3) });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toEqual([]);

    const found = await t.app.lookupContact({ userId: 'sdk-user' });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    const { record, identities } = found.value;
    expect(record.stage).toBe('hot');
    expect(record.reasons[0]?.conditions.map((c) => c.text).join(' ')).toMatch(/call/);
    expect(identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual(['anonymous:sdk-anon', 'email:sdk@example.fr', 'user:sdk-user']);
    const types = new Set((await t.store.events.of(record.id, { limit: 50 })).filter((e) => !e.internal).map((e) => e.type));
    expect([...types].sort()).toEqual(['alias', 'group', 'identify', 'page', 'screen', 'track']);
    expect(record.state.tallies['offer']?.n).toBe(2);
  });
});
