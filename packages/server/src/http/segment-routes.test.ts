import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { caller } from '../test-support/follow-up-fixtures.js';
import { signIn, type TestSession } from '../test-support/sign-in.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const PASSWORD = 'une phrase de passe';
const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

/** Four people: two in Lyon (one in her thirties, with a comma and a quote in her name), one in Paris, one nowhere. */
const PEOPLE = [
  { userId: 'u-anne', traits: { email: 'anne@example.fr', name: 'Anne "Nan", Dupont', address: { city: 'Lyon', country: 'France', postalCode: '69003' }, birthday: '1990-03-04', gender: 'femme' } },
  { userId: 'u-bruno', traits: { email: 'bruno@example.fr', city: 'lyon', country: 'FR', postalCode: '69007', birthday: '1955-01-01' } },
  { userId: 'u-chloe', traits: { email: 'chloe@example.fr', city: 'Paris', country: 'FR', postalCode: '75011', age: 35 } },
  { userId: 'u-dan', traits: { email: '=cmd@example.fr' } },
];

const lyon = { key: 'lyon', name: 'Lyon', where: { geo: { city: ['Lyon'] } } };

for (const driver of testDrivers(import.meta.url)) {
  describe(`segment routes on ${driver.name}`, () => {
    let t: TestServer;
    const as: Record<'marketer' | 'sales', TestSession> = {} as never;
    const marketer = caller(() => t.server, () => as.marketer);
    const sales = caller(() => t.server, () => as.sales);

    /** Waits for the background rebuild to make the segment live. */
    const live = async (id: string) => {
      for (let i = 0; i < 200; i++) {
        const doc = (await sales('GET', `/api/v1/segments/${id}`)).json();
        if (doc.status === 'live') return doc;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`segment ${id} never went live`);
    };

    beforeAll(async () => {
      t = await createTestServer({ now: NOW, store: await driver.createStore() });
      for (const role of ['marketer', 'sales'] as const) {
        await t.app.users.addUser({ email: `${role}@example.fr`, role, password: PASSWORD });
        as[role] = await signIn(t.server, `${role}@example.fr`, PASSWORD);
      }
      const events = PEOPLE.flatMap((p, i) => [
        { type: 'identify', userId: p.userId, traits: p.traits, messageId: `id-${i}`, timestamp: iso(NOW - 3600_000) },
        { type: 'page', userId: p.userId, messageId: `pg-${i}`, timestamp: iso(NOW - 3000_000), context: { page: { path: '/pricing' } } },
      ]);
      expect(await t.app.ingest(events, { receivedAt: NOW })).toMatchObject({ rejected: 0 });
    });
    afterAll(async () => t?.close());

    it('refuses an invalid definition with the path of each issue, and a taken key', async () => {
      const bad = await marketer('POST', '/api/v1/segments', { key: 'bad', name: 'Bad', where: { all: [{ age: { atLeast: 50, atMost: 30 } }, { stage: ['nowhere'] }] } });
      expect(bad.statusCode, bad.body).toBe(400);
      const error = bad.json().error;
      expect(error.code).toBe('invalid_segment');
      const paths = (error.issues as { path: (string | number)[] }[]).map((i) => i.path.join('.'));
      expect(paths.some((p) => p.startsWith('where.all.0.age'))).toBe(true);
      expect(paths.some((p) => p.startsWith('where.all.1.stage'))).toBe(true);
      expect((await marketer('POST', '/api/v1/segments', 'not json')).json().error.code).toBe('invalid_json');
      expect((await sales('POST', '/api/v1/segments', lyon)).statusCode).toBe(403);
    });

    it('previews an unsaved definition with a count by stage and a sample', async () => {
      const previewed = await marketer('POST', '/api/v1/segments/preview', { where: { all: [{ geo: { city: ['lyon'] } }, { age: { atLeast: 30, atMost: 45 } }] } });
      expect(previewed.statusCode, previewed.body).toBe(200);
      const body = previewed.json();
      expect(body).toMatchObject({ count: 1, exact: true });
      expect(typeof body.tookMs).toBe('number');
      expect(Object.values(body.byStage as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(1);
      expect(body.sample.map((c: { userId: string }) => c.userId)).toEqual(['u-anne']);
      const pricing = (await marketer('POST', '/api/v1/segments/preview', { where: { page: '/pricing', atLeast: 1 } })).json();
      expect(pricing).toMatchObject({ count: 4, exact: true });
      expect((await marketer('POST', '/api/v1/segments/preview', { where: { age: { atLeast: 'x' } } })).json().error.code).toBe('invalid_segment');
    });

    it('saves a segment, builds it, pages its members and exports them as CSV', async () => {
      const created = await marketer('POST', '/api/v1/segments', lyon);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ key: 'lyon', version: 1, where: lyon.where });
      const id = created.json().id as string;
      expect((await marketer('POST', '/api/v1/segments', lyon)).json().error.code).toBe('segment_key_taken');
      expect(await live(id)).toMatchObject({ size: 2, status: 'live' });
      expect((await sales('GET', '/api/v1/segments')).json().segments.map((s: { key: string; size: number }) => [s.key, s.size])).toEqual([['lyon', 2]]);
      expect((await sales('GET', '/api/v1/segments/lyon')).json().id).toBe(id);

      const first = (await sales('GET', `/api/v1/segments/${id}/contacts?limit=1`)).json();
      expect(first.contacts).toHaveLength(1);
      expect(first.nextCursor).not.toBeNull();
      const second = (await sales('GET', `/api/v1/segments/${id}/contacts?limit=1&cursor=${first.nextCursor}`)).json();
      expect(second.nextCursor).toBeNull();
      const both = [...first.contacts, ...second.contacts].map((c: { userId: string }) => c.userId).sort();
      expect(both).toEqual(['u-anne', 'u-bruno']);
      const filtered = (await sales('GET', '/api/v1/contacts?segment=lyon&limit=10')).json();
      expect(filtered.contacts.map((c: { userId: string }) => c.userId).sort()).toEqual(['u-anne', 'u-bruno']);
      expect((await sales('GET', '/api/v1/contacts?segment=nope')).statusCode).toBe(404);

      const breakdown = (await sales('GET', `/api/v1/segments/${id}/breakdown`)).json();
      expect(breakdown.byStage.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(2);
      const sizes = (await sales('GET', `/api/v1/segments/${id}/sizes?days=3`)).json();
      expect(sizes.points).toEqual([
        { day: '2026-10-31', size: 0 },
        { day: '2026-11-01', size: 0 },
        { day: '2026-11-02', size: 2 },
      ]);
      expect((await sales('GET', `/api/v1/segments/${id}/sizes?days=0`)).json().error.code).toBe('invalid_query');

      expect((await sales('GET', `/api/v1/segments/${id}/export`)).statusCode).toBe(403);
      const exported = await marketer('GET', `/api/v1/segments/${id}/export`);
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toMatch(/^text\/csv/);
      expect(exported.headers['content-disposition']).toBe('attachment; filename="segment-lyon.csv"');
      const lines = exported.body.split('\r\n');
      expect(lines[0]).toBe('id,userId,email,stage,score,enteredAt,birthDate,age,gender,householdSize,children,country,region,city,postalCode,latitude,longitude,consentEmail,consentSms,consentAds,consentTracking');
      expect(lines).toHaveLength(4);
      expect(lines.at(-1)).toBe('');
      const anne = lines.find((l) => l.includes('u-anne'))!;
      expect(anne).toContain(',anne@example.fr,');
      expect(anne).toContain(',1990-03-04,,female,,,FR,,lyon,69003,');
    });

    it('quotes and neutralises what a spreadsheet would misread', async () => {
      const created = await marketer('POST', '/api/v1/segments', { key: 'no-city', name: 'No city', where: { not: { geo: { city: ['lyon', 'paris'] } } } });
      const id = created.json().id as string;
      await live(id);
      const body = (await marketer('GET', `/api/v1/segments/${id}/export`)).body;
      expect(body).toContain(`,'=cmd@example.fr,`);
      expect((await marketer('DELETE', `/api/v1/segments/${id}`)).json()).toEqual({ deleted: true });
    });

    it('describes every segment path in the OpenAPI document', async () => {
      const paths = (await t.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json().paths;
      for (const path of ['/api/v1/segments', '/api/v1/segments/preview', '/api/v1/segments/{id}', '/api/v1/segments/{id}/contacts', '/api/v1/segments/{id}/export', '/api/v1/segments/{id}/breakdown', '/api/v1/segments/{id}/sizes']) {
        expect(paths[path], path).toBeDefined();
      }
      expect(Object.keys(paths['/api/v1/segments/{id}']).sort()).toEqual(['delete', 'get', 'put']);
    });

    it('versions a segment, and refuses to delete one another segment refers to', async () => {
      const id = (await sales('GET', '/api/v1/segments/lyon')).json().id as string;
      const edited = await marketer('PUT', `/api/v1/segments/${id}`, { ...lyon, name: 'Lyon and Paris', where: { geo: { city: ['lyon', 'paris'] } } });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ version: 2, name: 'Lyon and Paris' });
      expect(await live(id)).toMatchObject({ size: 3 });

      const child = await marketer('POST', '/api/v1/segments', { key: 'lyon-pricing', name: 'Lyon pricing', where: { all: [{ segment: 'lyon' }, { page: '/pricing' }] } });
      expect(child.statusCode, child.body).toBe(201);
      const refused = await marketer('DELETE', `/api/v1/segments/${id}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('segment_in_use');
      expect((await marketer('PUT', `/api/v1/segments/${id}`, { ...lyon, key: 'lyon-2' })).json().error.code).toBe('segment_in_use');

      expect((await marketer('DELETE', `/api/v1/segments/${child.json().id}`)).json()).toEqual({ deleted: true });
      expect((await marketer('DELETE', '/api/v1/segments/lyon')).json()).toEqual({ deleted: true });
      const gone = await sales('GET', `/api/v1/segments/${id}`);
      expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'segment_not_found']);
      expect((await sales('GET', '/api/v1/segments')).json().segments).toEqual([]);
      expect((await marketer('POST', '/api/v1/segments', lyon)).statusCode).toBe(201);
    });
  });
}
