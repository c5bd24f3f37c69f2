import { consentChangesOf, withConsent } from '../consent/consent-events.js';
import { consentRecordOf } from '../consent/consent-of.js';
import { withAdIdentifiers } from './ad-identifiers.js';
import { pagePathOf, hostOfUrl } from '../events/page-path.js';
import { STANDARD_EVENTS, type LeadEvent } from '../events/lead-event.js';
import type { EpochMs, EventId } from '../shared/ids.js';
import { isMachineEngagement } from '../engagement/machine-engagement.js';
import { isEmailAddress } from './email-address.js';
import { MAX_TRACKED_PATHS, TALLY, eventTallyKey, type ContactState, type FoldParams, type Touch } from './contact-state.js';
import { matchesFilter, type EventFilter } from './event-filter.js';
import { compilePathMatcher } from './match-path.js';
import { habitRecorder } from './habits.js';
import { addOccurrence, emptyTally, pruneTally, type Tally } from './tally.js';

/** Bounded state: names beyond this many distinct track events per contact are not tallied. */
export const MAX_EVENT_TALLIES = 100;
const MAX_REPORTED_ENGAGEMENT_S = 3600;
/** Libraries that measure engaged time themselves (visible tab, active visitor) and report it as `engagedSeconds`. */
const MEASURING_LIBRARIES = new Set(['leadpulse.js']);

function measuresEngagement(event: LeadEvent): boolean {
  const library = event.context['library'];
  return typeof library === 'object' && library !== null && MEASURING_LIBRARIES.has((library as { name?: unknown }).name as string);
}

/** Log order: by time, then by id so that equal instants order the same way on every replay. */
export function compareEvents(a: Pick<LeadEvent, 'at' | 'id'>, b: Pick<LeadEvent, 'at' | 'id'>): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** True when `events` (sorted) all come after what `state` has folded, so folding them gives what a replay would. */
export function canFoldIncrementally(state: ContactState, events: readonly Pick<LeadEvent, 'at' | 'id'>[]): boolean {
  if (state.lastEventAt === null || events.length === 0) return true;
  return compareEvents(events[0]!, { at: state.lastEventAt, id: state.lastEventId ?? ('' as EventId) }) > 0;
}

const matcherCache = new WeakMap<readonly string[], (path: string) => boolean>();
function offerMatcher(params: FoldParams) {
  let matcher = matcherCache.get(params.offerPages);
  if (!matcher) matcherCache.set(params.offerPages, (matcher = compilePathMatcher(params.offerPages)));
  return matcher;
}

const filterCache = new WeakMap<readonly EventFilter[], Map<string, EventFilter[]>>();
const NO_FILTERS = new Map<string, EventFilter[]>();
function filtersByEvent(params: FoldParams): ReadonlyMap<string, readonly EventFilter[]> {
  if (!params.eventFilters || params.eventFilters.length === 0) return NO_FILTERS;
  let byEvent = filterCache.get(params.eventFilters);
  if (!byEvent) {
    byEvent = new Map();
    for (const filter of params.eventFilters) byEvent.set(filter.event, [...(byEvent.get(filter.event) ?? []), filter]);
    filterCache.set(params.eventFilters, byEvent);
  }
  return byEvent;
}

const CART_EVENTS = new Set<string>([STANDARD_EVENTS.productAdded, STANDARD_EVENTS.checkoutStarted]);

/**
 * The contact fold: a pure reducer from events, in log order, to a contact's state.
 * Example: `foldEvents(emptyContactState(), history, compiled.foldParams)`. Never mutates its inputs.
 */
