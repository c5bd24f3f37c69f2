import { STANDARD_EVENTS, contactFacts, eventId, walkStages, type ContactId, type ContactState, type EpochMs, type LeadEvent, type StageMove } from '@leadpulse/core';
import type { ActiveDoctrine } from './active-doctrine.js';
import { newId } from './new-id.js';
import type { ContactRecord, ContactUpdate, StageChange, StageChangeCause } from './ports.js';

export interface Evaluation {
  readonly update: ContactUpdate;
  /** The moves the walk found, each dated when it became true. */
  readonly changes: readonly StageChange[];
  /** An internal `Stage Changed` event per move, so scenarios and webhooks react to it like any other event. */
  readonly stageEvents: readonly LeadEvent[];
  /** The contact's stored stage history must be replaced by `changes` (a walk from the beginning). */
  readonly rewritesHistory: boolean;
}

/**
 * Where the walk starts: from the stored contact (new events only), from nothing over its whole history (whose
 * recorded moves it replaces), or from nothing for a contact this batch created (nothing recorded to replace).
 */
export type EvaluationStart =
  | { readonly kind: 'stored'; readonly record: Pick<ContactRecord, 'stage' | 'stageSince' | 'userId' | 'state' | 'updatedAt'>; readonly events: readonly LeadEvent[] }
  | { readonly kind: 'history'; readonly previous: Pick<ContactRecord, 'stage' | 'userId'> | null; readonly events: readonly LeadEvent[]; readonly empty: ContactState }
  | { readonly kind: 'new'; readonly events: readonly LeadEvent[]; readonly empty: ContactState };

/**
 * Walks a contact through its new events (or its whole history) in event time up to `now`, and turns the walk into
 * what is stored: the new state and classification, one stage change and one `Stage Changed` event per move.
 * `now` is the processing instant; the moves carry their own instants.
 */
export function evaluateContact(id: ContactId, start: EvaluationStart, doctrine: ActiveDoctrine, now: EpochMs, userId: string | null): Evaluation {
  const fromStored = start.kind === 'stored';
  const first = start.events[0]?.at;
  const walk = fromStored
    ? walkStages(
        doctrine.compiled,
        {
          state: start.record.state,
          stage: start.record.stage,
          stageSince: start.record.stageSince,
          // The stored stage held up to its evaluation, and at the first new event (nothing moved after stageSince).
          settledAt: first === undefined ? start.record.updatedAt : Math.min(start.record.updatedAt, first),
        },
        start.events,
        now,
      )
    : walkStages(doctrine.compiled, { state: start.empty, stage: null, stageSince: null, settledAt: null }, start.events, now);
  const previousUserId = fromStored ? start.record.userId : start.kind === 'history' ? (start.previous?.userId ?? null) : null;
  const update: ContactUpdate = {
    id,
    userId: userId ?? previousUserId,
    email: walk.state.email,
    state: walk.state,
    classification: walk.classification,
    stageSince: walk.stageSince ?? now,
    doctrineVersion: doctrine.version,
    updatedAt: now,
    facts: contactFacts(walk.state, walk.classification.stage, doctrine.compiled.temperatureOf),
    predicted: doctrine.predictor?.probability(walk.state, now, walk.classification.stage) ?? null,
  };
  const changes = walk.moves.map((move) => toStageChange(id, move, doctrine.version));
  return { update, changes, stageEvents: changes.map((change) => toStageEvent(change, update.userId)), rewritesHistory: start.kind === 'history' };
}

function toStageChange(contactId: ContactId, move: StageMove, doctrineVersion: number): StageChange {
  const cause: StageChangeCause = move.cause;
  return {
    id: newId('sc', move.at),
    contactId,
    from: move.from,
    to: move.to,
    at: move.at,
    cause,
    doctrineVersion,
    reasons: move.classification.reasons,
    score: move.classification.score,
  };
}

function toStageEvent(change: StageChange, userId: string | null): LeadEvent {
  return {
    id: eventId(change.id),
    type: 'track',
    name: STANDARD_EVENTS.stageChanged,
    userId,
    anonymousId: null,
    previousId: null,
    groupId: null,
    at: change.at,
    receivedAt: change.at,
    properties: { from: change.from, to: change.to, cause: change.cause, score: change.score, doctrineVersion: change.doctrineVersion, reasons: change.reasons },
    traits: {},
    context: {},
    bot: false,
    internal: true,
  };
}
