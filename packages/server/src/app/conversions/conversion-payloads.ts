import { profileOf, revenueOf, STANDARD_EVENTS, type ContactId, type ContactState, type LeadEvent } from '@leadpulse/core';
import type { GoogleSettings } from './conversion-settings.js';
import { e164, googleEmail, metaEmail, metaPhone, sha256 } from './hash-identifiers.js';

/** What a forwarded event is built from: the event, its contact as the write folded it, and the names it maps to. */
export interface ConversionSource {
  readonly event: LeadEvent;
  readonly contactId: ContactId;
  readonly state: ContactState;
  /** The platforms' event name (Purchase, Lead…). */
  readonly eventName: string;
  /** Currency when the event names none. */
  readonly currency: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** The order's value and currency, for purchases and for any event that states a value. */
function valueOf(source: ConversionSource): { value: number; currency: string } | null {
  const { properties, name } = source.event;
  const stated = name === STANDARD_EVENTS.orderCompleted || properties['revenue'] !== undefined || properties['value'] !== undefined || properties['total'] !== undefined;
  if (!stated) return null;
  const currency = text(properties['currency'])?.toUpperCase();
  return { value: revenueOf(properties), currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : source.currency };
}

const emailOf = (source: ConversionSource) => source.state.email ?? source.state.traits['email'];
// A national number is read with the contact's country as the segments' profile derives it (`France` → FR).
const phoneOf = (source: ConversionSource) => e164(source.state.traits['phone'] ?? source.state.traits['mobile'], profileOf(source.state).country ?? source.state.traits['country']);

/**
 * One event of Meta's Conversions API `data[]` (developers.facebook.com/docs/marketing-api/conversions-api/parameters).
 * `event_id` is the LeadPulse message id: a browser pixel that fires with the same eventID is deduplicated by Meta.
 * No `client_ip_address`: LeadPulse never keeps a full address (docs/privacy.md).
 */
export function metaEventOf(source: ConversionSource): Record<string, unknown> {
  const { event, state } = source;
  const email = metaEmail(emailOf(source));
  const phone = phoneOf(source);
  const userData: Record<string, unknown> = { external_id: [sha256(source.contactId)] };
  if (email) userData['em'] = [sha256(email)];
  if (phone) userData['ph'] = [sha256(metaPhone(phone))];
  if (state.ads?.fbp) userData['fbp'] = state.ads.fbp;
  if (state.ads?.fbc) userData['fbc'] = state.ads.fbc;
  if (typeof event.context.userAgent === 'string') userData['client_user_agent'] = event.context.userAgent;
  const value = valueOf(source);
  const orderId = text(event.properties['orderId']) ?? text(event.properties['order_id']);
  const customData: Record<string, unknown> = { ...(value ?? {}), ...(orderId ? { order_id: orderId } : {}) };
  return {
    event_name: source.eventName,
    event_time: Math.floor(event.at / 1000),
    event_id: event.id,
    // A browser event is `website` (Meta then requires its user agent and URL); a back-office one (an order sent by
    // the shop's server, an import) has neither and is `system_generated`.
    action_source: typeof event.context.userAgent === 'string' ? 'website' : 'system_generated',
    ...(typeof event.context.page?.url === 'string' ? { event_source_url: event.context.page.url } : {}),
    user_data: userData,
    ...(Object.keys(customData).length > 0 ? { custom_data: customData } : {}),
  };
}

/** Google's `conversion_date_time`: `yyyy-mm-dd hh:mm:ss+00:00`, in UTC. */
export const googleDateTime = (at: number): string => `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')}+00:00`;

/**
 * One `ClickConversion` of Google Ads' uploadClickConversions (developers.google.com/google-ads/api/docs/conversions/upload-clicks,
 * enhanced conversions for leads): the click id when the tracker kept one, hashed email and phone, the order id
 * (Google's deduplication key for a conversion) and the consent the contact gave. Null when Google has nothing to
 * match it on, or no conversion action is set up for this event.
 */
export function googleConversionOf(source: ConversionSource, google: GoogleSettings): Record<string, unknown> | null {
  const action = google.conversionActions.get(source.eventName);
  if (!action) return null;
  const { event, state } = source;
  const identifiers: Record<string, string>[] = [];
  const email = googleEmail(emailOf(source));
  const phone = phoneOf(source);
  if (email) identifiers.push({ hashedEmail: sha256(email) });
  if (phone) identifiers.push({ hashedPhoneNumber: sha256(phone) });
  const click = state.ads?.gclid ? { gclid: state.ads.gclid } : state.ads?.gbraid ? { gbraid: state.ads.gbraid } : state.ads?.wbraid ? { wbraid: state.ads.wbraid } : null;
  if (!click && identifiers.length === 0) return null;
  const value = valueOf(source);
  const orderId = text(event.properties['orderId']) ?? text(event.properties['order_id']) ?? event.id;
  return {
    ...(click ?? {}),
    conversionAction: `customers/${google.customerId}/conversionActions/${action}`,
    conversionDateTime: googleDateTime(event.at),
    ...(value ? { conversionValue: value.value, currencyCode: value.currency } : {}),
    orderId,
    ...(identifiers.length > 0 ? { userIdentifiers: identifiers } : {}),
    // Only contacts who granted ad consent are forwarded (queue-conversions.ts).
    consent: { adUserData: 'GRANTED', adPersonalization: 'GRANTED' },
  };
}