export function foldEvents(previous: ContactState, events: readonly LeadEvent[], params: FoldParams): ContactState {
  // Object.assign, not a spread with overrides: V8 gives the spread's result a shape whose every read is slow, and the
  // doctrine reads this state once per event folded (measured in bench/doctrine-eval.mjs).
  const state: ContactState = Object.assign({}, previous);
  state.tallies = Object.assign({}, previous.tallies);
  state.reached = Object.assign({}, previous.reached);
  state.paths = Object.assign({}, previous.paths);
  const reach = (at: EpochMs) => {
    if (!params.stageAt) return;
    const stage = params.stageAt(state, at);
    if (state.reached![stage] === undefined) state.reached![stage] = at;
    habits.stage(stage, at);
  };
  const habits = habitRecorder(state);
  const copied = new Set<string>();
  let traitsCopied = false;
  const isOffer = offerMatcher(params);
  const micro = new Set(params.microConversions);
  const filters = filtersByEvent(params);

  const tally = (key: string): Tally => {
    let t = state.tallies[key];
    if (!t) t = emptyTally();
    else if (!copied.has(key)) t = { ...t, recent: t.recent.slice(), days: t.days.map((d) => [d[0], d[1], d[2]] as [number, number, number]) };
    copied.add(key);
    state.tallies[key] = t;
    return t;
  };
  const add = (key: string, at: EpochMs, value: number, id: EventId) => addOccurrence(tally(key), at, value, id);

  for (const event of events) {
    // Bots, LeadPulse's own events and machine opens or clicks (a proxy's prefetch, a link scanner) are kept in the
    // log but say nothing about a person.
    if (event.bot || event.internal || isMachineEngagement(event)) continue;
    const t = event.at;

    // A cart left longer than the delay became abandoned at that deadline, whatever comes next.
    if (state.openCart && t >= state.openCart.lastAt + params.cartAbandonAfterMs) {
      const abandonedAt = state.openCart.lastAt + params.cartAbandonAfterMs;
      add(TALLY.abandonedCarts, abandonedAt, 1, state.openCart.eventId);
      state.openCart = null;
      reach(abandonedAt);
    }

    const path = event.type === 'page' || event.type === 'screen' || event.context.page ? pagePathOf(event) : null;
    const isActivity = event.type === 'page' || event.type === 'screen' || (event.type === 'track' && event.context.page !== undefined);
    let startedSession = false;
    if (isActivity) {
      if (state.sessionLastAt === null || t - state.sessionLastAt >= params.sessionGapMs) {
        add(TALLY.sessions, t, 1, event.id);
        state.sessionStartedAt = t;
        startedSession = true;
      } else if (t > state.sessionLastAt && !measuresEngagement(event)) {
        // Engaged time: the gaps between consecutive events of one session, unless the tracker measured it for real.
        add(TALLY.engagedSeconds, t, (t - state.sessionLastAt) / 1000, event.id);
      }
      state.sessionLastAt = t;
    }
    const reported = event.properties['engagedSeconds'];
    if (typeof reported === 'number' && Number.isFinite(reported) && reported > 0) {
      add(TALLY.engagedSeconds, t, Math.min(reported, MAX_REPORTED_ENGAGEMENT_S), event.id);
    }

    if (event.type === 'page' || event.type === 'screen') {
      add(TALLY.pageViews, t, 1, event.id);
      if (path && isOffer(path)) add(TALLY.offerViews, t, 1, event.id);
      if (path) {
        state.lastPath = path;
        const seen = state.paths![path];
        if (seen !== undefined || Object.keys(state.paths!).length < MAX_TRACKED_PATHS) state.paths![path] = (seen ?? 0) + 1;
      }
    } else if (event.type === 'track' && event.name) {
      const key = eventTallyKey(event.name);
      if (state.tallies[key] || Object.keys(state.tallies).length < MAX_EVENT_TALLIES + 8) {
        add(key, t, event.name === STANDARD_EVENTS.orderCompleted ? revenueOf(event.properties) : 1, event.id);
      }
      if (micro.has(event.name)) add(TALLY.microConversions, t, 1, event.id);
      for (const filter of filters.get(event.name) ?? []) if (matchesFilter(event.properties, filter.where)) add(filter.key, t, 1, event.id);
      if (CART_EVENTS.has(event.name)) {
        state.openCart = state.openCart ? { ...state.openCart, lastAt: t } : { startedAt: t, lastAt: t, eventId: event.id };
      } else if (event.name === STANDARD_EVENTS.orderCompleted) state.openCart = null;
    }

    const traits = Object.keys(event.traits).length > 0 ? event.traits : null;
    if (traits) {
      if (!traitsCopied) state.traits = { ...state.traits };
      traitsCopied = true;
      for (const [key, value] of Object.entries(traits)) {
        if (value === null) delete state.traits[key];
        else state.traits[key] = value;
      }
      const email = traits['email'];
      if (typeof email === 'string' && isEmailAddress(email.trim().toLowerCase())) state.email = email.trim().toLowerCase();
    }
    // The zone the tracker reports (Segment's context.timezone): the contact's clock for quiet hours when no trait says.
    const zone = event.context['timezone'];
    if (typeof zone === 'string' && zone !== '' && zone.length <= 64) state.timeZone = zone;
    // When and what: the hour and weekday histogram, products viewed and bought (fold/habits.ts).
    habits.event(event);

    // Consent answers, dated in event time: the latest per purpose wins, and a replay rebuilds the same record.
    const consentChanges = consentChangesOf(event);
    if (consentChanges.length > 0) state.consent = withConsent(consentRecordOf(state), consentChanges, t);
    const ads = withAdIdentifiers(state.ads, event, state.consent);
    if (ads !== state.ads) state.ads = ads;

    // The last touch is where the latest session came from, or any later event that carries a campaign.
    if (startedSession || typeof event.context.campaign?.source === 'string') state.lastTouch = touchOf(event, path);
    // A back-office event (a purchase, a call) is no visit: a later visit or campaign is the real first touch.
    const webTouch = path !== null || typeof event.context.campaign?.source === 'string';
    if (state.firstTouch === null || (webTouch && isOfflineTouch(state.firstTouch))) state.firstTouch = touchOf(event, path);
    if (state.firstSeenAt === null) state.firstSeenAt = t;
    state.lastSeenAt = state.lastSeenAt === null ? t : Math.max(state.lastSeenAt, t);
    state.lastEventAt = t;
    state.lastEventId = event.id;
    state.eventCount += 1;
    reach(t);
  }

  if (state.lastEventAt !== null) {
    const horizon = state.lastEventAt - params.retentionMs;
    for (const key of copied) pruneTally(state.tallies[key]!, horizon);
  }
  return state;
}

