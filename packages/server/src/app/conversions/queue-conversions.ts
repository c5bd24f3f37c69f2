import type { ContactId, ContactState, EpochMs, LeadEvent } from '@leadpulse/core';
import type { ContactUpdate, StoreTx } from '../ports.js';
import { newId } from '../new-id.js';
import type { NewConversionDelivery } from './conversion-ports.js';
import { googleConversionOf, metaEventOf, type ConversionSource } from './conversion-payloads.js';
import type { ConversionSettings } from './conversion-settings.js';

const DAY_MS = 24 * 3600 * 1000;
/** Meta refuses events older than 7 days; Google takes click conversions up to 90 days after the click. */
export const MAX_EVENT_AGE_MS = { meta: 7 * DAY_MS, google: 90 * DAY_MS } as const;

/** What a write transaction hands over: the events it appended, by contact, and the contacts as it saved them. */
export interface WrittenEvents {
  readonly eventsByContact: ReadonlyMap<ContactId, readonly LeadEvent[]>;
  readonly contacts: readonly Pick<ContactUpdate, 'id' | 'state'>[];
}

/** The platform's event name for a site event, or null when it is not forwarded. */
export function forwardedName(event: LeadEvent, events: ReadonlyMap<string, string>): string | null {
  if (event.bot || event.internal) return null;
  if (event.type === 'page') return events.get('page') ?? null;
  if (event.type === 'track' && event.name) return events.get(event.name) ?? null;
  return null;
}

/** Ad consent must have been given, not merely never refused: forwarding names the person to an ad platform. */
export const adConsentGranted = (state: ContactState): boolean => state.consent?.ad_audiences?.granted === true;

/** The deliveries a written batch queues: each mapped event of a consenting contact, once per configured platform. */
export function conversionsOf(written: WrittenEvents, settings: ConversionSettings, now: EpochMs): NewConversionDelivery[] {
  const rows: NewConversionDelivery[] = [];
  const states = new Map(written.contacts.map((c) => [c.id, c.state]));
  for (const [contactId, events] of written.eventsByContact) {
    const state = states.get(contactId);
    if (!state || !adConsentGranted(state)) continue;
    for (const event of events) {
      const eventName = forwardedName(event, settings.events);
      if (!eventName) continue;
      const source: ConversionSource = { event, contactId, state, eventName, currency: settings.currency };
      const row = (platform: NewConversionDelivery['platform'], payload: Record<string, unknown>) => ({ id: newId('cv', now), platform, eventId: event.id, eventName, contactId, payload, createdAt: now });
      if (settings.meta && event.at >= now - MAX_EVENT_AGE_MS.meta) rows.push(row('meta', metaEventOf(source)));
      const google = settings.google && event.at >= now - MAX_EVENT_AGE_MS.google ? googleConversionOf(source, settings.google) : null;
      if (google) rows.push(row('google', google));
    }
  }
  return rows;
}

/** The conversions' share of a write transaction: one insert for what the batch forwards (nothing when nothing is). */
export function createQueueConversions(settings: ConversionSettings) {
  return async (tx: Pick<StoreTx, 'queueConversions'>, written: WrittenEvents, now: EpochMs): Promise<() => void> => {
    const rows = conversionsOf(written, settings, now);
    if (rows.length > 0) await tx.queueConversions(rows);
    return () => {};
  };
}

/** The scenarios' share of a write followed by the conversions' (both in the same transaction). */
export function withConversions<W extends WrittenEvents>(
  followUp: (tx: StoreTx, written: W, now: EpochMs) => Promise<() => void>,
  queue: ReturnType<typeof createQueueConversions> | null,
): (tx: StoreTx, written: W, now: EpochMs) => Promise<() => void> {
  if (!queue) return followUp;
  return async (tx, written, now) => {
    const after = await followUp(tx, written, now);
    await queue(tx, written, now);
    return after;
  };
}
