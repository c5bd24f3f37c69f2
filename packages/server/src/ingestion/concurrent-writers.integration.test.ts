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
});
