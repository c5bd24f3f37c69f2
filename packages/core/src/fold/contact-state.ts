import type { EpochMs, EventId } from '../shared/ids.js';
import type { ConsentRecord } from '../consent/consent.js';
import type { AdIdentifiers } from './ad-identifiers.js';
import type { EventFilter } from './event-filter.js';
import type { Tally } from './tally.js';
import type { ActivityHistogram, ProductHabits } from './habits.js';

/**
 * Tally keys. Derived signals have fixed keys; every track event also gets `e:<Event Name>`
 * (value = revenue for `Order Completed`, else 1).
 */
export const TALLY = {
  pageViews: 'page',
  engagedSeconds: 'engaged',
  sessions: 'session',
  offerViews: 'offer',
  microConversions: 'micro',
  abandonedCarts: 'cart_abandoned',
} as const;
export const eventTallyKey = (eventName: string): string => `e:${eventName}`;

/** A marketing touch: where a contact came from (UTM campaign of the event, else the referrer). */
export interface Touch {
  readonly at: EpochMs;
  readonly source: string | null;
  readonly medium: string | null;
  readonly campaign: string | null;
  readonly landingPath: string | null;
}

/** A cart with activity and no order yet. It becomes an abandoned cart at `lastAt + cartAbandonAfter`. */
export interface OpenCart {
  readonly startedAt: EpochMs;
  readonly lastAt: EpochMs;
  readonly eventId: EventId;
}

/**
 * Everything the fold knows about one contact. Plain JSON: stored as is, rebuilt identically by replay.
 * Folding is incremental and requires events in (at, id) order after `lastEventAt`.
 */
export interface ContactState {
  readonly v: 1;
  firstSeenAt: EpochMs | null;
  lastSeenAt: EpochMs | null;
  /** (at, id) of the last folded event: later events fold incrementally, earlier ones need a replay. */
  lastEventAt: EpochMs | null;
  lastEventId: EventId | null;
  /** Traits merged from identify calls and context.traits, latest wins. */
  traits: Record<string, unknown>;
  email: string | null;
  /** Start and last activity of the current session (gap under sessionGap). */
  sessionStartedAt: EpochMs | null;
  sessionLastAt: EpochMs | null;
  lastPath: string | null;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  openCart: OpenCart | null;
  tallies: Record<string, Tally>;
  /** Events folded, bots and internal events excluded. */
  eventCount: number;
  /**
   * When the contact first held each stage, in event time (stage key → at). The tunnel's cohort funnel and times
   * between stages read it; absent in states stored before it existed, until a replay.
   */
  reached?: Record<string, EpochMs>;
  /** Page views by path, for the first MAX_TRACKED_PATHS distinct paths: which pages movers saw more than stallers. */
  paths?: Record<string, number>;
  /** The latest consent answer per purpose (consent/consent-events.ts); absent until the first one, or before a replay. */
  consent?: ConsentRecord;
  /** The IANA zone the tracker last reported (`context.timezone`), unchecked: contactTimeZone validates it. */
  timeZone?: string;
  /** The ad platforms' click and browser ids the tracker sent with ad consent (fold/ad-identifiers.ts). */
  ads?: AdIdentifiers;
  /** Activity by local hour and weekday (fold/habits.ts), for segments' `activeAt`; absent before a replay. */
  activity?: ActivityHistogram;
  /** Products and categories viewed and bought, bounded (fold/habits.ts), for segments' `product`. */
  products?: ProductHabits;
  /**
   * The last event time at which the contact was in each stage (stage key → at), for segments' `stageWas`. A stage
   * left between two events through a time window counts until the last event that saw it.
   */
  stageSeen?: Record<string, EpochMs>;
}

export const MAX_TRACKED_PATHS = 24;

/** What the fold needs from the doctrine; a change to any of these requires a replay. */
export interface FoldParams {
  /** Path patterns of offer pages: `/pricing`, `/tarifs*`, `/offres/*`. */
  readonly offerPages: readonly string[];
  /** Product Added or Checkout Started with no Order Completed for this long is an abandoned cart. */
  readonly cartAbandonAfterMs: number;
  readonly sessionGapMs: number;
  /** Day buckets older than this before the last event are dropped (the doctrine's longest window). */
  readonly retentionMs: number;
  /** Event names that count as micro-conversions. */
  readonly microConversions: readonly string[];
  /** Counts of events filtered by their properties that the doctrine's rules read (`Call Logged` with outcome interested). */
  readonly eventFilters?: readonly EventFilter[];
  /** The stage a state is in at a time; the fold records when each stage is first reached. */
  readonly stageAt?: (state: ContactState, at: EpochMs) => string;
}
