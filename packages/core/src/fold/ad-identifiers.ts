import type { LeadEvent } from '../events/lead-event.js';
import type { EpochMs } from '../shared/ids.js';
import type { ConsentRecord } from '../consent/consent.js';

/**
 * The ad platforms' click and browser identifiers the tracker sends in `context.ads` once the visitor granted ad
 * consent (docs/conversions.md): Meta's `_fbp` browser id and `_fbc` click id, Google's click ids. The conversions
 * forwarder reads the latest ones from the contact.
 */
export interface AdIdentifiers {
  readonly fbp?: string;
  readonly fbc?: string;
  readonly gclid?: string;
  readonly gbraid?: string;
  readonly wbraid?: string;
  /** When the latest of them arrived, in event time. */
  readonly at: EpochMs;
}

const AD_KEYS = ['fbp', 'fbc', 'gclid', 'gbraid', 'wbraid'] as const;
// Real values are 20 to 150 characters of URL-safe text; anything else is not an identifier the platforms take.
const WELL_FORMED = /^[A-Za-z0-9._-]{1,255}$/;

/** The identifiers an event carries in `context.ads`, or null when it carries none that are well formed. */
export function adIdentifiersOf(event: Pick<LeadEvent, 'context' | 'at'>): AdIdentifiers | null {
  const ads = event.context['ads'];
  if (ads === null || typeof ads !== 'object' || Array.isArray(ads)) return null;
  const found: Record<string, string> = {};
  for (const key of AD_KEYS) {
    const value = (ads as Record<string, unknown>)[key];
    if (typeof value === 'string' && WELL_FORMED.test(value)) found[key] = value;
  }
  return Object.keys(found).length > 0 ? { ...found, at: event.at } : null;
}

/**
 * The identifiers kept after an event: the newer ones replace the older per key (a new click wins), and a refused
 * ad consent forgets them all, so a withdrawal leaves nothing to forward.
 */
export function withAdIdentifiers(previous: AdIdentifiers | undefined, event: Pick<LeadEvent, 'context' | 'at'>, consent: ConsentRecord | undefined): AdIdentifiers | undefined {
  if (consent?.ad_audiences?.granted === false) return undefined;
  const found = adIdentifiersOf(event);
  if (!found) return previous;
  return { ...previous, ...found };
}
