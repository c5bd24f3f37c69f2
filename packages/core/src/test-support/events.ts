import { eventId } from '../shared/ids.js';
import type { LeadEvent } from '../events/lead-event.js';

let counter = 0;

/** Builds a LeadEvent for tests: `page('/tarifs', at)`, `track('Chat Started', at)`, `identify({ email }, at)`. */
export function leadEvent(overrides: Partial<LeadEvent> & Pick<LeadEvent, 'type' | 'at'>): LeadEvent {
  counter++;
  return {
    id: eventId(`ev-${String(counter).padStart(6, '0')}`),
    name: null,
    userId: null,
    anonymousId: 'a1',
    previousId: null,
    groupId: null,
    receivedAt: overrides.at,
    properties: {},
    traits: {},
    context: {},
    bot: false,
    internal: false,
    ...overrides,
  };
}

export const page = (path: string, at: number, extra: Partial<LeadEvent> = {}) => leadEvent({ type: 'page', at, properties: { path }, context: { page: { path } }, ...extra });
export const track = (name: string, at: number, properties: Record<string, unknown> = {}, extra: Partial<LeadEvent> = {}) => leadEvent({ type: 'track', name, at, properties, ...extra });
export const identify = (traits: Record<string, unknown>, at: number) => leadEvent({ type: 'identify', at, traits, userId: 'u1' });
