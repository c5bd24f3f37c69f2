import type { Store } from './ports.js';

/**
 * Runs `work` while holding one of the deployment-wide locks of the store (`Store.lock`), released however `work`
 * ends. Example: `exclusively(store, 'start', () => doctrine.loadDoctrine())`, so that of three processes starting
 * together on one database, one installs the default doctrine and the others read it.
 */
export async function exclusively<T>(store: Pick<Store, 'lock'>, name: string, work: () => Promise<T>): Promise<T> {
  const release = await store.lock(name);
  try {
    return await work();
  } finally {
    await release();
  }
}
