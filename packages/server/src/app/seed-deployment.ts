import { createApiKeys } from './api-keys.js';
import { exclusively } from './exclusively.js';
import type { CreatedKey } from './leadpulse-app.js';
import type { Clock, Store } from './ports.js';
import { ensureSecret } from './scenarios/ensure-secret.js';
import { installFollowUpPresets } from './scenarios/install-presets.js';

/**
 * What a process makes sure of at start: the active doctrine (the default preset on a new store), the signing secret,
 * the shipped scenarios and templates, and the write key and admin token (generated on a first start, and returned
 * so that `serve` prints them once). One step under the deployment's start lock: of processes started together on
 * one database, the first installs each and the others read it (docs/scale-out.md).
 */
export function seedDeployment(deps: {
  store: Pick<Store, 'lock' | 'settings' | 'scenarios' | 'templates' | 'keys'>;
  clock: Clock;
  doctrine: { loadDoctrine(): Promise<unknown> };
  configured: { readonly secret?: string; readonly writeKey?: string; readonly adminToken?: string };
}): Promise<{ secret: string; writeKey: CreatedKey | null; adminToken: CreatedKey | null }> {
  const { configured } = deps;
  return exclusively(deps.store, 'start', async () => {
    await deps.doctrine.loadDoctrine();
    const secret = configured.secret ?? (await ensureSecret(deps.store));
    await installFollowUpPresets(deps);
    const keys = createApiKeys(deps);
    return { secret, writeKey: await keys.ensureKey('write', configured.writeKey), adminToken: await keys.ensureKey('admin', configured.adminToken) };
  });
}
