import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { startFakeGoogleAdsApi, type FakeGoogleAdsApi } from '../test-support/fake-google-ads-api.js';
import { startFakeMetaApi, type FakeMetaApi } from '../test-support/fake-meta-api.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const MINUTE = 60_000;
const iso = (at: number) => new Date(at).toISOString();
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const PRO = { key: 'pro-plan', name: 'Pro plan', where: { trait: 'plan', op: 'eq', value: 'pro' } };
const RICH = { key: 'rich', name: 'High income', where: { trait: 'income', op: 'gte', value: 100000 } };
const ADS = { ad_audiences: true };

describe.each(testDrivers(import.meta.url))('audiences synced to Meta and Google on $name', (driver) => {
  let t: TestServer;
  let meta: FakeMetaApi;
  let google: FakeGoogleAdsApi;
  afterEach(async () => {
    await t?.close();
    await meta?.close();
    await google?.close();
  });

  const start = async (options: { configured: boolean } = { configured: true }) => {
    meta = await startFakeMetaApi();
    google = await startFakeGoogleAdsApi();
    const c = google.credentials;
    const config = options.configured
      ? {
          metaAccessToken: meta.accessToken,
          metaAdAccount: meta.adAccount,
          metaApiUrl: meta.url,
          googleAdsDeveloperToken: c.developerToken,
          googleAdsCustomerId: c.customerId,
          googleAdsClientId: c.clientId,
          googleAdsClientSecret: c.clientSecret,
          googleAdsRefreshToken: c.refreshToken,
          googleAdsApiUrl: google.url,
          googleOauthUrl: google.oauthUrl,
        }
      : {};
    t = await createTestServer({ now: NOW, store: await driver.createStore(), config });
  };
  const admin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: { authorization: `Bearer ${t.adminToken}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const saveSegment = async (definition: object): Promise<string> => {
    const response = await admin('POST', '/api/v1/segments', definition);
    expect(response.statusCode, response.body).toBe(201);
    const saved = response.json<{ id: string }>();
    for (let tries = 0; tries < 200; tries++) {
      if ((await admin('GET', `/api/v1/segments/${saved.id}`)).json<{ status: string }>().status === 'live') return saved.id;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`segment ${saved.id} never went live`);
  };
  let seq = 0;
  const identify = (userId: string, traits: Record<string, unknown>) => ({ type: 'identify', userId, traits, timestamp: iso(t.clock.now().getTime() - MINUTE), messageId: `${userId}-${++seq}` });
  const ingest = async (events: object[]) => {
    const result = await t.app.ingest(events as Record<string, unknown>[], { receivedAt: t.clock.now().getTime() });
    expect(result.rejected).toBe(0);
  };
  const marie = { plan: 'pro', email: ' Marie.Dupont@Gmail.com', phone: '06 12 34 56 78', firstName: 'Marie', lastName: 'Dupont', country: 'FR', postalCode: '75011', city: 'Paris', consent: ADS };
  const seed = () =>
    ingest([
      identify('u1', marie),
      identify('u2', { plan: 'pro', email: 'u2@example.com', phone: '12', consent: ADS }),
      identify('u3', { plan: 'pro', email: 'u3@example.com' }),
      identify('u4', { plan: 'pro', consent: ADS }),
      identify('u5', { plan: 'free', email: 'u5@example.com', consent: ADS }),
    ]);
  const createAudience = async (segmentId: string) => {
    const response = await admin('POST', '/api/v1/audiences', { name: 'Pro customers', segmentId, platforms: ['meta', 'google'] });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; guard: { sensitive: string[]; belowMinimum: boolean; minimum: number } }>();
  };
  const sync = (id: string) => admin('POST', `/api/v1/audiences/${id}/sync`, {});
  type Result = { platform: string; added: number; removed: number; skipped: Record<string, number>; status: string; message?: string };
  const results = (body: string) => Object.fromEntries((JSON.parse(body) as { results: Result[] }).results.map((r) => [r.platform, r]));

  it('exports each platform template with only consenting members, hashed, and says who was left out and why', async () => {
    await start();
    await saveSegment(PRO);
    await seed();
    const audience = await createAudience('pro-plan');
    expect(audience.guard).toEqual({ sensitive: [], belowMinimum: true, minimum: 100 });

    const metaCsv = await admin('GET', `/api/v1/audiences/${audience.id}/export?platform=meta`);
    expect(metaCsv.statusCode, metaCsv.body).toBe(200);
    expect(metaCsv.headers['content-type']).toContain('text/csv');
    expect(metaCsv.headers['x-leadpulse-exported']).toBe('1');
    expect(String(metaCsv.headers['x-leadpulse-skipped']).split(',').sort()).toEqual(['invalid_phone=1', 'no_consent=1', 'no_identifier=1']);
    const [header, line] = metaCsv.body.trim().split('\r\n');
    expect(header).toBe('email,phone,fn,ln,ct,zip,country,doby,dobm,dobd,gen,extern_id');
    expect(line!.split(',').slice(0, 7)).toEqual([sha('marie.dupont@gmail.com'), sha('33612345678'), sha('marie'), sha('dupont'), sha('paris'), sha('75011'), sha('fr')]);

    const googleCsv = await admin('GET', `/api/v1/audiences/${audience.id}/export?platform=google`);
    expect(googleCsv.body.trim().split('\r\n')).toEqual(['Email,Phone,First Name,Last Name,Country,Zip', [sha('mariedupont@gmail.com'), sha('+33612345678'), sha('marie'), sha('dupont'), 'FR', '75011'].join(',')]);
  });

  it('uploads first, then sends only who entered and who left (consent withdrawn, erased), with a history', async () => {
    await start();
    await saveSegment(PRO);
    await seed();
    const audience = await createAudience('pro-plan');

    const first = await sync(audience.id);
    expect(first.statusCode, first.body).toBe(200);
    expect(results(first.body)).toMatchObject({
      meta: { status: 'ok', added: 1, removed: 0, skipped: { no_consent: 1, invalid_phone: 1, no_identifier: 1 } },
      google: { status: 'ok', added: 1, removed: 0 },
    });
    const [metaList] = [...meta.audiences.values()];
    expect([...metaList!.members]).toEqual([sha('marie.dupont@gmail.com')]);
    expect(meta.batches[0]!.session).toMatchObject({ batch_seq: 1, last_batch_flag: true });
    const [googleList] = [...google.userLists.values()];
    expect([...googleList!.members]).toEqual([sha('mariedupont@gmail.com')]);
    expect(google.jobs[0]).toMatchObject({ ran: true, consent: { adUserData: 'GRANTED', adPersonalization: 'GRANTED' } });

    // Nothing changed: nothing is sent again.
    t.clock.advance(MINUTE);
    expect(results((await sync(audience.id)).body).meta).toMatchObject({ added: 0, removed: 0 });
    expect(meta.batches).toHaveLength(1);

    // u6 enters; u1 withdraws ad consent.
    t.clock.advance(MINUTE);
    await ingest([identify('u6', { plan: 'pro', email: 'u6@example.com', consent: ADS }), { type: 'track', userId: 'u1', event: 'Consent Updated', properties: { purpose: 'ad_audiences', granted: false }, timestamp: iso(t.clock.now().getTime() - MINUTE), messageId: 'u1-withdraw' }]);
    expect(results((await sync(audience.id)).body)).toMatchObject({ meta: { added: 1, removed: 1 }, google: { added: 1, removed: 1 } });
    expect([...metaList!.members]).toEqual([sha('u6@example.com')]);
    expect([...googleList!.members]).toEqual([sha('u6@example.com')]);

    // u6 is erased: the platforms lose it on the next sync, removed with the hashes that were sent.
    t.clock.advance(MINUTE);
    const u6 = await t.app.lookupContact({ userId: 'u6' });
    if (!u6.ok) throw new Error(u6.error.message);
    expect((await t.app.eraseContact(u6.value.record.id)).ok).toBe(true);
    expect(results((await sync(audience.id)).body)).toMatchObject({ meta: { added: 0, removed: 1 }, google: { added: 0, removed: 1 } });
    expect(metaList!.members.size).toBe(0);
    expect(googleList!.members.size).toBe(0);

    const history = (await admin('GET', `/api/v1/audiences/${audience.id}/syncs`)).json<{ syncs: Result[] }>().syncs;
    expect(history.filter((s) => s.platform === 'meta').map((s) => [s.added, s.removed])).toEqual([
      [0, 1],
      [1, 1],
      [0, 0],
      [1, 0],
    ]);
    const document = (await admin('GET', `/api/v1/audiences/${audience.id}`)).json<{ lastSyncs: Result[] }>();
    expect(document.lastSyncs.map((s) => s.platform).sort()).toEqual(['google', 'meta']);
  });

  it("replaces a held contact's row when its identifiers change, and removes it when they no longer normalise", async () => {
    await start();
    await saveSegment(PRO);
    await seed();
    const audience = await createAudience('pro-plan');
    await sync(audience.id);
    const [metaList] = [...meta.audiences.values()];
    t.clock.advance(MINUTE);
    await ingest([identify('u1', { email: 'marie@example.org' })]);
    expect(results((await sync(audience.id)).body).meta).toMatchObject({ status: 'ok', added: 0, removed: 0 });
    expect([...metaList!.members]).toEqual([sha('marie@example.org')]);
    t.clock.advance(MINUTE);
    await ingest([identify('u1', { phone: 'not a phone' })]);
    expect(results((await sync(audience.id)).body).meta).toMatchObject({ status: 'ok', removed: 1, skipped: { invalid_phone: 2 } });
    expect(metaList!.members.size).toBe(0);
  });

  it('retries a platform that answers 503 and records a failure that resumes on the next sync', async () => {
    await start();
    await saveSegment(PRO);
    await seed();
    const audience = await createAudience('pro-plan');
    meta.failNext(503, 1);
    expect(results((await sync(audience.id)).body).meta).toMatchObject({ status: 'ok', added: 1 });
    meta.failNext(400, 1);
    await ingest([identify('u7', { plan: 'pro', email: 'u7@example.com', consent: ADS })]);
    const failed = results((await sync(audience.id)).body).meta!;
    expect(failed).toMatchObject({ status: 'failed', added: 0 });
    expect(failed.message).toContain('400');
    expect(results((await sync(audience.id)).body).meta).toMatchObject({ status: 'ok', added: 1 });
  });

  it('refuses to push or export a segment built on a sensitive category, and says why', async () => {
    await start();
    await saveSegment(RICH);
    await ingest([identify('u1', { ...marie, income: 150000 })]);
    const audience = await createAudience('rich');
    expect(audience.guard.sensitive.length).toBeGreaterThan(0);
    const refused = await sync(audience.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { code: string; message: string; results: Result[] } }>().error).toMatchObject({ code: 'audience_refused', results: [{ status: 'refused' }, { status: 'refused' }] });
    expect(meta.batches).toHaveLength(0);
    expect((await admin('GET', `/api/v1/audiences/${audience.id}/export?platform=meta`)).statusCode).toBe(422);
  });

  it('answers bad input with codes and paths, and names the variables of a platform without credentials', async () => {
    await start({ configured: false });
    await saveSegment(PRO);
    const bad = await admin('POST', '/api/v1/audiences', { name: '', segmentId: 'pro-plan', platforms: ['tiktok'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string; issues: { path: string[] }[] } }>().error.issues.map((i) => i.path.join('.')).sort()).toEqual(['name', 'platforms.0']);
    const unknown = await admin('POST', '/api/v1/audiences', { name: 'x', segmentId: 'nope', platforms: ['meta'] });
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('invalid_audience');
    const audience = await createAudience('pro-plan');
    const sync409 = await sync(audience.id);
    expect(sync409.statusCode).toBe(409);
    expect(sync409.json<{ error: { code: string; message: string } }>().error.message).toContain('LEADPULSE_META_ACCESS_TOKEN');
    expect((await admin('GET', '/api/v1/audiences/aud_missing')).statusCode).toBe(404);
    expect((await admin('DELETE', `/api/v1/audiences/${audience.id}`)).statusCode).toBe(200);
    expect((await admin('GET', '/api/v1/audiences')).json<{ audiences: unknown[] }>().audiences).toEqual([]);
  });
});
