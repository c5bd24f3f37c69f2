import { mayMessage } from '../consent/consent-of.js';
import type { ContactState } from '../fold/contact-state.js';

/** What the `unsubscribed` trait says: true or false (written as a boolean or as text), or nothing. */
export function unsubscribedTrait(traits: Readonly<Record<string, unknown>>): boolean | null {
  const flag = traits['unsubscribed'];
  if (flag === true || flag === 'true') return true;
  if (flag === false || flag === 'false') return false;
  return null;
}

/**
 * Whether a contact refused marketing email: one case of consent (consent/consent-of.ts), the latest answer in event
 * time from an `Unsubscribed` or `Consent Updated` event or the traits `consent.email_marketing` and `unsubscribed`.
 * Scenarios' exit rules read it; sends check the consent of their own channel's purpose.
 */
export function hasUnsubscribed(state: Pick<ContactState, 'traits' | 'tallies' | 'consent'>): boolean {
  return !mayMessage(state, 'email_marketing');
}


