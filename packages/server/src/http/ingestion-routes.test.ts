import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
let t: TestServer;
beforeAll(async () => {
  t = await createTestServer({ now: T0 });
});
afterAll(async () => t.close());

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.server.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', authorization: basic(t.writeKey), ...headers },
    payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
  });
const lookup = async (anonymousId: string) => {
  const found = await t.app.lookupContact({ anonymousId });
  return found.ok ? found.value.record : null;
};

describe('Segment-compatible ingestion endpoints', () => {
  const calls: [string, string, Record<string, unknown>][] = [
    ['track', 't', { event: 'Signed Up' }],
    ['identify', 'i', { traits: { email: 'x@example.fr' } }],
    ['page', 'p', { name: 'Tarifs', properties: { path: '/tarifs' } }],
    ['screen', 's', { name: 'Home' }],
    ['group', 'g', { groupId: 'acme' }],
    ['alias', 'a', { previousId: 'old-id', userId: 'new-user' }],
  ];
  it.each(calls)('POST /v1/%s and /v1/%s store the event with the implied type', async (type, letter, body) => {
    for (const path of [`/v1/${type}`, `/v1/${letter}`]) {
      const anonymousId = `${type}-${path.length}`;
      const response = await post(path, { anonymousId, ...body });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ success: true });
      const found = await t.app.lookupContact(type === 'alias' ? { userId: 'new-user' } : { anonymousId });
      expect(found.ok).toBe(true);
      if (!found.ok) continue;
      const events = await t.store.events.of(found.value.record.id, { limit: 10 });
      expect(events.some((e) => e.type === type)).toBe(true);
    }
  });

  it('accepts /v1/batch and /v1/b with shared context and sentAt applied to each event', async () => {
    const sentAt = new Date(T0 - 60_000).toISOString();
    const response = await post('/v1/b', {
      sentAt,
      context: { campaign: { source: 'newsletter' } },
      batch: [
        { type: 'page', anonymousId: 'batch-1', properties: { path: '/' }, timestamp: new Date(T0 - 120_000).toISOString() },
        { type: 'track', anonymousId: 'batch-1', event: 'Form Submitted', timestamp: new Date(T0 - 90_000).toISOString() },
      ],
    });
    expect(response.statusCode).toBe(200);
    const record = await lookup('batch-1');
    expect(record?.stage).toBe('warm');
    expect(record?.state.firstTouch?.source).toBe('newsletter');
  });

  it('corrects the sender clock skew with sentAt', async () => {
    // The sender's clock is one hour ahead: timestamp and sentAt are both shifted by +1 h.
    const skew = 3_600_000;
    const receivedAt = t.app.now();
    await post('/v1/track', { anonymousId: 'skewed', event: 'Call Logged', timestamp: new Date(receivedAt + skew - 5000).toISOString(), sentAt: new Date(receivedAt + skew).toISOString() });
    const [event] = (await t.store.events.of((await lookup('skewed'))!.id, { limit: 5 })).filter((e) => !e.internal);
    expect(Math.abs(event!.at - (receivedAt - 5000))).toBeLessThan(2000);
  });

  it('accepts text/plain and gzip bodies, as browsers and SDKs send them', async () => {
    const plain = await post('/v1/track', JSON.stringify({ anonymousId: 'plain', event: 'Chat Started' }), { 'content-type': 'text/plain' });
    expect(plain.statusCode).toBe(200);
    const gz = await post('/v1/batch', gzipSync(JSON.stringify({ batch: [{ type: 'track', anonymousId: 'gz', event: 'Demo Requested' }] })), { 'content-encoding': 'gzip' });
    expect(gz.statusCode).toBe(200);
    expect((await lookup('plain'))?.stage).toBe('hot');
    expect((await lookup('gz'))?.stage).toBe('hot');
  });

  it('takes the write key from the body when there is no Basic auth', async () => {
    const response = await t.server.inject({ method: 'POST', url: '/v1/track', headers: { 'content-type': 'application/json' }, payload: { writeKey: t.writeKey, anonymousId: 'body-key', event: 'x' } });
    expect(response.statusCode).toBe(200);
  });

  it('deduplicates by messageId: a retried batch changes nothing', async () => {
    const batch = { batch: [{ type: 'track', anonymousId: 'retry', event: 'Call Logged', messageId: 'm-1' }] };
    await post('/v1/batch', batch);
    const before = await lookup('retry');
    expect((await post('/v1/batch', batch)).statusCode).toBe(200);
    const after = await lookup('retry');
    expect(after?.state).toEqual(before?.state);
    expect(await t.store.events.of(after!.id, { limit: 10 })).toHaveLength(1 + 1); // the event and its Stage Changed
  });

  it('truncates client IPs and flags crawlers without classifying them', async () => {
    await post('/v1/page', { anonymousId: 'crawler', properties: { path: '/tarifs' } }, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
    await post('/v1/page', { anonymousId: 'crawler', properties: { path: '/tarifs' }, context: { ip: '198.51.100.77' } }, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' });
    const record = await lookup('crawler');
    const events = await t.store.events.of(record!.id, { limit: 5 });
    expect(events.every((e) => e.bot)).toBe(true);
    expect(events.map((e) => e.context.ip)).toContain('198.51.100.0');
    expect(JSON.stringify(events)).not.toContain('198.51.100.77');
    expect(record?.state.tallies['page']).toBeUndefined();
    // A crawler is not a person: it is kept out of stage counts and contact lists.
    const listed = await t.app.listContacts({ limit: 500 });
    expect(listed.views.map((v) => v.record.id)).not.toContain(record!.id);
  });
});

