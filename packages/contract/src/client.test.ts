import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError, createAdminClient } from './client.js';

let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  // A tiny real server that records requests and answers like the API does.
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      if (request.url === '/api/v1/session' && request.method === 'DELETE') return response.writeHead(204).end();
      if (request.url?.startsWith('/api/v1/keys')) return response.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'forbidden', message: 'sales cannot' } }));
      if (request.url?.startsWith('/api/v1/costs') && request.method === 'POST') {
        return response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'invalid_body', message: 'bad', issues: [{ path: [0, 'amount'], message: 'must be a number' }] } }));
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, url: request.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('builds query strings without empty values and sends the CSRF token only on changes', async () => {
  let token: string | null = 'csrf-123';
  const api = createAdminClient({ baseUrl: base, csrfToken: () => token });
  await api.contacts.list({ stage: 'hot', q: '', limit: 50, cursor: null, lang: 'fr' });
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/contacts?stage=hot&limit=50&lang=fr' });
  expect(seen.at(-1)!.headers['x-csrf-token']).toBeUndefined();
  await api.doctrine.preview({ stages: [] });
  expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/doctrine/preview', body: '{"stages":[]}' });
  expect(seen.at(-1)!.headers['x-csrf-token']).toBe('csrf-123');
  expect(seen.at(-1)!.headers['content-type']).toBe('application/json');
  token = null;
  await expect(api.session.signOut()).resolves.toBeUndefined();
  expect(seen.at(-1)!.headers['x-csrf-token']).toBeUndefined();
});

it('turns error bodies into ApiError with the code, message and issues', async () => {
  const api = createAdminClient({ baseUrl: base, token: 'lpa_machine' });
  const forbidden = await api.keys.list().catch((e: unknown) => e);
  expect(forbidden).toBeInstanceOf(ApiError);
  expect(forbidden).toMatchObject({ status: 403, code: 'forbidden', message: 'sales cannot' });
  expect(seen.at(-1)!.headers['authorization']).toBe('Bearer lpa_machine');
  const invalid = await api.costs.add({ channel: 'salon', kind: 'field', from: '2026-01-01', to: '2026-02-01', amount: Number.NaN }).catch((e: unknown) => e);
  expect(invalid).toMatchObject({ status: 400, code: 'invalid_body', issues: [{ path: [0, 'amount'], message: 'must be a number' }] });
});

it('reports an unreachable server as network_error, and builds export and feed addresses', async () => {
  const api = createAdminClient({ baseUrl: 'http://127.0.0.1:1' });
  await expect(api.stages()).rejects.toMatchObject({ status: 0, code: 'network_error' });
  expect(api.reportCsvUrl('tunnel', { from: '2026-01-01', groupBy: 'source' })).toBe('http://127.0.0.1:1/api/v1/reports/tunnel?from=2026-01-01&groupBy=source&format=csv');
  expect(api.stageFeedUrl(5)).toBe('http://127.0.0.1:1/api/v1/events/stage-changes?backlog=5');
});

it('calls the scenario, template, outbox and task routes with their paths and queries', async () => {
  const api = createAdminClient({ baseUrl: base, csrfToken: () => 'csrf-9' });
  await api.listScenarios();
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/scenarios' });
  await api.createScenario({ key: 'warm' }, { activate: true });
  expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/scenarios?activate=true', body: '{"key":"warm"}' });
  expect(seen.at(-1)!.headers['x-csrf-token']).toBe('csrf-9');
  await api.updateScenario('s 1', { key: 'warm' }, { migrate: 'keep' });
  expect(seen.at(-1)).toMatchObject({ method: 'PUT', url: '/api/v1/scenarios/s%201?migrate=keep' });
  await api.scenarioEnrolments('s1', { status: 'active', limit: 10, cursor: null });
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/scenarios/s1/enrolments?status=active&limit=10' });
  await api.simulateScenario('s1', { from: '2026-01-01', until: '2026-03-01' });
  expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/scenarios/s1/simulate', body: '{"from":"2026-01-01","until":"2026-03-01"}' });
  await api.previewTemplate('t1', 'c1');
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/templates/t1/preview?contactId=c1' });
  await api.listSends({ status: 'failed', scenarioId: 's1' });
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/sends?status=failed&scenarioId=s1' });
  await api.retrySend('d1');
  expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/sends/d1/retry' });
  await api.testInbox({ limit: 5 });
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/sends/inbox?limit=5' });
  await api.listTasks({ status: 'open' });
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/tasks?status=open' });
  await api.updateTask('k1', { status: 'done' });
  expect(seen.at(-1)).toMatchObject({ method: 'PATCH', url: '/api/v1/tasks/k1', body: '{"status":"done"}' });
});

it('calls the segment and audience paths of DESIGN 3.5 and builds their download links', async () => {
  const api = createAdminClient({ baseUrl: base, csrfToken: () => 'csrf-1' });
  await api.previewSegment({ where: { stage: ['hot'] } });
  expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/segments/preview', body: '{"where":{"stage":["hot"]}}' });
  expect(seen.at(-1)!.headers['x-csrf-token']).toBe('csrf-1');
  await api.updateSegment('sg 1', { key: 'k', name: 'n', where: { stage: ['hot'] } });
  expect(seen.at(-1)).toMatchObject({ method: 'PUT', url: '/api/v1/segments/sg%201' });
  await api.segmentContacts('sg_1', { limit: 25, cursor: 'abc', lang: 'fr' });
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/segments/sg_1/contacts?limit=25&cursor=abc&lang=fr' });
  await api.segmentSizes('sg_1');
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/segments/sg_1/sizes?days=90' });
  await api.contacts.list({ segment: 'warm-lyon', limit: 10 });
  expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/contacts?segment=warm-lyon&limit=10' });
  await api.createAudience({ name: 'Retargeting', segmentId: 'sg_1', platforms: ['meta'] });
  expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/audiences', body: '{"name":"Retargeting","segmentId":"sg_1","platforms":["meta"]}' });
  await api.syncAudience('au_1');
  expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/v1/audiences/au_1/sync', body: '{}' });
  await api.syncAudience('au_1', ['google']);
  expect(seen.at(-1)).toMatchObject({ body: '{"platforms":["google"]}' });
  expect(api.segmentCsvUrl('sg_1')).toBe(`${base}/api/v1/segments/sg_1/export`);
  expect(api.audienceCsvUrl('au_1', 'google')).toBe(`${base}/api/v1/audiences/au_1/export?platform=google`);
});
