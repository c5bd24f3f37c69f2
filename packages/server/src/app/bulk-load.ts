import type { Store } from './ports.js';

/** Below this many events an import keeps every index: building them again would cost more than it saves. */
const DEFER_FROM_EVENTS = 20_000;

/**
 * Runs a large import with the indexes that cost more to maintain row by row than to build once dropped, and builds
 * them at its end, even when the import fails (a crash leaves a record the next start rebuilds from). "Large" means at
 * least 20,000 events and at least as many events as the store holds contacts: the build reads every contact, the
 * saving grows with the contacts the import writes (docs/importing.md).
 */
export function createBulkLoad(deps: { store: Pick<Store, 'capabilities' | 'deferIndexes' | 'restoreIndexes' | 'contacts'> }, minEvents = DEFER_FROM_EVENTS) {
  return async <T>(expectedEvents: number, work: (deferred: boolean) => Promise<T>): Promise<T> => {
    // PostgreSQL keeps its indexes: no count of its contacts, and the CLI does not announce a build that will not run.
    if (!deps.store.capabilities.deferIndexesInBulkLoads || expectedEvents < minEvents) return work(false);
    const contacts = Object.values(await deps.store.contacts.countByStage()).reduce((sum, n) => sum + n, 0);
    if (expectedEvents < contacts) return work(false);
    await deps.store.deferIndexes();
    try {
      return await work(true);
    } finally {
      await deps.store.restoreIndexes();
    }
  };
}
