import { TEMPERATURES, contactFacts, emptyContactState, eventId, type ContactId, type LeadEvent, type Temperature } from '@leadpulse/core';
import type { ContactUpdate } from '../../app/ports.js';

/** The temperature of a stage key that names one. */
export const temperatureOf = (key: string) => ((TEMPERATURES as readonly string[]).includes(key) ? (key as Temperature) : null);

/** A stored event as the store contracts write it: a `Signed Up` track call of `anon`, with whatever `extra` sets. */
export const storedEvent = (id: string, at: number, extra: Partial<LeadEvent> = {}): LeadEvent => ({
  id: eventId(id),
  type: 'track',
  name: 'Signed Up',
  userId: null,
  anonymousId: 'anon',
  previousId: null,
  groupId: null,
  at,
  receivedAt: at,
  properties: {},
  traits: {},
  context: {},
  bot: false,
  internal: false,
  ...extra,
});

/** The store contract's contact save at `at`: a stage reached then, a classification with one reason, and its facts. */
export function contactUpdate(id: ContactId, stage: string, at: number, extra: Partial<ContactUpdate> = {}): ContactUpdate {
  const state = extra.state ?? { ...emptyContactState(), firstSeenAt: at, lastSeenAt: at + 1000, reached: { [stage]: at } };
  return {
    id,
    userId: null,
    email: null,
    state,
    classification: { stage, score: 12.5, reasons: [{ stage, conditions: [{ condition: { signal: 'chats' }, text: 'at least one chat', observed: 1, evidence: [eventId('e1')] }] }], scoreLines: [{ rule: 'chat', points: 12.5 }], nextChangeAt: at + 1000 },
    stageSince: at,
    doctrineVersion: 1,
    updatedAt: at,
    facts: contactFacts(state, stage, (key) => (key === 'hot' || key === 'warm' || key === 'cold' ? key : null)),
    predicted: null,
    ...extra,
  };
}
