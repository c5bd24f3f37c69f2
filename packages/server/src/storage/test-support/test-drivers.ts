import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from '../../app/ports.js';
import { createStore } from '../create-store.js';

export interface TestDriver {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, migrated store: a new SQLite file, or a new PostgreSQL schema private to the calling test file. */
  createStore(): Promise<Store>;
  /** Several stores, each with its own pool, on one fresh schema: processes of a scale-out deployment (PostgreSQL only). */
  createSharedStores?(count: number): Promise<Store[]>;
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Refuses anything but a database named `test` or `*_test`: tests drop and recreate schemas. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (name !== 'test' && !name.endsWith('_test')) {
    throw new Error(`Refusing to run storage tests against database "${name}": only "test" or "*_test" databases may be used.`);
  }
}

/** The prefix of every PostgreSQL schema a test file's stores use; their connections' application_name is `leadpulse:<schema>`. */
export const testSchemaPrefix = (testFileUrl: string): string => `t_${createHash('sha256').update(testFileUrl).digest('hex').slice(0, 10)}_`;

/** The PostgreSQL database tests use: `LEADPULSE_TEST_DATABASE_URL`, or the local `test` database. */
export const testDatabaseUrl = (env: Record<string, string | undefined> = process.env): string => env['LEADPULSE_TEST_DATABASE_URL'] ?? DEFAULT_URL;

/**
 * The engines every storage test runs on (Kysely's DIALECTS). `TEST_DRIVERS=sqlite` narrows the run;
 * `LEADPULSE_TEST_DATABASE_URL` points at another PostgreSQL test database.
 */
export function testDrivers(testFileUrl: string, env: Record<string, string | undefined> = process.env): TestDriver[] {
  const wanted = (env['TEST_DRIVERS'] ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  const url = testDatabaseUrl(env);
  const schemaPrefix = testSchemaPrefix(testFileUrl);
  let counter = 0;
  const drivers: TestDriver[] = [
    {
      name: 'sqlite',
      async createStore() {
        const store = await createStore({ dataDir: mkdtempSync(join(tmpdir(), 'leadpulse-store-')) });
        await store.migrate();
        return store;
      },
    },
    {
      name: 'postgres',
      async createStore() {
        const [store] = await this.createSharedStores!(1);
        return store!;
      },
      async createSharedStores(count: number) {
        assertTestDatabase(url);
        const schema = `${schemaPrefix}${counter++}`;
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
        }
        const stores: Store[] = [];
        for (let i = 0; i < count; i++) {
          const store = await createStore({ databaseUrl: url, dataDir: tmpdir(), schema });
          await store.migrate();
          stores.push(store);
        }
        return stores;
      },
    },
  ];
  return drivers.filter((d) => wanted.includes(d.name));
}
