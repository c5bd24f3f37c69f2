import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

/**
 * The cost report by segment over real HTTP, on a segment created and made live through the API. Four contacts in
 * October 2026: a (google, Lyon, client), b (google, Paris), c (terrain, Lyon), d (linkedin, no city). The segment
 * "lyon" holds a and c. Lines: google 320; terrain 900 of field prospecting assigned to lyon.
 */
let t: TestServer;
const NOW = Date.UTC(2026, 10, 2, 9);
const headers = () => ({ authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' });
const get = (url: string) => t.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.adminToken}` } });
const send = (method: 'POST' | 'PUT', url: string, payload: unknown) => t.server.inject({ method, url, headers: headers(), payload: JSON.stringify(payload) });

beforeAll(async () => {
  t = await createTestServer({ now: NOW });
  const at = (days: number) => new Date(NOW - days * 86_400_000).toISOString();
  const visit = (id: string, source: string, days: number) => ({ type: 'page', anonymousId: id, timestamp: at(days), properties: { path: '/' }, context: { campaign: { source, medium: 'cpc' }, page: { path: '/' } } });
  const city = (id: string, name: string, days: number) => ({ type: 'identify', anonymousId: id, traits: { city: name }, timestamp: at(days) });
  const batch = [
    visit('a', 'google', 20),
    city('a', 'Lyon', 20),
    { type: 'track', anonymousId: 'a', event: 'Order Completed', properties: { revenue: 828 }, timestamp: at(10) },
    visit('b', 'google', 15),
    city('b', 'Paris', 15),
    visit('c', 'terrain', 12),
    city('c', 'Lyon', 12),
    visit('d', 'linkedin', 5),
  ];
  const ingested = await t.server.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: `Basic ${Buffer.from(`${t.writeKey}:`).toString('base64')}` }, payload: { batch } });
  expect(ingested.statusCode).toBe(200);
  const created = await send('POST', '/api/v1/segments', { key: 'lyon', name: 'Lyon', where: { trait: 'city', op: 'eq', value: 'Lyon' } });
  expect(created.statusCode).toBe(201);
  // Its membership is built in the background: wait until it is live.
  for (let i = 0; i < 100 && (await get('/api/v1/segments/lyon')).json().status !== 'live'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect((await get('/api/v1/segments/lyon')).json()).toMatchObject({ status: 'live', size: 2 });
});
afterAll(() => t?.close());

describe('cost per segment over HTTP', () => {
  it('refuses a cost line naming no segment with the path, stores one assigned by key, and updates it', async () => {
    const refused = await send('POST', '/api/v1/costs', { lines: [{ channel: 'terrain', kind: 'field', from: '2026-10-01', to: '2026-10-31', amount: 900, segmentId: 'marseille' }] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_body', issues: [{ path: [0, 'segmentId'] }] });

    const created = await send('POST', '/api/v1/costs', { lines: [{ channel: 'google', from: '2026-10-01', to: '2026-10-31', amount: 320 }, { channel: 'terrain', kind: 'field', from: '2026-10-01', to: '2026-10-31', amount: 500, segmentId: 'lyon' }] });
    expect(created.statusCode).toBe(201);
    const [google, field] = created.json().lines;
    expect(google.segmentId).toBeNull();
    const segmentId = (await get('/api/v1/segments/lyon')).json().id;
    expect(field.segmentId).toBe(segmentId);

    const updated = await send('PUT', `/api/v1/costs/${field.id}`, { channel: 'terrain', kind: 'field', from: '2026-10-01', to: '2026-10-31', amount: 900, segmentId, note: 'deux commerciaux' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().line).toMatchObject({ id: field.id, amount: 900, segmentId, note: 'deux commerciaux' });
    const bad = await send('PUT', `/api/v1/costs/${field.id}`, { channel: 'terrain', from: '2026-10-01', to: '2026-10-31', amount: -1, segmentId: 'nowhere' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(['amount']);
    expect((await send('PUT', '/api/v1/costs/cost_none', { channel: 'x', from: '2026-10-01', to: '2026-10-31', amount: 1 })).statusCode).toBe(404);
  });

  it('reports the cost per segment next to the channels, as JSON and CSV', async () => {
    const response = await get('/api/v1/reports/costs?from=2026-10-01&to=2026-10-31&groupBy=segment');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.rows.map((r: { channel: string; cost: number }) => [r.channel, r.cost])).toEqual([['terrain', 900], ['google', 320], ['linkedin', 0]]);
    // lyon: 900 assigned + google 320 × 1/2 (a of a and b) = 1060; a is a client.
    expect(body.segments).toHaveLength(1);
    expect(body.segments[0]).toMatchObject({ segment: { key: 'lyon', name: 'Lyon' }, cost: 1060, directCost: 900, sharedCost: 160, contacts: 2, reached: { client: 1 }, costPer: { contact: 530, client: 1060 }, revenue: 828 });
    expect(body.allContacts).toMatchObject({ cost: 1220, contacts: 4, uncostedContacts: 1 });

    const csv = await get('/api/v1/reports/costs?from=2026-10-01&to=2026-10-31&groupBy=segment&format=csv');
    expect(csv.statusCode).toBe(200);
    const [header, lyon, all] = csv.body.split('\r\n');
    expect(header!.split(',').slice(0, 4)).toEqual(['view', 'segment', 'segment_name', 'cost']);
    expect(lyon!.split(',').slice(0, 4)).toEqual(['segment', 'lyon', 'Lyon', '1060']);
    expect(all!.split(',').slice(0, 4)).toEqual(['all contacts', '', '', '1220']);

    const wrong = await get('/api/v1/reports/campaigns?groupBy=segment');
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'invalid_query']);
  });
});
