import type { CompiledDoctrine } from '../doctrine/compile-doctrine.js';
import type { StageKey } from '../doctrine/doctrine.js';
import type { LeadEvent } from '../events/lead-event.js';
import type { ContactState } from '../fold/contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import type { EpochMs } from '../shared/ids.js';
import type { Classification } from './classification.js';

/** One move of a contact between stages, dated when it became true in the data. */
export interface StageMove {
  readonly at: EpochMs;
  readonly from: StageKey | null;
  readonly to: StageKey;
  /** An event moved it, or time alone did (a window closing, a cart left, points decaying). */
  readonly cause: 'event' | 'time';
  readonly classification: Classification;
}

/** Where a walk starts: a contact as stored, or nothing (`stage` null) for a history walked from its beginning. */
export interface WalkStart {
  readonly state: ContactState;
  readonly stage: StageKey | null;
  readonly stageSince: EpochMs | null;
  /** The instant up to which `stage` is known to hold; time moves after it are found by the walk. */
  readonly settledAt: EpochMs | null;
}

export interface StageWalk {
  /** The folded state, with the instant each stage was first held (time moves included). */
  readonly state: ContactState;
  readonly stage: StageKey;
  readonly stageSince: EpochMs | null;
  /** The classification at the walk's end. */
  readonly classification: Classification;
  readonly moves: readonly StageMove[];
}

// Bounds the time moves found between two events; the scheduler settles whatever a pathological doctrine leaves.
const MAX_TIME_STEPS = 10_000;

/**
 * Walks a contact through its events in time order and classifies it after each one, and at every instant between
 * them when time alone changes its classification, up to `until`. Every move is dated when it became true: an
 * abandoned cart from two weeks ago made the contact hot two weeks ago, whenever the data arrived. Entering the
 * fallback stage for the first time is not a move. `events` must be in (at, id) order and not before `settledAt`.
 */
export function walkStages(compiled: CompiledDoctrine, start: WalkStart, events: readonly LeadEvent[], until: EpochMs): StageWalk {
  const fallback = compiled.doctrine.fallback.key;
  let state = start.state;
  let stage = start.stage;
  let stageSince = start.stageSince;
  let at = start.settledAt;
  const moves: StageMove[] = [];

  // A contact's first stage other than the fallback is an entry (from null), whether or not it held the fallback first.
  // (The fold records the stage an event leads to before the walk sees it: only an earlier instant means it was held.)
  const heldBefore = (when: EpochMs) => stage !== null && (stage !== fallback || Object.entries(state.reached ?? {}).some(([key, at]) => key !== fallback && at < when));
  const enter = (classification: Classification, when: EpochMs, cause: StageMove['cause']) => {
    if (classification.stage === stage) return;
    if (stage !== null || classification.stage !== fallback) moves.push({ at: when, from: heldBefore(when) ? stage : null, to: classification.stage, cause, classification });
    stage = classification.stage;
    stageSince = when;
    if (state.reached?.[stage] === undefined) state = { ...state, reached: { ...state.reached, [stage]: when } };
  };
  // Only a move needs the whole classification (reasons, score): each instant is first decided by stageOf alone.
  const decide = (when: EpochMs, cause: StageMove['cause']) => {
    const decision = compiled.stageOf(state, when);
    if (decision.stage !== stage) enter(compiled.classify(state, when), when, cause);
    return decision.nextChangeAt;
  };
  // Time moves in (at, limit]: the stage holds until its next change instant, so only those instants are visited.
  const settle = (limit: EpochMs) => {
    if (at === null || stage === null) return;
    let next = compiled.stageOf(state, at).nextChangeAt;
    for (let steps = 0; next !== null && next <= limit && next > at && steps < MAX_TIME_STEPS; steps++) {
      at = next;
      next = decide(at, 'time');
    }
  };

  const first = events[0];
  if (first) {
    settle(first.at);
    const folded = foldInOnePass(compiled, state, stage, events);
    if (folded) {
      state = folded.state;
      for (const { at: when, classification } of folded.moves) enter(classification, when, 'event');
      at = Math.max(at ?? folded.lastAt, folded.lastAt);
    } else {
      // Time moves the stage between two of these events: walk them one by one.
      for (const event of events) {
        settle(event.at);
        state = foldEvents(state, [event], compiled.foldParams);
        if (event.bot || event.internal) continue;
        at = Math.max(at ?? event.at, event.at);
        decide(at, 'event');
      }
    }
  }
  const end = Math.max(until, at ?? until);
  settle(end);
  const classification = compiled.classify(state, end);
  enter(classification, end, 'time');
  return { state, stage: classification.stage, stageSince, classification, moves };
}

/**
 * The common case, in one fold: the fold already decides the stage after each event (to record when each stage was
 * first held), so the walk reads those decisions and classifies in full only where the stage moves. Returns null when
 * the stage could change with time between two of the events, which needs the state between them.
 */
function foldInOnePass(compiled: CompiledDoctrine, start: ContactState, stage: StageKey | null, events: readonly LeadEvent[]) {
  const moves: { at: EpochMs; classification: Classification }[] = [];
  let current = stage;
  let next: EpochMs | null = null;
  let lastAt: EpochMs | null = null;
  let timeMoves = false;
  const params = {
    ...compiled.foldParams,
    stageAt: (state: ContactState, at: EpochMs) => {
      if (next !== null && lastAt !== null && next <= at && next > lastAt) timeMoves = true;
      const decision = compiled.stageOf(state, at);
      if (decision.stage !== current) moves.push({ at, classification: compiled.classify(state, at) });
      current = decision.stage;
      next = decision.nextChangeAt;
      lastAt = at;
      return decision.stage;
    },
  };
  const state = foldEvents(start, events, params);
  if (timeMoves || lastAt === null) return null;
  return { state, moves, lastAt: lastAt as EpochMs };
}
