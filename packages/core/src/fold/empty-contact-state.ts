import type { ContactState } from './contact-state.js';

export function emptyContactState(): ContactState {
  return {
    v: 1,
    firstSeenAt: null,
    lastSeenAt: null,
    lastEventAt: null,
    lastEventId: null,
    traits: {},
    email: null,
    sessionStartedAt: null,
    sessionLastAt: null,
    lastPath: null,
    firstTouch: null,
    lastTouch: null,
    openCart: null,
    tallies: {},
    eventCount: 0,
    reached: {},
    paths: {},
  };
}
