import { DOCTRINE_PRESETS } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

// Scale-out: two LeadPulse processes (here two servers with their own pools) share one PostgreSQL store.
const postgres = testDrivers(import.meta.url).find((d) => d.name === 'postgres');
describe.runIf(postgres)('two writers on one PostgreSQL store', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const [first, second] = await postgres!.createSharedStores!(2);
    a = await createTestServer({ store: first });
    b = await createTestServer({ store: second });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('resolves the same new visitors to one contact each, whichever process sees them first', async () => {
    const visitors = Array.from({ length: 40 }, (_, i) => `racer-${i}`);
    const batch = (prefix: string) => visitors.map((anonymousId) => ({ type: 'track', anonymousId, event: 'Chat Started', messageId: `${prefix}-${anonymousId}` }));
    for (let round = 0; round < 5; round++) {
      await Promise.all([a.app.ingest(batch(`a${round}`), { receivedAt: a.app.now() }), b.app.ingest(batch(`b${round}`), { receivedAt: b.app.now() })]);
    }
    const counts = await a.app.stageCounts();
    expect(Object.values(counts).reduce((x, y) => x + y, 0)).toBe(visitors.length);
    const found = await a.app.lookupContact({ anonymousId: 'racer-7' });
    expect(found.ok && found.value.record.state.tallies['e:Chat Started']?.n).toBe(10);
  });

  it('classifies with a doctrine the other process saved a moment ago, and contacts it replayed stay replayed', async () => {
    const before = (await b.app.ingest([{ type: 'track', anonymousId: 'fresh-1', event: 'Form Submitted', messageId: 'fresh-1-form' }], { receivedAt: b.app.now() })).accepted;
    expect(before).toBe(1);
    // In the saved doctrine a form is not enough for warm; b loaded the default at start and has not refreshed since.
    const preset = DOCTRINE_PRESETS['suspect-prospect-lead']!;
    const stricter = { ...preset, stages: preset.stages.map((stage) => (stage.key === 'warm' ? { ...stage, when: { event: 'Form Submitted', atLeast: 2, within: '90d' } } : stage)) };
    const saved = await a.app.putDoctrine(stricter, { note: 'two forms for warm' });
    expect(saved.ok).toBe(true);
    await b.app.ingest([{ type: 'page', anonymousId: 'fresh-1', properties: { path: '/' }, messageId: 'fresh-1-page' }, { type: 'track', anonymousId: 'fresh-2', event: 'Form Submitted', messageId: 'fresh-2-form' }], { receivedAt: b.app.now() });
    for (const anonymousId of ['fresh-1', 'fresh-2']) {
      const found = await a.app.lookupContact({ anonymousId });
      expect(found.ok && { stage: found.value.record.stage, version: found.value.record.doctrineVersion }).toEqual({ stage: 'unknown', version: saved.ok ? saved.value.version.version : -1 });
    }
  });
});