// No order is worth this much in any currency; sums of larger values overflow to Infinity in JavaScript, SQLite
// and PostgreSQL (which refuses them), so a sender's 1e308 is not a revenue.
const MAX_ORDER_REVENUE = 1e15;

/** An order's revenue from its properties (revenue, else total, else value), 0 when none is a sane number. */
export function revenueOf(properties: Readonly<Record<string, unknown>>): number {
  for (const field of ['revenue', 'total', 'value']) {
    const raw = properties[field];
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    if (Math.abs(value) <= MAX_ORDER_REVENUE) return value;
  }
  return 0;
}

const isOfflineTouch = (touch: Touch) => touch.landingPath === null && touch.source === 'direct' && touch.medium === null && touch.campaign === null;

function touchOf(event: LeadEvent, path: string | null): Touch {
  const campaign = event.context.campaign;
  const referrer = typeof event.context.page?.referrer === 'string' ? hostOfUrl(event.context.page.referrer) : null;
  return {
    at: event.at,
    source: (typeof campaign?.source === 'string' && campaign.source) || referrer || 'direct',
    medium: (typeof campaign?.medium === 'string' && campaign.medium) || (referrer ? 'referral' : null),
    campaign: (typeof campaign?.name === 'string' && campaign.name) || null,
    landingPath: path,
  };
}
