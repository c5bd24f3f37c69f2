import type { Scenario } from '@leadpulse/core';
import type { Store } from '../ports.js';
import type { ScenarioRecord } from '../scenario-ports.js';

/**
 * The active scenarios that triggers are matched against, held in memory so ingestion pays nothing to ask, and the
 * versions enrolments run on. Reloaded after every change made here and on each scheduler tick, so processes of a
 * scale-out deployment pick up a change made by another one.
 */
export interface ActiveScenarios {
  /** The newest version of each active scenario. */
  list(): readonly ScenarioRecord[];
  /** The document an enrolment runs on: its own version, which an edit may have left behind. */
  version(id: string, version: number): Promise<Scenario | null>;
  refresh(): Promise<void>;
}

export function createActiveScenarios(store: Pick<Store, 'scenarios'>): ActiveScenarios {
  let active: readonly ScenarioRecord[] = [];
  const versions = new Map<string, Scenario | null>();
  return {
    list: () => active,
    async version(id, version) {
      const key = `${id}@${version}`;
      const current = active.find((r) => r.id === id && r.version === version);
      if (current) return current.scenario;
      if (!versions.has(key)) versions.set(key, (await store.scenarios.get(id, version))?.scenario ?? null);
      return versions.get(key)!;
    },
    async refresh() {
      active = await store.scenarios.active();
    },
  };
}
