import { randomBytes } from 'node:crypto';
import type { Store } from '../ports.js';

const SETTING = 'signing_secret';

/**
 * The secret that signs webhooks and tracking tokens when LEADPULSE_SECRET is unset: generated on first use and
 * stored, so every process of a deployment and every restart signs alike.
 */
export async function ensureSecret(store: Pick<Store, 'settings'>): Promise<string> {
  const stored = await store.settings.get(SETTING);
  if (stored) return stored;
  await store.settings.set(SETTING, randomBytes(32).toString('base64url'));
  // Processes of a new deployment starting together call this one after the other (buildServer holds the start
  // lock); read back all the same, so that a caller without the lock still ends up with the secret that was kept.
  return (await store.settings.get(SETTING))!;
}
