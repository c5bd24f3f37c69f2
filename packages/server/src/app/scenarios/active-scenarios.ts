import type { Scenario } from '@leadpulse/core';
import type { Store, StoreTx } from '../ports.js';
import type { ScenarioRecord } from '../scenario-ports.js';

/**
 * The active scenarios that triggers are matched against, held in memory so ingestion pays nothing to ask, and the
 * versions enrolments run on. Reloaded after every change made here and on each scheduler tick, so processes of a
 * scale-out deployment pick up a change made by another one.
 */
export interface ActiveScenarios {
  /** The newest version of each active scenario: what triggers enrol into. */
  list(): readonly ScenarioRecord[];
  /** Whether any scenario is active or paused: whether a contact can have an enrolment to end or wake. */
  anyRunning(): boolean;
  /**
   * The document an enrolment runs on: its own version, which an edit may have left behind. Read through the caller's
   * transaction when not held here: on SQLite a read on the store's one connection would wait for that transaction.
   */
  version(id: string, version: number, tx: Pick<StoreTx, 'scenarioVersion'>): Promise<Scenario | null>;
  refresh(): Promise<void>;
}

export function createActiveScenarios(store: Pick<Store, 'scenarios'>): ActiveScenarios {
  let active: readonly ScenarioRecord[] = [];
  let newest: readonly ScenarioRecord[] = [];
  let running = false;
  const versions = new Map<string, Scenario | null>();
  return {
    list: () => active,
    anyRunning: () => running,
    async version(id, version, tx) {
      const key = `${id}@${version}`;
      const current = newest.find((r) => r.id === id && r.version === version);
      if (current) return current.scenario;
      // Versions never change once stored; a missing one (deleted) is asked again, in case it is not deleted yet here.
      if (!versions.has(key)) {
        const found = await tx.scenarioVersion(id, version);
        if (!found) return null;
        versions.set(key, found);
      }
      return versions.get(key)!;
    },
    async refresh() {
      const all = await store.scenarios.list();
      newest = all;
      active = all.filter((r) => r.status === 'active');
      running = all.some((r) => r.status !== 'draft');
    },
  };
}
