import { STANDARD_EVENTS } from '../events/lead-event.js';
import type { ContactState } from '../fold/contact-state.js';
import { eventTallyKey } from '../fold/contact-state.js';

/** What the `unsubscribed` trait says: true or false (written as a boolean or as text), or nothing. */
export function unsubscribedTrait(traits: Readonly<Record<string, unknown>>): boolean | null {
  const flag = traits['unsubscribed'];
  if (flag === true || flag === 'true') return true;
  if (flag === false || flag === 'false') return false;
  return null;
}

/**
 * Whether a contact may no longer be messaged: the trait says so, or an `Unsubscribed` event was folded and no
 * trait `unsubscribed: false` undid it since. Scenarios' exit rules, sends and the outbox read this one rule.
 */
export function hasUnsubscribed(state: Pick<ContactState, 'traits' | 'tallies'>): boolean {
  const trait = unsubscribedTrait(state.traits);
  return trait ?? (state.tallies[eventTallyKey(STANDARD_EVENTS.unsubscribed)]?.n ?? 0) > 0;
}
