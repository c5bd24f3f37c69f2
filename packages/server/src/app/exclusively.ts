import type { Store } from './ports.js';

/**
 * Runs `work` while holding one of the deployment-wide locks of the store (`Store.lock`), released however `work`
 * ends. Example: `exclusively(store, 'start', () => users.ensureFirstAdmin(email))`, so that of three processes
 * starting together on one database, one creates the first admin and the others find it (seed-deployment.ts).
 */
export async function exclusively<T>(store: Pick<Store, 'lock'>, name: string, work: () => Promise<T>): Promise<T> {
  const release = await store.lock(name);
  try {
    return await work();
  } finally {
    await release();
  }
}
