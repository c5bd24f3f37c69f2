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
  // Read back rather than trust the write: of two processes of a new deployment starting at once, both then use the
  // last one written unless they raced exactly between write and read (set LEADPULSE_SECRET in scale-out deployments).
  return (await store.settings.get(SETTING))!;
}
