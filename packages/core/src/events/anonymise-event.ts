import type { EventId } from '../shared/ids.js';
import type { EventContext, LeadEvent } from './lead-event.js';
import { hostOfUrl, pagePathOf } from './page-path.js';

/** Where an order's amount may be: what the fold reads as revenue, in this order. */
const AMOUNT_FIELDS = ['revenue', 'total', 'value'];
const CAMPAIGN_FIELDS = ['source', 'medium', 'name'] as const;

/**
 * The event an anonymised contact keeps: everything reports and the fold read, no identifier. Kept: type, event
 * name, timestamps, the bot and internal flags, numbers and booleans of the properties (amounts, quantities, engaged
 * time; an amount sent as a numeric string becomes a number), the page path without query or fragment, the referrer's
 * host, the UTM source, medium and campaign name, and the tracking library's name and version. Removed: userId,
 * anonymousId, previousId, groupId, traits, IP, user agent, locale, page URL, title and query, UTM term and content,
 * every other context field, and every text or nested property (free text may hold a name, an email or an order
 * number). LeadPulse's own events keep their properties but the reasons, which cite traits and events.
 * Folding the anonymised history gives the same tallies, touches, paths and milestones as the original, without
 * traits or email. `id` replaces the event's own: a messageId links the event to the sender's logs.
 */
export function anonymiseEvent(event: LeadEvent, id: EventId): LeadEvent {
  const path = pagePathOf(event);
  return {
    id,
    type: event.type,
    name: event.name,
    userId: null,
    anonymousId: null,
    previousId: null,
    groupId: null,
    at: event.at,
    receivedAt: event.receivedAt,
    properties: event.internal ? withoutReasons(event.properties) : keptProperties(event.properties, path),
    traits: {},
    context: keptContext(event.context, path),
    bot: event.bot,
    internal: event.internal,
  };
}

function keptProperties(properties: Readonly<Record<string, unknown>>, path: string | null): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) kept[key] = value;
    else if (AMOUNT_FIELDS.includes(key) && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) kept[key] = Number(value);
  }
  // A path given in the properties stays there, so pagePathOf still finds it first.
  if (path !== null && (typeof properties['path'] === 'string' || typeof properties['url'] === 'string')) kept['path'] = path;
  return kept;
}

function withoutReasons(properties: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { reasons: _reasons, ...rest } = properties;
  return rest;
}

function keptContext(context: EventContext, path: string | null): EventContext {
  const kept: Record<string, unknown> = {};
  // A track call with a page context counts as site activity: the page object stays, even empty.
  if (context.page !== undefined) {
    const referrer = typeof context.page?.referrer === 'string' ? hostOfUrl(context.page.referrer) : null;
    kept['page'] = { ...(path !== null ? { path } : {}), ...(referrer ? { referrer: `https://${referrer}/` } : {}) };
  }
  const campaign = context.campaign;
  if (campaign && typeof campaign === 'object') {
    const utm = Object.fromEntries(CAMPAIGN_FIELDS.filter((field) => typeof campaign[field] === 'string').map((field) => [field, campaign[field]]));
    if (Object.keys(utm).length > 0) kept['campaign'] = utm;
  }
  const library = context['library'];
  if (typeof library === 'object' && library !== null) {
    const { name, version } = library as { name?: unknown; version?: unknown };
    kept['library'] = { ...(typeof name === 'string' ? { name } : {}), ...(typeof version === 'string' ? { version } : {}) };
  }
  return kept as EventContext;
}
