import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

let t: TestServer;
const NOW = Date.UTC(2026, 10, 2, 9);
const get = (url: string) => t.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.adminToken}` } });
const send = (method: 'POST' | 'DELETE', url: string, payload?: unknown) =>
  t.server.inject({ method, url, headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });

beforeAll(async () => {
  t = await createTestServer({ now: NOW });
  const at = (days: number) => new Date(NOW - days * 86_400_000).toISOString();
  const visit = (id: string, source: string, days: number, name?: string) => ({ type: 'page', anonymousId: id, timestamp: at(days), properties: { path: '/' }, context: { campaign: { source, medium: 'cpc', name }, page: { path: '/' } } });
  const batch = [
    visit('a', 'google', 20, 'automne'),
    { type: 'track', anonymousId: 'a', event: 'Document Downloaded', timestamp: at(19) },
    { type: 'track', anonymousId: 'a', event: 'Order Completed', properties: { revenue: 828 }, timestamp: at(10) },
    visit('b', 'google', 15, 'automne'),
    { type: 'track', anonymousId: 'b', event: 'Chat Started', timestamp: at(15) },
    visit('c', 'terrain', 12),
    { type: 'track', anonymousId: 'c', event: 'Call Logged', timestamp: at(11) },
    visit('d', 'linkedin', 5),
  ];
  const response = await t.server.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: `Basic ${Buffer.from(`${t.writeKey}:`).toString('base64')}` }, payload: { batch } });
  expect(response.statusCode).toBe(200);
});
afterAll(() => t?.close());

describe('report routes', () => {
  it('serves the tunnel by source as JSON, with the stage milestones in event time', async () => {
    const response = await get('/api/v1/reports/tunnel?from=2026-10-01&to=2026-11-02&groupBy=source');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toMatchObject({ contacts: 4, reached: { cold: 3, warm: 3, hot: 3, client: 1 } });
    expect(body.groups.map((g: { group: string; contacts: number }) => [g.group, g.contacts])).toEqual([['google', 2], ['linkedin', 1], ['terrain', 1]]);
    // Visited 20 days ago, client 10 days ago: 10 days from first contact to client.
    expect(body.total.time['entry-client'].median).toBe(10 * 86_400_000);
    expect(body.today).toMatchObject({ client: 1, hot: 2 });
    expect(body.transitions.moves.length).toBeGreaterThan(0);
  });

  it('exports every report as CSV', async () => {
    for (const name of ['tunnel', 'blocking-points', 'costs', 'campaigns', 'doctrine-check']) {
      const response = await get(`/api/v1/reports/${name}?format=csv&from=2026-10-01&to=2026-11-02`);
      expect(response.statusCode, name).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="leadpulse-${name}-2026-10-01-2026-11-02.csv"`);
      expect(response.body.split('\r\n')[0]!.split(',').length).toBeGreaterThan(3);
    }
  });

  it('answers 400 invalid_query with the field for a bad parameter', async () => {
    const response = await get('/api/v1/reports/tunnel?groupBy=planet&from=yesterday');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_query');
    expect(response.json().error.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(['from', 'groupBy']);
    expect((await t.server.inject({ method: 'GET', url: '/api/v1/reports/tunnel' })).statusCode).toBe(401);
  });

  it('takes cost lines, refuses a batch with a bad line as a whole, and reports cost per stage with field against digital', async () => {
    const bad = await send('POST', '/api/v1/costs', { lines: [{ channel: 'google', from: '2026-10-01', to: '2026-10-31', amount: 300 }, { channel: '', from: '2026-10-31', to: '2026-10-01', amount: -5 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: (string | number)[] }) => i.path.join('.')).sort()).toEqual(['1.amount', '1.channel', '1.to']);
    expect((await get('/api/v1/costs')).json().lines).toEqual([]);

    const created = await send('POST', '/api/v1/costs', { lines: [{ channel: 'google', from: '2026-10-01', to: '2026-11-01', amount: 320 }, { channel: 'terrain', kind: 'field', from: '2026-10-01', to: '2026-11-01', amount: 900, note: 'visites' }] });
    expect(created.statusCode).toBe(201);
    const costs = (await get('/api/v1/reports/costs?from=2026-10-01&to=2026-11-01')).json();
    expect(costs.currency).toBe('EUR');
    expect(costs.rows.find((r: { channel: string }) => r.channel === 'google')).toMatchObject({ cost: 320, contacts: 2, costPer: { contact: 160, hot: 160, client: 320 }, revenue: 828 });
    expect(costs.byKind.map((r: { channel: string; cost: number; reached: { hot: number } }) => [r.channel, r.cost, r.reached.hot])).toEqual([['field', 900, 1], ['digital', 320, 2]]);

    const id = created.json().lines[0].id;
    expect((await send('DELETE', `/api/v1/costs/${id}`)).json()).toEqual({ deleted: true });
    const again = await send('DELETE', `/api/v1/costs/${id}`);
    expect([again.statusCode, again.json().error.code]).toEqual([404, 'cost_line_not_found']);
  });

  it('reports campaign results per first-touch campaign', async () => {
    const body = (await get('/api/v1/reports/campaigns?from=2026-10-01&to=2026-11-02')).json();
    expect(body.campaigns).toHaveLength(1);
    expect(body.campaigns[0]).toMatchObject({ campaign: 'automne', source: 'google', contacts: 2, clients: 1, revenue: 828, reached: { hot: 2 } });
  });

  // Last: it adds a contact. OWASP's CSV injection example as a UTM source must not reach a spreadsheet as a formula.
  it('neutralizes a formula in a UTM source in the CSV export', async () => {
    const source = "=cmd|' /C calc'!A0";
    const visit = { anonymousId: 'formula', timestamp: new Date(NOW - 3 * 86_400_000).toISOString(), context: { campaign: { source }, page: { path: '/' } } };
    const posted = await t.server.inject({ method: 'POST', url: '/v1/page', headers: { authorization: `Basic ${Buffer.from(`${t.writeKey}:`).toString('base64')}` }, payload: visit });
    expect(posted.statusCode).toBe(200);
    const csv = (await get('/api/v1/reports/tunnel?format=csv&from=2026-10-01&to=2026-11-02&groupBy=source')).body;
    expect(csv.split('\r\n').filter((line) => line.includes('calc'))).toEqual([expect.stringMatching(/^"'=cmd\|' \/C calc'!A0",1,/)]);
  });
});
