import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../test-support/sign-in.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const PASSWORD = 'une phrase de passe';
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

async function listen(t: TestServer): Promise<number> {
  await t.server.listen({ port: 0, host: '127.0.0.1' });
  const address = t.server.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Writes `chunks` to a raw socket, one every `everyMs`, and resolves with what the server sent and when it hung up. */
function trickle(port: number, chunks: string[], everyMs: number): Promise<{ received: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const next = (i: number) => {
      if (i >= chunks.length || socket.destroyed) return;
      socket.write(chunks[i]!);
      timer = setTimeout(() => next(i + 1), everyMs);
    };
    socket.on('connect', () => next(0));
    socket.on('data', (data) => (received += data.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
  });
}

describe('answers', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await createTestServer();
    await t.app.users.addUser({ email: 'ana@example.fr', role: 'sales', password: PASSWORD });
  });
  afterAll(async () => t.close());

  it('are never sniffed, and JSON is never cached', async () => {
    for (const request of [
      { method: 'GET' as const, url: '/api/v1/contacts', headers: { authorization: `Bearer ${t.adminToken}` } },
      { method: 'GET' as const, url: '/api/v1/contacts' },
      { method: 'GET' as const, url: '/health' },
    ]) {
      const response = await t.server.inject(request);
      expect(response.headers['x-content-type-options'], request.url).toBe('nosniff');
      expect(response.headers['cache-control'], request.url).toBe('no-store');
    }
  });

  it('let browsers send events from any page without credentials', async () => {
    const preflight = await t.server.inject({ method: 'OPTIONS', url: '/v1/batch', headers: { origin: 'https://www.example.fr' } });
    expect(preflight.headers['access-control-allow-origin']).toBe('https://www.example.fr');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const sent = await t.server.inject({ method: 'POST', url: '/v1/track', headers: { origin: 'https://www.example.fr', authorization: basic(t.writeKey), 'content-type': 'text/plain' }, payload: JSON.stringify({ anonymousId: 'a', event: 'x' }) });
    expect(sent.statusCode).toBe(200);
    expect(sent.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('say when a throttled sign-in may be retried', async () => {
    const attempt = () => t.server.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'ana@example.fr', password: 'not the password' }) });
    for (let i = 0; i < 10; i++) await attempt();
    const blocked = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
  });
});

describe('behind proxies', () => {
  const ipOf = async (t: TestServer, anonymousId: string) => {
    const found = await t.app.lookupContact({ anonymousId });
    return found.ok ? (await t.store.events.of(found.value.record.id, { limit: 1 }))[0]?.context.ip : null;
  };
  const send = (t: TestServer, anonymousId: string, forwardedFor: string) =>
    t.server.inject({ method: 'POST', url: '/v1/page', remoteAddress: '10.0.0.5', headers: { 'content-type': 'application/json', authorization: basic(t.writeKey), 'x-forwarded-for': forwardedFor }, payload: { anonymousId } });

  it('take the first untrusted address from the right, never the one the client wrote on the left', async () => {
    const oneHop = await createTestServer({ config: { trustProxy: 1 } });
    const listed = await createTestServer({ config: { trustProxy: ['10.0.0.0/8', '198.51.100.77'] } });
    try {
      await send(oneHop, 'hop', '203.0.113.1, 198.51.100.77');
      expect(await ipOf(oneHop, 'hop')).toBe('198.51.100.0');
      await send(listed, 'list', '203.0.113.1, 192.0.2.44, 198.51.100.77');
      expect(await ipOf(listed, 'list')).toBe('192.0.2.0');
    } finally {
      await oneHop.close();
      await listed.close();
    }
  });

  it('keep the sign-in throttle on the real client when the client forges X-Forwarded-For', async () => {
    const t = await createTestServer({ config: { trustProxy: 1 } });
    try {
      await t.app.users.addUser({ email: 'ana@example.fr', role: 'sales', password: PASSWORD });
      const attempt = (spoofed: string, password: string) =>
        t.server.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: '10.0.0.5', headers: { 'content-type': 'application/json', 'x-forwarded-for': `${spoofed}, 198.51.100.9` }, payload: JSON.stringify({ email: 'ana@example.fr', password }) });
      for (let i = 0; i < 10; i++) expect((await attempt(`203.0.113.${i}`, 'a wrong password')).statusCode).toBe(401);
      expect((await attempt('203.0.113.200', PASSWORD)).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  });
});

describe('slow clients', () => {
  let t: TestServer;
  let port: number;
  beforeAll(async () => {
    t = await createTestServer({ http: { timeouts: { headersMs: 500, requestMs: 1000, checkEveryMs: 100 } } });
    port = await listen(t);
  });
  afterAll(async () => t.close());

  it('are cut off when their headers never end', async () => {
    const headers = ['POST /v1/track HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 1\r\n', 'X-C: 1\r\n', 'X-D: 1\r\n', 'X-E: 1\r\n', 'X-F: 1\r\n'];
    const { received, closedAfterMs } = await trickle(port, headers, 300);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(2000);
  });

  it('are cut off when their body trickles in', async () => {
    const head = `POST /v1/track HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: ${basic(t.writeKey)}\r\nContent-Length: 100\r\n\r\n`;
    const { received, closedAfterMs } = await trickle(port, [head, ...'{"anonymousId":"slow","event":"x"}'.split('')], 200);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(2500);
  });

  it('still serve a request that arrives at a normal pace', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/v1/track`, { method: 'POST', headers: { authorization: basic(t.writeKey), 'content-type': 'application/json' }, body: JSON.stringify({ anonymousId: 'quick', event: 'x' }) });
    expect(response.status).toBe(200);
  });
});

describe('the live feed', () => {
  let t: TestServer;
  let port: number;
  beforeAll(async () => {
    t = await createTestServer({ http: { stageFeed: { maxStreams: 3, maxStreamsPerCaller: 2, pollMs: 50 } } });
    await t.app.users.addUser({ email: 'ana@example.fr', role: 'sales', password: PASSWORD });
    port = await listen(t);
  });
  afterAll(async () => t.close());

  it('caps open streams per caller and in all, and frees a place when a stream closes', async () => {
    const controllers: AbortController[] = [];
    const open = async (headers: Record<string, string>) => {
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/events/stage-changes?backlog=0`, { headers, signal: controller.signal });
      if (response.status === 200) controllers.push(controller);
      else controller.abort();
      return response;
    };
    const token = { authorization: `Bearer ${t.adminToken}` };
    const session = await signIn(t.server, 'ana@example.fr', PASSWORD);
    const cookie = { cookie: session.cookie };
    try {
      expect((await open(token)).status).toBe(200);
      expect((await open(token)).status).toBe(200);
      const perCaller = await open(token);
      expect(perCaller.status).toBe(429);
      expect(perCaller.headers.get('retry-after')).toBe('30');
      expect((await open(cookie)).status).toBe(200);
      expect((await open(cookie)).status).toBe(429);
      controllers.shift()!.abort();
      await expect.poll(async () => (await open(cookie)).status, { timeout: 2000 }).toBe(200);
    } finally {
      for (const controller of controllers) controller.abort();
    }
  });
});
