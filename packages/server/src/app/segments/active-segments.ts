import { compileSegments, type CompiledSegments } from '@leadpulse/core';
import type { Logger, Store } from '../ports.js';
import type { LiveSegmentRecord } from './membership-ports.js';

/** The segments the write path keeps live, compiled once per change of the segments table. */
export interface LiveSegmentSet {
  readonly records: readonly LiveSegmentRecord[];
  readonly byKey: ReadonlyMap<string, LiveSegmentRecord>;
  /** Null while there is no segment: the write path then does nothing at all. */
  readonly compiled: CompiledSegments | null;
  /** Scenario keys by scenario id, read only when a segment tests scenario membership. */
  readonly scenarioKeys: ReadonlyMap<string, string>;
}

/**
 * The live segments (every segment not deleted: one still 'building' is kept live too, so a contact that changes
 * while its rebuild runs is never missed), held in memory so ingestion pays nothing to ask. Reloaded after every
 * change made in this process (`refresh`), and by a cheap fingerprint of the segments table on each scheduler tick
 * (`refreshIfChanged`), so processes of a scale-out deployment pick up a change made by another one.
 */
export interface ActiveSegments {
  current(): LiveSegmentSet;
  refresh(): Promise<void>;
  refreshIfChanged(): Promise<void>;
}

export const EMPTY_SEGMENTS: LiveSegmentSet = { records: [], byKey: new Map(), compiled: null, scenarioKeys: new Map() };

export function createActiveSegments(deps: { store: Pick<Store, 'segments' | 'segmentMembership' | 'scenarios'>; logger?: Pick<Logger, 'error'> }): ActiveSegments {
  let set: LiveSegmentSet = EMPTY_SEGMENTS;
  let seen: string | null = null;

  async function load(fingerprint: string) {
    const records = [...(await deps.store.segments.all())].sort((a, b) => (a.id < b.id ? -1 : 1));
    let compiled: CompiledSegments | null = null;
    try {
      compiled = records.length > 0 ? compileSegments(records.map((r) => r.definition)) : null;
    } catch (error) {
      // A stored definition core no longer accepts must not stop ingestion: the previous set stays live, and it says so.
      deps.logger?.error({ err: error, segments: records.map((r) => r.key) }, 'segments.compile_failed');
      return;
    }
    const scenarioKeys = compiled?.usesScenarios ? new Map((await deps.store.scenarios.list()).map((s) => [s.id, s.scenario.key])) : new Map<string, string>();
    set = { records, byKey: new Map(records.map((r) => [r.key, r])), compiled, scenarioKeys };
    seen = fingerprint;
  }

  return {
    current: () => set,
    async refresh() {
      await load(await deps.store.segmentMembership.fingerprint());
    },
    async refreshIfChanged() {
      const fingerprint = await deps.store.segmentMembership.fingerprint();
      // A segment using scenario membership also needs scenario keys that may be new: those are re-read each time.
      if (fingerprint !== seen || set.compiled?.usesScenarios) await load(fingerprint);
    },
  };
}