describe('bad input gets a clear error and loses nothing', () => {
  it('answers 401 without a write key and with a wrong one', async () => {
    const none = await t.server.inject({ method: 'POST', url: '/v1/track', headers: { 'content-type': 'application/json' }, payload: { anonymousId: 'a', event: 'x' } });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('missing_write_key');
    const wrong = await post('/v1/track', { anonymousId: 'a', event: 'x' }, { authorization: basic('lpw_wrong') });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_write_key');
  });

  it('answers 400 invalid_json for malformed JSON and invalid_body for a non-array batch', async () => {
    const malformed = await post('/v1/track', '{"anonymousId": "a", event: }');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');
    const notArray = await post('/v1/batch', { batch: { type: 'track' } });
    expect(notArray.json().error).toMatchObject({ code: 'invalid_body', issues: [{ path: ['batch'] }] });
  });

  it('lists rejected events by index and path and keeps the valid ones', async () => {
    const response = await post('/v1/batch', {
      batch: [
        { type: 'track', anonymousId: 'mixed', event: 'Chat Started' },
        { type: 'track', anonymousId: 'mixed' },
        { type: 'page', userId: 42.5, anonymousId: ['not', 'a', 'string'] },
        { type: 'teleport', anonymousId: 'mixed' },
      ],
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('events_rejected');
    expect(error.accepted).toBe(1);
    expect(error.issues.map((i: { index: number; path: string[] }) => [i.index, i.path.join('.')])).toEqual([
      [1, 'event'],
      [2, 'anonymousId'],
      [3, 'type'],
    ]);
    expect((await lookup('mixed'))?.stage).toBe('hot');
  });

  it('answers 413 for a body over 500 KB, compressed or not, and rejects only the event over 32 KB', async () => {
    const huge = JSON.stringify({ batch: [{ type: 'track', anonymousId: 'big', event: 'x', properties: { blob: 'a'.repeat(600 * 1024) } }] });
    expect((await post('/v1/batch', huge)).statusCode).toBe(413);
    const bomb = await post('/v1/batch', gzipSync(huge), { 'content-encoding': 'gzip' });
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().error.code).toBe('payload_too_large');
    const oneTooBig = await post('/v1/batch', {
      batch: [
        { type: 'track', anonymousId: 'size', event: 'Signed Up' },
        { type: 'track', anonymousId: 'size', event: 'x', properties: { blob: 'a'.repeat(40 * 1024) } },
      ],
    });
    expect(oneTooBig.statusCode).toBe(400);
    expect(oneTooBig.json().error.issues).toEqual([expect.objectContaining({ index: 1, code: 'event_too_large' })]);
    expect((await lookup('size'))?.stage).toBe('warm');
  });

  it('answers 415 for an unknown content encoding', async () => {
    const response = await post('/v1/track', 'xx', { 'content-encoding': 'br' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_encoding');
  });

  it('survives 10,000 events of random junk mixed with valid events: valid ones kept, nothing corrupted', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const junkValues = [null, 42, -1, 'text', '', [], {}, true, { nested: { deeper: [1, 2] } }, '💥'.repeat(50), 1e308, 'x'.repeat(300)];
    const junk = () => {
      const event: Record<string, unknown> = {};
      for (const field of ['type', 'userId', 'anonymousId', 'event', 'properties', 'traits', 'context', 'timestamp', 'sentAt', 'messageId', 'previousId']) {
        if (random() < 0.5) event[field] = junkValues[Math.floor(random() * junkValues.length)];
      }
      return random() < 0.1 ? junkValues[Math.floor(random() * junkValues.length)] : event;
    };
    const valid = new Set<number>();
    let rejected = 0;
    for (let request = 0; request < 20; request++) {
      const batch = Array.from({ length: 500 }, (_, i) => {
        const n = request * 500 + i;
        if (n % 5 === 0) {
          valid.add(n);
          return { type: 'track', anonymousId: `junk-valid-${(n / 5) % 50}`, event: 'Signed Up', messageId: `junk-${n}` };
        }
        return junk();
      });
      const response = await post('/v1/batch', { batch });
      expect([200, 400]).toContain(response.statusCode);
      if (response.statusCode === 400) rejected += new Set(response.json().error.issues.map((i: { index: number }) => i.index)).size;
    }
    expect(rejected).toBeGreaterThan(7000);
    for (let k = 0; k < 50; k++) {
      const record = await lookup(`junk-valid-${k}`);
      expect(record?.stage).toBe('warm');
      expect(record?.state.tallies['e:Signed Up']?.n).toBe(40);
    }
    expect((await t.server.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('answers CORS preflights and rejects origins a key does not allow', async () => {
    const preflight = await t.server.inject({ method: 'OPTIONS', url: '/v1/batch', headers: { origin: 'https://www.example.fr', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://www.example.fr');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('Content-Type');
    const restricted = await t.app.createKey('write', { label: 'site', allowedOrigins: ['https://www.example.fr'] });
    const allowed = await post('/v1/track', { anonymousId: 'o1', event: 'x' }, { authorization: basic(restricted.secret), origin: 'https://www.example.fr' });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://www.example.fr');
    const denied = await post('/v1/track', { anonymousId: 'o2', event: 'x' }, { authorization: basic(restricted.secret), origin: 'https://evil.example' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('origin_not_allowed');
  });
});

describe('behind a proxy', () => {
  it('reads the client address from X-Forwarded-For only when LEADPULSE_TRUST_PROXY is on, and still truncates it', async () => {
    const proxied = await createTestServer({ now: T0, config: { trustProxy: 1 } });
    try {
      const send = (server: typeof proxied) =>
        server.server.inject({ method: 'POST', url: '/v1/page', remoteAddress: '10.0.0.5', headers: { 'content-type': 'application/json', authorization: basic(server.writeKey), 'x-forwarded-for': '198.51.100.77' }, payload: { anonymousId: 'behind-lb' } });
      await send(proxied);
      await send(t);
      const ipOf = async (server: typeof proxied) => {
        const found = await server.app.lookupContact({ anonymousId: 'behind-lb' });
        return found.ok ? (await server.store.events.of(found.value.record.id, { limit: 1 }))[0]?.context.ip : null;
      };
      expect(await ipOf(proxied)).toBe('198.51.100.0');
      expect(await ipOf(t)).toBe('10.0.0.0');
    } finally {
      await proxied.close();
    }
  });
});
