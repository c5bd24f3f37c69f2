import type { EventId } from '../shared/ids.js';
import type { ContactState } from './contact-state.js';

/**
 * A folded state without identifiers: no traits, no email, and the event ids it cites renamed as the anonymised
 * events were (anonymiseEvent). Tallies, touches, paths, sessions and the stages reached are kept, so the contact's
 * facts and its place in every report do not change.
 */
export function anonymiseState(state: ContactState, renamed: (id: EventId) => EventId): ContactState {
  return {
    ...state,
    traits: {},
    email: null,
    // Click and browser ids name a person to the ad platforms.
    ads: undefined,
    lastEventId: state.lastEventId === null ? null : renamed(state.lastEventId),
    openCart: state.openCart ? { ...state.openCart, eventId: renamed(state.openCart.eventId) } : null,
    tallies: Object.fromEntries(
      Object.entries(state.tallies).map(([key, tally]) => [key, { ...tally, recent: tally.recent.map(([at, value, id]) => [at, value, renamed(id)] as [number, number, EventId]) }]),
    ),
  };
}
