import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const MIN = 60_000;
let t: TestServer;
const get = (url: string, token = t.adminToken) => t.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.server.inject({ method, url, headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });

beforeAll(async () => {
  t = await createTestServer({ now: T0 });
  const at = (m: number) => new Date(T0 - m * MIN).toISOString();
  await t.app.ingest(
    [
      { type: 'page', anonymousId: 'a-cold', properties: { path: '/' }, timestamp: at(10) },
      { type: 'page', anonymousId: 'a-cold', properties: { path: '/fonctionnalites' }, timestamp: at(8) },
      { type: 'page', anonymousId: 'a-cold', properties: { path: '/blog/x' }, timestamp: at(5) },
      { type: 'identify', anonymousId: 'a-hot', userId: 'u-hot', traits: { email: 'Hot@Example.fr', firstName: 'Inès' }, timestamp: at(4) },
      { type: 'track', userId: 'u-hot', event: 'Demo Requested', messageId: 'demo-1', timestamp: at(3) },
      ...Array.from({ length: 7 }, (_, i) => ({ type: 'track', anonymousId: `filler-${i}`, event: 'Signed Up', timestamp: at(2) })),
    ],
    { receivedAt: T0 },
  );
});
afterAll(async () => t.close());

describe('admin API', () => {
  it('requires a bearer admin token on every /api/v1 route, but serves the OpenAPI document openly', async () => {
    expect((await t.server.inject({ method: 'GET', url: '/api/v1/contacts' })).json().error.code).toBe('missing_admin_token');
    const wrong = await get('/api/v1/contacts', 'nope');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_admin_token');
    // A write key is not an admin token.
    expect((await get('/api/v1/doctrine', t.writeKey)).statusCode).toBe(401);
    const openapi = await t.server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(openapi.statusCode).toBe(200);
    expect(Object.keys(openapi.json().paths)).toEqual(expect.arrayContaining(['/v1/batch', '/v1/t', '/api/v1/contacts', '/api/v1/contacts/lookup', '/api/v1/doctrine/preview', '/api/v1/reports/stages']));
  });

  it('serves liveness and readiness', async () => {
    expect((await t.server.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.server.inject({ method: 'GET', url: '/ready' })).json()).toEqual({ status: 'ready' });
  });

  it('looks a contact up by email, userId or anonymousId and returns the pinned document with reasons', async () => {
    const byEmail = await get('/api/v1/contacts/lookup?email=hot@example.fr&lang=fr');
    expect(byEmail.statusCode).toBe(200);
    const doc = byEmail.json();
    expect(doc).toMatchObject({ userId: 'u-hot', anonymousIds: ['a-hot'], email: 'hot@example.fr', stage: 'hot', stageLabel: 'Lead (chaud)', traits: { firstName: 'Inès' } });
    expect(doc.reasons[0].conditions[0]).toMatchObject({ text: expect.stringContaining('demo request'), evidence: ['demo-1'] });
    expect(doc.aggregates.signals.demoRequests).toEqual({ lifetime: 1, last30d: 1, last90d: 1, last365d: 1 });
    expect((await get('/api/v1/contacts/lookup?userId=u-hot')).json().id).toBe(doc.id);
    expect((await get('/api/v1/contacts/lookup?anonymousId=a-hot')).json().id).toBe(doc.id);
    expect((await get('/api/v1/contacts/lookup?userId=ghost')).statusCode).toBe(404);
    expect((await get('/api/v1/contacts/lookup')).json().error.code).toBe('invalid_query');
  });

  it('lists contacts by stage and search, paginated with a cursor', async () => {
    const hot = (await get('/api/v1/contacts?stage=hot')).json();
    expect(hot.contacts.map((c: { userId: string }) => c.userId)).toEqual(['u-hot']);
    expect((await get('/api/v1/contacts?q=HOT@example')).json().contacts).toHaveLength(1);
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const body = (await get(`/api/v1/contacts?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...body.contacts.map((c: { id: string }) => c.id));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    expect((await get('/api/v1/contacts?limit=0')).statusCode).toBe(400);
    expect((await get('/api/v1/contacts?segment=vip')).json().error.code).toBe('segment_not_found');
  });

  it('shows a contact, its timeline, its stage history and its current explanation', async () => {
    const { id } = (await get('/api/v1/contacts/lookup?userId=u-hot')).json();
    expect((await get(`/api/v1/contacts/${id}`)).json().stage).toBe('hot');
    const timeline = (await get(`/api/v1/contacts/${id}/timeline`)).json().entries;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['event', 'stage_change']));
    const history = (await get(`/api/v1/contacts/${id}/history`)).json().changes;
    expect(history).toEqual([expect.objectContaining({ from: null, to: 'hot', cause: 'event' })]);
    const explained = (await get(`/api/v1/contacts/${id}/explain`)).json();
    expect(explained).toMatchObject({ stage: 'hot', nextChangeAt: new Date(T0 - 3 * MIN + 30 * 24 * 60 * MIN).toISOString() });
    expect((await get('/api/v1/contacts/ct_missing')).statusCode).toBe(404);
  });

  it('previews and saves a doctrine, keeps versions and answers 422 with paths for an invalid one', async () => {
    const active = (await get('/api/v1/doctrine')).json();
    expect(active).toMatchObject({ version: 1, active: true, doctrine: { preset: 'suspect-prospect-lead' } });
    const doctrine = structuredClone(active.doctrine);
    doctrine.stages.find((s: { key: string }) => s.key === 'warm').when = { any: [{ event: 'Trial Started', within: '90d' }] };
    const preview = await send('POST', '/api/v1/doctrine/preview', doctrine);
    expect(preview.json()).toMatchObject({ moved: 7, moves: [{ from: 'warm', to: 'unknown', count: 7 }] });
    const saved = await send('PUT', '/api/v1/doctrine?note=stricter%20warm', doctrine);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: { version: 2, note: 'stricter warm' }, report: { changed: 7 } });
    expect((await get('/api/v1/doctrine/versions')).json().versions.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([[2, true], [1, false]]);
    const broken = await send('PUT', '/api/v1/doctrine', { ...doctrine, stages: [{ key: 'Hot!', labels: { en: 'x' }, when: { signal: 'pageview', within: 'soon' } }] });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['stages.0.key', 'stages.0.labels.fr', 'stages.0.when.signal', 'stages.0.when.within']),
    );
    expect((await get('/api/v1/reports/stages')).json().stages.find((s: { key: string }) => s.key === 'warm').count).toBe(0);
  });

  it('creates, lists and revokes keys, showing a secret only once', async () => {
    const created = await send('POST', '/api/v1/keys', { kind: 'write', label: 'Site vitrine', allowedOrigins: ['https://www.example.fr'] });
    expect(created.statusCode).toBe(201);
    const { key, secret } = created.json();
    expect(secret).toMatch(/^lpw_/);
    const listed = (await get('/api/v1/keys')).json().keys;
    expect(listed.find((k: { id: string }) => k.id === key.id)).toMatchObject({ label: 'Site vitrine', allowedOrigins: ['https://www.example.fr'] });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain('hash');
    expect((await send('DELETE', `/api/v1/keys/${key.id}`)).json()).toEqual({ revoked: true });
    expect((await send('DELETE', `/api/v1/keys/${key.id}`)).statusCode).toBe(404);
    expect((await send('POST', '/api/v1/keys', { kind: 'root', label: '' })).json().error.code).toBe('invalid_body');
  });

  it('erases a contact and everything about it (GDPR)', async () => {
    const { id } = (await get('/api/v1/contacts/lookup?anonymousId=a-cold')).json();
    expect((await send('DELETE', `/api/v1/contacts/${id}`)).json()).toEqual({ erased: true });
    expect((await get(`/api/v1/contacts/${id}`)).statusCode).toBe(404);
    expect((await get('/api/v1/contacts/lookup?anonymousId=a-cold')).statusCode).toBe(404);
    expect(await t.store.events.of(id, { limit: 10 })).toEqual([]);
  });

  it('answers an unknown route with the error format', async () => {
    const response = await get('/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
