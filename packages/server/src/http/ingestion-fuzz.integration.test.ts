import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId } from '@leadpulse/core';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { encodeBody, hostileEvent, hostileRequest, validEvent, type HostileRequest } from '../test-support/hostile-input.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

// Issue 11's goal is 0 5xx across 100,000 payloads with every valid event kept: LEADPULSE_FUZZ_RUNS=100000
// runs that many per engine (minutes); the default keeps the suite fast. A payload is one event or one whole body.
// Rounds use seeds SEED, SEED + 1, …; LEADPULSE_FUZZ_SEED=<the seed fast-check prints> replays a failing round first.
const PAYLOADS = Number(process.env['LEADPULSE_FUZZ_RUNS'] ?? 1500);
const SEED = Number(process.env['LEADPULSE_FUZZ_SEED'] ?? Date.now() % 2 ** 30);
const ROUND = 100;
const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const MAX_BODY = 500 * 1024;

type Item = { readonly valid: boolean; readonly event: unknown };
interface MixedRequest {
  readonly kind: 'mixed';
  readonly items: readonly Item[];
  readonly url: string;
  readonly gzip: boolean;
  readonly contentType: string;
  readonly keyInBody: boolean;
  readonly sharedSentAt: boolean;
}

const item = fc.oneof(validEvent(NOW).map((event): Item => ({ valid: true, event })), hostileEvent(NOW).map((event): Item => ({ valid: false, event })));
const mixedRequest: fc.Arbitrary<MixedRequest> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ items: fc.array(item, { minLength: 1, maxLength: 9 }), url: fc.constantFrom('/v1/batch', '/v1/b', '/v1/import'), keyInBody: fc.boolean(), sharedSentAt: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ items: item.map((i) => [i]), url: fc.constantFrom('/v1/track', '/v1/i', '/v1/page', '/v1/s', '/v1/group', '/v1/a'), keyInBody: fc.constant(false), sharedSentAt: fc.constant(false) }) },
).chain((base) => fc.record({ gzip: fc.boolean(), contentType: fc.constantFrom('application/json', 'text/plain') }).map((rest) => ({ kind: 'mixed' as const, ...base, ...rest })));

for (const driver of testDrivers(import.meta.url)) {
  describe(`ingestion under hostile input on ${driver.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer({ now: NOW, store: await driver.createStore() });
    });
    afterAll(async () => t?.close());

    const tally = { payloads: 0, requests: 0, validKept: 0, statuses: {} as Record<number, number> };
    let nextId = 0;
    const send = async (url: string, headers: Record<string, string>, body: Buffer) => {
      const response = await t.server.inject({ method: 'POST', url, headers, payload: body });
      tally.requests++;
      tally.statuses[response.statusCode] = (tally.statuses[response.statusCode] ?? 0) + 1;
      expect(response.statusCode, `${url} answered ${response.body.slice(0, 300)}`).toBeLessThan(500);
      return response;
    };

    const sendHostile = async (request: HostileRequest) => {
      tally.payloads++;
      await send(request.url, request.headers, request.body);
    };

    const sendMixed = async (request: MixedRequest) => {
      tally.payloads += request.items.length;
      const ids: string[] = [];
      const events = request.items.map(({ valid, event }) => {
        if (!valid) return event;
        const id = `fuzz-${driver.name}-${nextId++}`;
        ids.push(id);
        return { ...(event as object), messageId: id };
      });
      const batch = request.url.startsWith('/v1/b') || request.url === '/v1/import';
      const envelope = batch ? { batch: events, ...(request.sharedSentAt ? { sentAt: new Date(NOW).toISOString() } : {}), ...(request.keyInBody ? { writeKey: t.writeKey } : {}) } : events[0];
      const json = encodeBody(envelope);
      const headers: Record<string, string> = { 'content-type': request.contentType };
      if (!request.keyInBody) headers['authorization'] = `Basic ${Buffer.from(`${t.writeKey}:`).toString('base64')}`;
      if (request.gzip) headers['content-encoding'] = 'gzip';
      const response = await send(request.url, headers, request.gzip ? gzipSync(json) : json);
      if (json.length > MAX_BODY) {
        expect(response.statusCode).toBe(413);
        return;
      }
      if (ids.length === 0) return;

      const validIndexes = request.items.flatMap((it, index) => (it.valid ? [index] : []));
      if (response.statusCode !== 200) {
        const error = response.json().error as { code: string; issues: { index: number }[] };
        expect(error.code, response.body.slice(0, 300)).toBe('events_rejected');
        expect(error.issues.filter((i) => validIndexes.includes(i.index)), 'a valid event was rejected').toEqual([]);
      }
      const stored = await t.store.transaction((tx) => tx.existingEventIds(ids.map(eventId)));
      expect([...stored].sort(), 'every valid event is stored').toEqual([...ids].sort());
      tally.validKept += stored.size;
    };

    it(
      `answers no 5xx and stores every valid event of mixed batches, over ${PAYLOADS} payloads`,
      async () => {
        const request = fc.oneof({ weight: 3, arbitrary: mixedRequest }, { weight: 1, arbitrary: hostileRequest(NOW, t.writeKey) });
        for (let round = 0; tally.payloads < PAYLOADS; round++) {
          // No shrinking: replaying bodies of hundreds of KB outlasts the timeout. The printed seed replays the round.
          await fc.assert(
            fc.asyncProperty(request, (r) => ('kind' in r ? sendMixed(r) : sendHostile(r))),
            { numRuns: ROUND, seed: SEED + round, endOnFailure: true },
          );
        }
        // The server is still up and ingesting.
        const after = await send('/v1/track', { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${t.writeKey}:`).toString('base64')}` }, Buffer.from(JSON.stringify({ anonymousId: 'after-fuzz', event: 'Signed Up' })));
        expect(after.statusCode).toBe(200);
        if (process.env['LEADPULSE_FUZZ_RUNS']) console.info(`fuzz on ${driver.name}: seed ${SEED}, ${JSON.stringify(tally)}`);
      },
      60_000 + PAYLOADS * 20,
    );

    it('serves what the fuzz stored: contacts, their timelines and every report, as JSON and CSV', async () => {
      const get = async (url: string) => {
        const response = await t.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.adminToken}` } });
        expect(response.statusCode, `${url} answered ${response.body.slice(0, 300)}`).toBe(200);
        return response;
      };
      const { contacts } = (await get('/api/v1/contacts?limit=100')).json() as { contacts: { id: string }[] };
      expect(contacts.length).toBeGreaterThan(0);
      for (const { id } of contacts) await Promise.all([get(`/api/v1/contacts/${id}`), get(`/api/v1/contacts/${id}/timeline`)]);
      const period = 'from=2000-01-01&to=2026-11-03';
      for (const name of ['tunnel', 'blocking-points', 'costs', 'campaigns', 'doctrine-check']) for (const format of ['json', 'csv']) await get(`/api/v1/reports/${name}?${period}&format=${format}`);
      for (const groupBy of ['source', 'medium', 'campaign', 'landing', 'last-source', 'cohort', 'trait:plan', 'trait:__proto__']) await get(`/api/v1/reports/tunnel?${period}&groupBy=${groupBy}&format=csv`);
    }, 60_000 + PAYLOADS * 2);
  });
}
