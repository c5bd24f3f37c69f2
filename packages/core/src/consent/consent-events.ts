import type { LeadEvent } from '../events/lead-event.js';
import type { EpochMs } from '../shared/ids.js';
import { STANDARD_EVENTS } from '../events/lead-event.js';
import { isConsentPurpose, type ConsentPurpose, type ConsentRecord } from './consent.js';

/** Event names that carry consent (DESIGN 3.5, issue 15). */
export const CONSENT_EVENTS = { consentUpdated: 'Consent Updated', unsubscribed: STANDARD_EVENTS.unsubscribed } as const;

/** One purpose changed by one event. */
export interface ConsentChange {
  readonly purpose: ConsentPurpose;
  readonly granted: boolean;
  readonly source: string;
}

const textOr = (value: unknown, fallback: string): string => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 64) : fallback);
const answer = (value: unknown): boolean | null => (value === true || value === 'true' ? true : value === false || value === 'false' ? false : null);

/**
 * What an event says about consent:
 * - `Consent Updated` {purpose, granted, source};
 * - `Unsubscribed` {purpose?, source?}: the purpose refused, marketing email when it names none;
 * - identify traits `consent: { email_marketing: true, … }` (imports, forms; source from trait `consentSource`, else
 *   `identify`) and the older `unsubscribed: true|false` (marketing email);
 * - the tracker's consent (`context.consent` granted or denied): the tracking purpose.
 */
export function consentChangesOf(event: Pick<LeadEvent, 'type' | 'name' | 'properties' | 'traits' | 'context'>): ConsentChange[] {
  const changes: ConsentChange[] = [];
  if (event.type === 'track' && event.name === CONSENT_EVENTS.consentUpdated) {
    const granted = answer(event.properties['granted']);
    if (isConsentPurpose(event.properties['purpose']) && granted !== null) changes.push({ purpose: event.properties['purpose'], granted, source: textOr(event.properties['source'], 'event') });
  } else if (event.type === 'track' && event.name === CONSENT_EVENTS.unsubscribed) {
    const purpose = isConsentPurpose(event.properties['purpose']) ? event.properties['purpose'] : 'email_marketing';
    changes.push({ purpose, granted: false, source: textOr(event.properties['source'], 'event') });
  }
  const traits = event.traits;
  const given = traits['consent'];
  const unsubscribed = answer(traits['unsubscribed']);
  const source = given !== undefined || unsubscribed !== null ? textOr(traits['consentSource'], 'identify') : '';
  if (given !== null && typeof given === 'object' && !Array.isArray(given)) {
    for (const [purpose, value] of Object.entries(given)) {
      const granted = answer(value);
      if (isConsentPurpose(purpose) && granted !== null) changes.push({ purpose, granted, source });
    }
  }
  if (unsubscribed !== null) changes.push({ purpose: 'email_marketing', granted: !unsubscribed, source });
  const tracker = event.context['consent'];
  if (tracker === 'granted' || tracker === 'denied') changes.push({ purpose: 'tracking', granted: tracker === 'granted', source: 'tracker' });
  return changes;
}

/** The record with these answers given at `at`: later answers replace earlier ones (the fold runs in event time). */
export function withConsent(record: ConsentRecord, changes: readonly ConsentChange[], at: EpochMs): ConsentRecord {
  const next: Record<string, unknown> = { ...record };
  for (const change of changes) next[change.purpose] = { granted: change.granted, source: change.source, at };
  return next as ConsentRecord;
}
