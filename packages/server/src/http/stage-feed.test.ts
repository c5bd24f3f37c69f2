import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
let base: string;
const NOW = Date.UTC(2026, 10, 2, 9);
const auth = () => ({ authorization: `Bearer ${t.adminToken}` });

async function ingest(events: unknown[]) {
  const response = await t.server.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: `Basic ${Buffer.from(`${t.writeKey}:`).toString('base64')}` }, payload: { batch: events } });
  expect(response.statusCode).toBe(200);
}

/** Reads server-sent events until `enough` says so or `maxMs` pass, then closes the stream. */
async function readEvents(path: string, options: { headers?: Record<string, string>; enough: (events: Sse[]) => boolean; maxMs: number; during?: () => Promise<void> }) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.maxMs);
  const response = await fetch(`${base}${path}`, { headers: { ...auth(), ...options.headers }, signal: controller.signal });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: Sse[] = [];
  let buffer = '';
  void options.during?.();
  try {
    while (!options.enough(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id && data) events.push({ id, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

type Sse = { id: string; data: Record<string, unknown> };

beforeAll(async () => {
  t = await createTestServer({ now: NOW });
  await t.server.listen({ port: 0, host: '127.0.0.1' });
  const address = t.server.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const at = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
  await ingest([
    { type: 'identify', anonymousId: 'v1', traits: { email: 'claire@exemple.fr' }, timestamp: at(30) },
    { type: 'track', anonymousId: 'v1', event: 'Chat Started', timestamp: at(29) },
  ]);
});
afterAll(() => t?.close());

it('streams the newest stage changes first, labelled in both languages, then new ones as they happen', async () => {
  const events = await readEvents('/api/v1/events/stage-changes', {
    maxMs: 10_000,
    enough: (seen) => seen.some((e) => e.data['email'] === 'marc@exemple.fr'),
    during: () => ingest([{ type: 'identify', anonymousId: 'v2', traits: { email: 'marc@exemple.fr' }, timestamp: new Date(NOW - 60_000).toISOString() }, { type: 'track', anonymousId: 'v2', event: 'Call Logged', timestamp: new Date(NOW - 50_000).toISOString() }]),
  });
  const claire = events.find((e) => e.data['email'] === 'claire@exemple.fr')!;
  expect(claire.data).toMatchObject({ to: 'hot', labels: { to: { en: expect.any(String), fr: expect.any(String) } } });
  expect((claire.data['reasons'] as unknown[]).length).toBeGreaterThan(0);
  const marc = events.find((e) => e.data['email'] === 'marc@exemple.fr')!;
  expect(marc.data['to']).toBe('hot');
  // Resuming after the last change seen sends nothing old again.
  const resumed = await readEvents('/api/v1/events/stage-changes', { headers: { 'last-event-id': marc.id }, maxMs: 2500, enough: () => false });
  expect(resumed).toEqual([]);
}, 30_000);

it('needs the admin token and a well-formed cursor', async () => {
  expect((await fetch(`${base}/api/v1/events/stage-changes`)).status).toBe(401);
  const bad = await fetch(`${base}/api/v1/events/stage-changes?after=yesterday`, { headers: auth() });
  expect(bad.status).toBe(400);
  expect((await bad.json()).error.code).toBe('invalid_query');
});

it('ends open streams when the server closes, so shutting down does not wait for browsers', async () => {
  const own = await createTestServer({ now: NOW });
  await own.server.listen({ port: 0, host: '127.0.0.1' });
  const address = own.server.server.address();
  const response = await fetch(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/events/stage-changes`, { headers: auth() });
  const reader = response.body!.getReader();
  await reader.read();
  const started = Date.now();
  await own.close();
  expect(Date.now() - started).toBeLessThan(5000);
  // The stream ended rather than being cut.
  let done = false;
  while (!done) done = (await reader.read()).done;
});
