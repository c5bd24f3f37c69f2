import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { contactId } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from './create-store.js';
import { contactUpdate } from './test-support/store-fixtures.js';
import { createBulkLoad } from '../app/bulk-load.js';
import type { Store } from '../app/ports.js';

const T = Date.UTC(2027, 2, 1);

// On the embedded store, where deferring pays (PostgreSQL keeps its indexes: storage/deferred-indexes.integration.test.ts).
describe('an import large against the store builds the segment indexes once at its end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-bulk-'));
  let store: Store;
  const prefilterIndexes = () => {
    const db = new Database(join(dataDir, 'leadpulse.sqlite'), { readonly: true });
    try {
      return (db.prepare("select count(*) n from sqlite_master where type = 'index' and name like 'contact_facts_segment_%'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  beforeAll(async () => {
    store = await createStore({ dataDir });
    await store.migrate();
    await store.transaction((tx) => tx.saveContacts(Array.from({ length: 30 }, (_, i) => ({ ...contactUpdate(contactId(`ct_${i}`), 'cold', T), createdAt: T }))));
  });
  afterAll(() => store.close());

  // From 10 events here (20,000 in the product), and at least as many events as the store holds contacts (30).
  const bulkLoad = () => createBulkLoad({ store }, 10);

  it('keeps the indexes for an import smaller than the store or than the floor', async () => {
    expect(await bulkLoad()(29, async (deferred) => [deferred, prefilterIndexes()])).toEqual([false, 4]);
    expect(await bulkLoad()(5, async (deferred) => [deferred, prefilterIndexes()])).toEqual([false, 4]);
  });

  it('drops them for a large import and builds them again after it, even when it fails', async () => {
    expect(await bulkLoad()(30, async (deferred) => [deferred, prefilterIndexes()])).toEqual([true, 0]);
    expect(prefilterIndexes()).toBe(4);
    await expect(
      bulkLoad()(1_000, async () => {
        throw new Error('the file ended mid-line');
      }),
    ).rejects.toThrow('the file ended mid-line');
    expect(prefilterIndexes()).toBe(4);
  });
});
