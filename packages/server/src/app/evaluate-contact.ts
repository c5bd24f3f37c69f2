import { STANDARD_EVENTS, contactFacts, eventId, type ContactId, type ContactState, type EpochMs, type LeadEvent } from '@leadpulse/core';
import type { ActiveDoctrine } from './active-doctrine.js';
import { newId } from './new-id.js';
import type { ContactRecord, ContactUpdate, StageChange, StageChangeCause } from './ports.js';

export interface Evaluation {
  readonly update: ContactUpdate;
  readonly change: StageChange | null;
  /** The internal `Stage Changed` event, so scenarios and webhooks react to it like any other event. */
  readonly stageEvent: LeadEvent | null;
}

/**
 * Classifies a folded state and compares it with what was stored. Entering the fallback stage for the
 * first time is not a change: a new contact simply starts there.
 */
export function evaluateContact(
  id: ContactId,
  previous: Pick<ContactRecord, 'stage' | 'stageSince' | 'userId'> | null,
  folded: ContactState,
  doctrine: ActiveDoctrine,
  now: EpochMs,
  cause: StageChangeCause,
  userId: string | null,
): Evaluation {
  const classification = doctrine.compiled.classify(folded, now);
  // A stage reached with time alone (a window closing, a cart left) has no event to date it: it is reached now.
  const state = folded.reached?.[classification.stage] === undefined ? { ...folded, reached: { ...folded.reached, [classification.stage]: now } } : folded;
  const fallback = doctrine.compiled.doctrine.fallback.key;
  const from = previous?.stage ?? null;
  const changed = from === null ? classification.stage !== fallback : from !== classification.stage;
  const update: ContactUpdate = {
    id,
    userId: userId ?? previous?.userId ?? null,
    email: state.email,
    state,
    classification,
    stageSince: changed || !previous ? now : previous.stageSince,
    doctrineVersion: doctrine.version,
    updatedAt: now,
    facts: contactFacts(state, classification.stage, doctrine.compiled.temperatureOf),
  };
  if (!changed) return { update, change: null, stageEvent: null };
  const change: StageChange = {
    id: newId('sc', now),
    contactId: id,
    from,
    to: classification.stage,
    at: now,
    cause,
    doctrineVersion: doctrine.version,
    reasons: classification.reasons,
    score: classification.score,
  };
  const stageEvent: LeadEvent = {
    id: eventId(change.id),
    type: 'track',
    name: STANDARD_EVENTS.stageChanged,
    userId: update.userId,
    anonymousId: null,
    previousId: null,
    groupId: null,
    at: now,
    receivedAt: now,
    properties: { from, to: change.to, cause, score: change.score, doctrineVersion: doctrine.version, reasons: change.reasons },
    traits: {},
    context: {},
    bot: false,
    internal: true,
  };
  return { update, change, stageEvent };
}
