import {
  CHECKED_STAGES,
  DAY,
  compileDoctrine,
  contactFacts,
  doctrineFit,
  emptyContactState,
  err,
  ok,
  parseDuration,
  rankByFit,
  stageOutcomes,
  type CheckedStage,
  type ContactId,
  type Doctrine,
  type DoctrineFit,
  type DomainError,
  type EpochMs,
  type Outcome,
  type Result,
  walkStages,
} from '@leadpulse/core';
import type { Clock, Store } from './ports.js';

export interface PresetFit {
  readonly preset: string;
  readonly name: string;
  readonly fit: DoctrineFit;
}

/** Every candidate doctrine replayed over the whole history, best fit first; `winner` is null when none can be scored. */
export interface DoctrineSuggestion {
  readonly now: EpochMs;
  readonly horizonMs: number;
  readonly contacts: number;
  readonly fits: readonly PresetFit[];
  readonly winner: string | null;
}

const DEFAULT_HORIZON = 90 * DAY;

/**
 * Which doctrine sorts this store's contacts best by real conversion: each candidate replays every contact's history
 * in memory (nothing is saved), and the doctrine check's outcomes by stage are scored with doctrineFit.
 */
export function createSuggestDoctrine(deps: { store: Pick<Store, 'contacts' | 'events'>; clock: Clock; candidates: Readonly<Record<string, Doctrine>> }) {
  return async function suggestDoctrine(options: { horizon?: string; chunkSize?: number } = {}): Promise<Result<DoctrineSuggestion, DomainError>> {
    let horizonMs = DEFAULT_HORIZON;
    if (options.horizon !== undefined) {
      const parsed = parseDuration(options.horizon);
      if (!parsed.ok || parsed.value <= 0) {
        const message = parsed.ok ? 'expected a duration greater than zero' : parsed.error;
        return err({ code: 'invalid_query', message: `horizon: ${message}`, issues: [{ code: 'invalid_value', path: ['horizon'], message }] });
      }
      horizonMs = parsed.value;
    }
    const now = deps.clock.now().getTime();
    const window = { now, horizonMs };
    const candidates = Object.entries(deps.candidates).map(([preset, doctrine]) => ({ preset, doctrine, compiled: compileDoctrine(doctrine), totals: emptyOutcomes() }));
    let contacts = 0;
    let cursor: ContactId | null = null;
    for (;;) {
      const ids: ContactId[] = await deps.store.contacts.idsAfter(cursor, options.chunkSize ?? 1000);
      if (ids.length === 0) break;
      cursor = ids[ids.length - 1]!;
      const histories = await deps.store.events.historiesOf(ids);
      contacts += ids.length;
      for (const candidate of candidates) {
        const { compiled } = candidate;
        // Walked in event time, so stages reached with time alone (a cart left) count from when they were reached.
        const facts = ids.map((id) => {
          const walk = walkStages(compiled, { state: emptyContactState(), stage: null, stageSince: null, settledAt: null }, histories.get(id) ?? [], now);
          return contactFacts(walk.state, walk.stage, compiled.temperatureOf);
        });
        addOutcomes(candidate.totals, stageOutcomes(facts, window));
      }
    }
    const fits = rankByFit(candidates.map(({ preset, doctrine, totals }) => ({ preset, name: doctrine.name, fit: doctrineFit(totals, horizonMs) })));
    const winner = fits[0] && fits[0].fit.score !== null ? fits[0].preset : null;
    return ok({ now, horizonMs, contacts, fits, winner });
  };
}

const emptyOutcomes = () => Object.fromEntries(CHECKED_STAGES.map((stage) => [stage, { contacts: 0, converted: 0 }])) as Record<CheckedStage, { contacts: number; converted: number }>;

function addOutcomes(totals: Record<CheckedStage, { contacts: number; converted: number }>, chunk: Readonly<Record<CheckedStage, Outcome>>): void {
  for (const stage of CHECKED_STAGES) {
    totals[stage].contacts += chunk[stage].contacts;
    totals[stage].converted += chunk[stage].converted;
  }
}
