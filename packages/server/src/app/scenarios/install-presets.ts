import { SCENARIO_PRESETS, TEMPLATE_PRESETS } from '@leadpulse/core';
import { newId } from '../new-id.js';
import type { Clock, Store } from '../ports.js';

const SETTING = 'follow_up_presets';

/**
 * On a new store, the default follow-ups and their English and French templates, as drafts: nothing is sent until
 * someone activates a scenario. Installed once; a preset the user deleted does not come back on restart.
 */
export async function installFollowUpPresets(deps: { store: Pick<Store, 'settings' | 'scenarios' | 'templates'>; clock: Clock }): Promise<void> {
  if (await deps.store.settings.get(SETTING)) return;
  const at = deps.clock.now().getTime();
  for (const template of TEMPLATE_PRESETS) {
    if (await deps.store.templates.find(template.key, template.locale).then((t) => t?.locale === template.locale)) continue;
    await deps.store.templates.save({ id: newId('tpl', at), ...template, createdAt: at, updatedAt: at });
  }
  for (const scenario of SCENARIO_PRESETS) {
    if (await deps.store.scenarios.getByKey(scenario.key)) continue;
    await deps.store.scenarios.save({ id: newId('scn', at), key: scenario.key, version: 1, status: 'draft', scenario, createdAt: at, updatedAt: at });
  }
  await deps.store.settings.set(SETTING, 'installed');
}
