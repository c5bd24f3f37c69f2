import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoEvents } from '../demo/generate-demo.js';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);

for (const driver of testDrivers(import.meta.url)) {
  describe(`the predictive score over HTTP on ${driver.name}`, () => {
    let t: TestServer;
    const auth = () => ({ authorization: `Bearer ${t.adminToken}` });
    const get = async (url: string) => {
      const response = await t.server.inject({ method: 'GET', url, headers: auth() });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const train = (body: unknown = {}) => t.server.inject({ method: 'POST', url: '/api/v1/model/train', headers: auth(), payload: body as object });

    beforeAll(async () => {
      t = await createTestServer({ now: NOW, store: await driver.createStore() });
    }, 60_000);
    afterAll(async () => t?.close());

    it('refuses to publish from too few outcomes, saying how many are needed', async () => {
      const started = await train();
      expect(started.statusCode, started.body).toBe(202);
      await t.app.models.running();
      const { published, runs } = await get('/api/v1/model');
      expect(published).toBeNull();
      const run = runs.find((r: { id: string }) => r.id === started.json().id);
      expect(run).toMatchObject({ status: 'refused', outcome: { code: 'too_few_outcomes', needed: 50, positives: 0 } });
      expect(run.outcome.message).toMatch(/at least 50 contacts who bought within 30 days/);
    });

    it('refuses a horizon it does not predict', async () => {
      const response = await train({ horizonDays: 45 });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_body');
    });

    it("trains on the demo's history, publishes a model that beats the doctrine's ranking, and scores every contact", async () => {
      const events = [...generateDemoEvents({ now: new Date(NOW), visitors: 3000, seed: 7 })];
      for (let i = 0; i < events.length; i += 500) await t.app.ingest(events.slice(i, i + 500), { receivedAt: NOW });
      const started = await train({ horizonDays: 30 });
      expect(started.statusCode, started.body).toBe(202);
      expect(started.json()).toMatchObject({ status: 'training' });
      expect((await train()).json()).toMatchObject({ error: { code: 'training_in_progress' } });
      await t.app.models.running();

      const { published, runs } = await get('/api/v1/model');
      expect(published, JSON.stringify(runs.map((r: { outcome: unknown }) => r.outcome))).not.toBeNull();
      expect(published.id).toBe(started.json().id);
      const card = published.card;
      expect(card.positives).toBeGreaterThanOrEqual(50);
      expect(card.auc).toBeGreaterThan(card.baselineAuc);
      expect(card.reliability).toHaveLength(10);
      expect(published.features.length).toBeGreaterThan(10);

      const list = await get('/api/v1/contacts?sort=predicted&limit=50');
      const probabilities = list.contacts.map((c: { predicted: number | null }) => c.predicted);
      expect(probabilities.every((p: number | null) => typeof p === 'number' && p >= 0 && p <= 1)).toBe(true);
      expect([...probabilities].sort((a: number, b: number) => b - a)).toEqual(probabilities);
      const next = await get(`/api/v1/contacts?sort=predicted&limit=50&cursor=${list.nextCursor}`);
      expect(next.contacts[0].predicted).toBeLessThanOrEqual(probabilities.at(-1));

      const contact = await get(`/api/v1/contacts/${list.contacts[0].id}`);
      expect(contact.prediction.horizonDays).toBe(30);
      expect(contact.prediction.factors.length).toBeGreaterThan(0);
      expect(contact.prediction.factors[0].labels.fr).toBeTruthy();

      // The tunnel by band of probability: every contact in one band, and buyers concentrated in the higher bands.
      const tunnel = await get('/api/v1/reports/tunnel?from=2026-01-01&to=2026-11-03&groupBy=score-band');
      const bands = Object.fromEntries(tunnel.groups.map((g: { group: string; contacts: number }) => [g.group, g.contacts]));
      expect(Object.keys(bands).every((band) => ['0–10 %', '10–20 %', '20–40 %', '40–60 %', '60–100 %', '(none)'].includes(band))).toBe(true);
      expect(Object.values(bands).reduce((a, b) => (a as number) + (b as number), 0)).toBe(tunnel.total.contacts);
      expect(bands['0–10 %'], JSON.stringify(bands)).toBeGreaterThan(0);
    }, 240_000);

    it('proposes doctrine edits from the same history, each with conversion per stage before and after', async () => {
      const advice = await get('/api/v1/reports/doctrine-advice?horizonDays=30');
      expect(advice.contacts).toBeGreaterThan(100);
      expect(advice.before.map((s: { stage: string }) => s.stage)).toEqual(expect.arrayContaining(['hot', 'warm', 'cold']));
      expect(advice.before.reduce((n: number, s: { contacts: number }) => n + s.contacts, 0)).toBe(advice.contacts);
      for (const proposal of advice.proposals) {
        expect(proposal.summary.en).toBeTruthy();
        expect(proposal.summary.fr).toBeTruthy();
        expect(proposal.after.reduce((n: number, s: { contacts: number }) => n + s.contacts, 0)).toBe(proposal.before.reduce((n: number, s: { contacts: number }) => n + s.contacts, 0));
        const preview = await t.server.inject({ method: 'POST', url: '/api/v1/doctrine/preview', headers: auth(), payload: proposal.doctrine });
        expect(preview.statusCode, preview.body).toBe(200);
      }
      expect((await t.server.inject({ method: 'GET', url: '/api/v1/reports/doctrine-advice?horizonDays=0', headers: auth() })).statusCode).toBe(400);
    }, 120_000);
  });
}
