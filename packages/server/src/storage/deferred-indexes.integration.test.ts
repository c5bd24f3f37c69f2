import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import { createStore } from './create-store.js';
import { assertTestDatabase, testDatabaseUrl, testSchemaPrefix } from './test-support/test-drivers.js';

const PREFILTER = ['contact_facts_segment_city', 'contact_facts_segment_country', 'contact_facts_segment_postal_code', 'contact_facts_segment_stage'];

/** A store that can be opened again on the same file or schema (a restart), and what its catalogue holds. */
interface Place {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<Store>;
  indexes(): Promise<string[]>;
  deferred(): Promise<string[]>;
  close(): Promise<void>;
}

function sqlitePlace(): Place {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-deferred-'));
  const read = (query: string) => {
    const db = new Database(join(dataDir, 'leadpulse.sqlite'), { readonly: true });
    try {
      return (db.prepare(query).all() as { name: string }[]).map((r) => r.name).sort();
    } finally {
      db.close();
    }
  };
  return {
    name: 'sqlite',
    open: () => createStore({ dataDir }),
    indexes: async () => read("select name from sqlite_master where type = 'index' and tbl_name = 'contact_facts' and name like 'contact_facts_segment_%'"),
    deferred: async () => read('select name from deferred_indexes'),
    close: async () => {},
  };
}

function postgresPlace(): Place {
  const url = testDatabaseUrl();
  assertTestDatabase(url);
  const schema = `${testSchemaPrefix(import.meta.url)}0`;
  const client = new pg.Client({ connectionString: url });
  let connected: Promise<void> | null = null;
  const read = async (query: string, params: unknown[] = []) => {
    connected ??= client.connect().then(() => client.query(`drop schema if exists ${schema} cascade`)).then(() => undefined);
    await connected;
    return (await client.query<{ name: string }>(query, params)).rows.map((r) => r.name).sort();
  };
  return {
    name: 'postgres',
    open: async () => {
      await read('select 1 as name');
      return createStore({ databaseUrl: url, dataDir: tmpdir(), schema });
    },
    indexes: () => read("select indexname as name from pg_indexes where schemaname = $1 and indexname like 'contact_facts_segment_%'", [schema]),
    deferred: () => read(`select name from ${schema}.deferred_indexes`),
    close: () => client.end(),
  };
}

for (const place of [sqlitePlace(), postgresPlace()]) {
  describe(`indexes deferred by a large import on ${place.name}`, () => {
    afterAll(() => place.close());

    it('drops the segment prefilter indexes where that pays, rebuilds them, and rebuilds them at the next start after a crash', async () => {
      let store = await place.open();
      await store.migrate();
      expect(await place.indexes()).toEqual(PREFILTER);

      await store.deferIndexes();
      // SQLite builds them once at the end; PostgreSQL keeps them (a build would hold its live writers).
      const dropped = place.name === 'sqlite';
      expect(await place.indexes()).toEqual(dropped ? [] : PREFILTER);
      expect(await place.deferred()).toEqual(dropped ? PREFILTER : []);
      // A second import running meanwhile finds nothing more to drop, and keeps the record.
      await store.deferIndexes();
      expect(await place.deferred()).toEqual(dropped ? PREFILTER : []);

      await store.restoreIndexes();
      expect(await place.indexes()).toEqual(PREFILTER);
      expect(await place.deferred()).toEqual([]);
      await store.restoreIndexes();
      expect(await place.indexes()).toEqual(PREFILTER);

      // A crash between the drop and the rebuild: the next start's migrate() rebuilds from the record.
      await store.deferIndexes();
      await store.close();
      store = await place.open();
      await store.migrate();
      expect(await place.indexes()).toEqual(PREFILTER);
      expect(await place.deferred()).toEqual([]);
      await store.close();
    });
  });
}
