import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../app/ports.js';
import { testDrivers } from './test-support/test-drivers.js';
import { createActiveSegments } from '../app/segments/active-segments.js';
import type { SegmentRecord } from '../app/segments/segment-ports.js';

const T = Date.UTC(2026, 10, 2, 9, 0, 0);
const record = (id: string, key: string, version = 1): SegmentRecord => ({
  id,
  key,
  name: key,
  definition: { key, name: key, where: { trait: 'plan', op: 'eq', value: 'pro' } },
  version,
  status: 'building',
  createdAt: T,
  updatedAt: T,
});

describe.each(testDrivers(import.meta.url))('the live segment set on $name', (driver) => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  /** Two processes of a scale-out deployment (one store twice on SQLite, which has a single writer process). */
  const twoProcesses = async (): Promise<[Store, Store]> => {
    if (driver.createSharedStores) {
      const [a, b] = await driver.createSharedStores(2);
      stores.push(a!, b!);
      return [a!, b!];
    }
    const store = await driver.createStore();
    stores.push(store);
    return [store, store];
  };

  it('picks up a segment saved, edited, gone live or deleted by another process with a cheap fingerprint check', async () => {
    const [a, b] = await twoProcesses();
    const here = createActiveSegments({ store: b });
    await here.refresh();
    expect(here.current().compiled).toBeNull();

    expect(await a.segments.create(record('seg_1', 'pro-plan'))).toBe(true);
    await here.refreshIfChanged();
    expect(here.current().records.map((r) => [r.key, r.status])).toEqual([['pro-plan', 'building']]);
    expect(here.current().compiled?.keys).toEqual(['pro-plan']);

    // Going live at the same instant it was saved still changes the fingerprint (the status is counted).
    expect(await a.segmentMembership.markLive('seg_1', 1, T)).toBe(true);
    await here.refreshIfChanged();
    expect(here.current().records.map((r) => r.status)).toEqual(['live']);

    // A newer version is not marked live by the rebuild of an older one.
    expect(await a.segments.update({ ...record('seg_1', 'pro-plan', 2), definition: { key: 'pro-plan', name: 'Pro', where: { trait: 'plan', op: 'in', value: ['pro', 'team'] } } })).toBe(true);
    expect(await a.segmentMembership.markLive('seg_1', 1, T)).toBe(false);
    await here.refreshIfChanged();
    expect(here.current().records.map((r) => [r.version, r.name])).toEqual([[2, 'pro-plan']]);

    expect(await a.segments.remove('seg_1', T)).toBe(true);
    await here.refreshIfChanged();
    expect(here.current().records).toEqual([]);
    expect(here.current().compiled).toBeNull();
  });
});
