import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId } from '@leadpulse/core';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

// Issue 11: each of these answered 500 on PostgreSQL (NUL) or on both engines (nesting), and lost the whole batch.
for (const driver of testDrivers(import.meta.url)) {
  describe(`hostile events on ${driver.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer({ now: NOW, store: await driver.createStore() });
    });
    afterAll(async () => t?.close());

    const post = (url: string, body: string) =>
      t.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${t.writeKey}:`).toString('base64')}` }, payload: body });
    const stored = async (ids: string[]) => [...(await t.store.transaction((tx) => tx.existingEventIds(ids.map(eventId))))].sort();
    const issuesOf = (body: string) => (JSON.parse(body) as { error: { issues: { index: number; code: string; path: (string | number)[] }[] } }).error.issues.map((i) => `${i.index} ${i.code} ${i.path.slice(0, 3).join('.')}`);

    it('rejects an event with a NUL character anywhere, alone, with its path, and stores its batch-mates', async () => {
      const ok = (n: number) => ({ type: 'track', anonymousId: `ok-${n}`, event: 'Signed Up', messageId: `nul-ok-${n}` });
      const batch = [
        { type: 'track', anonymousId: 'n', event: 'Signed\u0000Up' },
        ok(1),
        { type: 'track', userId: 'u\u0000', event: 'x' },
        { type: 'track', anonymousId: 'a\u0000', event: 'x' },
        { type: 'track', anonymousId: 'n', event: 'x', messageId: 'm\u0000' },
        { type: 'track', anonymousId: 'n', event: 'x', properties: { plan: 'pro\u0000' } },
        { type: 'track', anonymousId: 'n', event: 'x', properties: { 'k\u0000': 1 } },
        { type: 'identify', anonymousId: 'n', traits: { email: 'a\u0000@example.fr' } },
        { type: 'page', anonymousId: 'n', context: { campaign: { source: '\u0000' } } },
        ok(2),
      ];
      const response = await post('/v1/batch', JSON.stringify({ batch }));
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'events_rejected', accepted: 2 });
      expect(issuesOf(response.body)).toEqual(['0 nul_byte event', '2 nul_byte userId', '3 nul_byte anonymousId', '4 nul_byte messageId', '5 nul_byte properties.plan', '6 nul_byte properties', '7 nul_byte traits.email', '8 nul_byte context.campaign.source']);
      expect(await stored(['nul-ok-1', 'nul-ok-2'])).toEqual(['nul-ok-1', 'nul-ok-2']);
    });

    it('rejects an event nested past 32 levels, alone, and answers 400 to a body too deep to be an envelope', async () => {
      const mate = JSON.stringify({ type: 'track', anonymousId: 'deep-mate', event: 'Signed Up', messageId: 'deep-mate' });
      // Over 32 KB in all, so the per-event size check runs too (it serializes each event).
      const padding = JSON.stringify({ type: 'track', anonymousId: 'deep-mate', event: 'Signed Up', messageId: 'deep-pad', properties: { pad: 'x'.repeat(30_000) } });
      const response = await post('/v1/batch', `{"batch":[{"type":"track","anonymousId":"d","event":"x","properties":{"p":${deepArray(5000)}}},${mate},${padding}]}`);
      expect(response.statusCode).toBe(400);
      expect(issuesOf(response.body)).toEqual(['0 too_deep properties.p.0']);
      expect(await stored(['deep-mate', 'deep-pad'])).toEqual(['deep-mate', 'deep-pad']);

      for (const body of [deepArray(100_000), `{"batch":${deepArray(100_000)}}`, `{"batch":[${deepArray(100_000)}]}`, `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`]) {
        const whole = await post('/v1/batch', body);
        expect(whole.statusCode, body.slice(0, 20)).toBe(400);
      }
      expect((await post('/v1/track', `{"anonymousId":"d","event":"x","context":${deepArray(40)}}`)).statusCode).toBe(400);
    });

    it('stores an event whose UTM values, landing path and email are 4 KB of random text', async () => {
      // Random, so PostgreSQL cannot compress it below its index entry limit: this answered 500 there.
      const big = () => randomBytes(3000).toString('base64');
      const visit = { type: 'identify', anonymousId: 'big-texts', messageId: 'big-texts', traits: { email: `${big()}@example.fr` }, context: { campaign: { source: big(), medium: big(), name: big() }, page: { path: `/${big()}` } } };
      const response = await post('/v1/batch', JSON.stringify({ batch: [visit] }));
      expect(response.statusCode, response.body).toBe(200);
      const report = await t.server.inject({ method: 'GET', url: '/api/v1/reports/tunnel?from=2026-10-01&to=2026-11-03&groupBy=source', headers: { authorization: `Bearer ${t.adminToken}` } });
      const groups = (report.json() as { groups: { group: string }[] }).groups.map((g) => g.group);
      expect(groups).toContain(visit.context.campaign.source.slice(0, 200));
    });

    it('rejects ids and names with a lone surrogate, and stores other texts with U+FFFD in its place, found again on both engines', async () => {
      const email = { type: 'identify', anonymousId: 'lone-email', messageId: 'lone-email', traits: { email: 'Lone\ud800@example.fr', ['note \udc00']: 'cut \ud83d' } };
      const response = await post('/v1/batch', JSON.stringify({ batch: [{ type: 'track', anonymousId: 'lone-\ud800', event: 'x' }, { type: 'track', anonymousId: 'x', event: 'Signed \udc00' }, email] }));
      expect(issuesOf(response.body)).toEqual(['0 invalid_unicode anonymousId', '1 invalid_unicode event']);
      // Twice: the second event must find the contact the first created.
      expect((await post('/v1/identify', JSON.stringify({ ...email, messageId: 'lone-email-2' }))).statusCode).toBe(200);
      const contact = await t.app.lookupContact({ email: 'lone\ufffd@example.fr' });
      if (!contact.ok) throw new Error('no contact for the email');
      expect(contact.value.identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual(['anonymous:lone-email', 'email:lone\ufffd@example.fr']);
      const [event] = await t.store.events.of(contact.value.record.id, { limit: 1 });
      expect(event?.traits).toEqual({ email: 'Lone\ufffd@example.fr', 'note \ufffd': 'cut \ufffd' });
      // Trait reports read the stored JSON in SQL; PostgreSQL refused the lone surrogate's escape there.
      const report = await t.server.inject({ method: 'GET', url: '/api/v1/reports/tunnel?from=2026-10-01&to=2026-11-03&groupBy=trait:note', headers: { authorization: `Bearer ${t.adminToken}` } });
      expect(report.statusCode, report.body).toBe(200);
    });
  });
}
