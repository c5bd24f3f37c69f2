import { tmpdir } from 'node:os';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { exclusively } from '../app/exclusively.js';
import type { Store } from '../app/ports.js';
import { createStore } from './create-store.js';
import { assertTestDatabase, testDatabaseUrl, testDrivers, testSchemaPrefix } from './test-support/test-drivers.js';

// The locks that let processes of one deployment start together and take turns (docs/scale-out.md).
for (const driver of testDrivers(import.meta.url)) {
  describe(`deployment-wide locks (${driver.name})`, () => {
    const opened: Store[] = [];
    afterAll(async () => {
      for (const store of opened) await store.close();
    });

    it('runs work under a lock, and lets the lock go when the work fails', async () => {
      const store = await driver.createStore();
      opened.push(store);
      await expect(exclusively(store, 'start', async () => 'seeded')).resolves.toBe('seeded');
      await expect(exclusively(store, 'start', async () => Promise.reject(new Error('seeding failed')))).rejects.toThrow('seeding failed');
      // Not held any more: taken again at once.
      await expect(exclusively(store, 'start', async () => 'again')).resolves.toBe('again');
      const release = await store.lock('start');
      await release();
      await release();
    });

    // Only an engine with several writing processes has a second process to make wait.
    if (driver.createSharedStores) it('makes a second process wait until the first lets go', async () => {
      const [a, b] = await driver.createSharedStores!(2);
      opened.push(a!, b!);
      const order: string[] = [];
      const releaseA = await a!.lock('start');
      const second = exclusively(b!, 'start', async () => void order.push('b ran'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      order.push('a releases');
      await releaseA();
      await second;
      expect(order).toEqual(['a releases', 'b ran']);
    });
  });
}

const postgres = testDrivers(import.meta.url).find((d) => d.name === 'postgres');
describe.runIf(postgres)('migrations of processes starting together (postgres)', () => {
  const url = testDatabaseUrl();
  const schema = `${testSchemaPrefix(import.meta.url)}together`;
  const stores: Store[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('migrates an empty schema once, whichever of three starts first', async () => {
    assertTestDatabase(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
    for (let i = 0; i < 3; i++) stores.push(await createStore({ databaseUrl: url, dataDir: tmpdir(), schema }));
    await Promise.all(stores.map((store) => store.migrate()));
    for (const store of stores) expect(await store.isReady()).toBe(true);
  });
});
