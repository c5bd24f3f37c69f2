import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { shopHistory } from '../test-support/shop-history.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9);

for (const driver of testDrivers(import.meta.url)) {
  describe(`doctrine suggest on ${driver.name}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await createTestServer({ now: NOW, store: await driver.createStore() });
      const events = shopHistory(NOW);
      for (let i = 0; i < events.length; i += 500) await t.app.ingest(events.slice(i, i + 500), { receivedAt: NOW });
    });
    afterAll(async () => t.close());

    it('picks the e-commerce preset on a shop, where buyers pay within the hour of their cart', async () => {
      const result = await t.app.suggestDoctrine();
      if (!result.ok) throw new Error(result.error.message);
      const { winner, fits, contacts } = result.value;
      expect(contacts).toBe(240);
      expect(winner).toBe('e-commerce');
      const shop = fits.find((f) => f.preset === 'e-commerce')!.fit;
      expect(shop.ordered).toBe(true);
      expect(shop.check.byStage.find((s) => s.stage === 'hot')).toMatchObject({ contacts: 100, converted: 70 });
      expect(shop.unknownShare).toBe(0);
      const fallback = fits.find((f) => f.preset === 'suspect-prospect-lead')!.fit;
      // The default never sees the quick buyers as hot: they stay unknown until they buy.
      expect(fallback.unknownShare).toBeGreaterThan(0.5);
      expect(fallback.score!).toBeLessThan(shop.score!);
    });

    it('saves nothing: the active doctrine and the stages stay as they were', async () => {
      const before = await t.app.stageCounts();
      await t.app.suggestDoctrine({ horizon: '30d' });
      expect(await t.app.stageCounts()).toEqual(before);
      expect((await t.app.getDoctrine()).version).toBe(1);
    });

    it('answers GET /api/v1/doctrine/suggest for operators, and 400 for a bad horizon', async () => {
      const get = (url: string) => t.server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.adminToken}` } });
      const response = await get('/api/v1/doctrine/suggest?horizon=90d');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ winner: 'e-commerce', contacts: 240 });
      expect((await get('/api/v1/doctrine/suggest?horizon=soon')).json().error.code).toBe('invalid_query');
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/doctrine/suggest' })).statusCode).toBe(401);
    });

    it('refuses a horizon that is not a duration', async () => {
      const result = await t.app.suggestDoctrine({ horizon: 'soon' });
      expect(result.ok ? null : result.error).toMatchObject({ code: 'invalid_query', issues: [{ path: ['horizon'] }] });
    });
  });
}
