import type { ContactState } from '../fold/contact-state.js';
import { eventTallyKey } from '../fold/contact-state.js';
import { CONSENT_PURPOSES, type ConsentPurpose, type ConsentRecord, type ConsentStatus } from './consent.js';
import { CONSENT_EVENTS } from './consent-events.js';

const UNKNOWN: ConsentStatus = { granted: null, source: null, at: null };

/**
 * Where each purpose stands for a contact, from the record the fold keeps. A state folded before the record existed
 * (until its replay) still says `unsubscribed` through the trait or a folded `Unsubscribed` event.
 */
export function consentOf(state: Pick<ContactState, 'traits' | 'tallies' | 'consent'>): Record<ConsentPurpose, ConsentStatus> {
  const result = Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, state.consent?.[p] ?? UNKNOWN])) as Record<ConsentPurpose, ConsentStatus>;
  if (state.consent === undefined) {
    const trait = state.traits['unsubscribed'];
    const tally = state.tallies[eventTallyKey(CONSENT_EVENTS.unsubscribed)];
    if (trait === true || trait === 'true') result.email_marketing = { granted: false, source: 'identify', at: null };
    else if (trait === false || trait === 'false') result.email_marketing = { granted: true, source: 'identify', at: null };
    else if (tally && tally.n > 0) result.email_marketing = { granted: false, source: 'event', at: tally.last };
  }
  return result;
}

/** Whether a marketing message for this purpose may go: yes unless the contact refused it (no answer is no refusal). */
export function mayMessage(state: Pick<ContactState, 'traits' | 'tallies' | 'consent'>, purpose: ConsentPurpose): boolean {
  return consentOf(state)[purpose].granted !== false;
}

/** The record a new answer is added to: the fold's, else what an older state says (so a new answer keeps it). */
export function consentRecordOf(state: Pick<ContactState, 'traits' | 'tallies' | 'consent'>): ConsentRecord {
  if (state.consent !== undefined) return state.consent;
  const refused = consentOf(state).email_marketing;
  return refused.granted === null ? {} : { email_marketing: { granted: refused.granted, source: refused.source ?? 'event', at: refused.at ?? 0 } };
}
