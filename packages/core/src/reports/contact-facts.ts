import { TEMPERATURES, type Temperature } from '../doctrine/doctrine.js';
import { STANDARD_EVENTS } from '../events/lead-event.js';
import { TALLY, eventTallyKey, type ContactState } from '../fold/contact-state.js';
import type { EpochMs } from '../shared/ids.js';
import { profileOf, type SegmentProfile } from '../segments/profile-of.js';

/**
 * One row per contact that reports read instead of the event log: where the contact came from, when it first
 * reached each temperature (event time), what it bought, and where its last session ended.
 */
export interface ContactFacts {
  readonly firstSeenAt: EpochMs | null;
  readonly lastSeenAt: EpochMs | null;
  /** Month of first contact, `YYYY-MM` (UTC). */
  readonly cohort: string | null;
  readonly firstSource: string | null;
  readonly firstMedium: string | null;
  readonly firstCampaign: string | null;
  readonly firstLanding: string | null;
  readonly lastSource: string | null;
  readonly lastMedium: string | null;
  readonly lastCampaign: string | null;
  readonly stage: string;
  readonly temperature: Temperature | null;
  /**
   * First time at this temperature or a later one, or null. A temperature first reached at the same instant as the
   * one above it was skipped (see `held`): the contact went past it without holding it.
   */
  readonly reachedAt: Readonly<Record<Temperature, EpochMs | null>>;
  readonly revenue: number;
  readonly orders: number;
  readonly carts: number;
  readonly checkouts: number;
  /** The last page of the last session: where the contact left. */
  readonly exitPath: string | null;
  readonly pages: number;
  readonly sessions: number;
  readonly engagedSeconds: number;
  readonly traits: Readonly<Record<string, unknown>>;
  /** Every track event name the contact has, and the derived signals it showed: what the doctrine check tests. */
  readonly signals: readonly string[];
  /** Who the contact is, as typed columns (segments/profile-of.ts): what the segment prefilter reads. */
  readonly profile: SegmentProfile;
  /** The predicted purchase probability, when the reader joined it (report grouping by score band). */
  readonly predicted?: number | null;
}

const month = (at: EpochMs | null) => (at === null ? null : new Date(at).toISOString().slice(0, 7));

// Reports group by these texts, and PostgreSQL indexes them (the rollup's key: one btree entry holds at most 2,704
// bytes), so a visitor's 30 KB utm_source must not reach them whole. The event keeps it whole.
const MAX_GROUP_TEXT = 200;
const bounded = (text: string | null | undefined): string | null => {
  if (text === null || text === undefined || text.length <= MAX_GROUP_TEXT) return text ?? null;
  // Never half of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text[MAX_GROUP_TEXT - 1]!) ? MAX_GROUP_TEXT - 1 : MAX_GROUP_TEXT;
  return text.slice(0, end);
};

/** Extracts the facts of a folded, classified contact. Pure: `temperatureOf` comes from the compiled doctrine. */
export function contactFacts(state: ContactState, stage: string, temperatureOf: (stage: string) => Temperature | null): ContactFacts {
  const reachedAt: Record<Temperature, EpochMs | null> = { cold: null, warm: null, hot: null, client: null };
  for (const [key, at] of Object.entries(state.reached ?? {})) {
    const temperature = temperatureOf(key);
    if (!temperature) continue;
    // Reaching hot means having passed cold and warm, at the latest then.
    for (const t of TEMPERATURES.slice(0, TEMPERATURES.indexOf(temperature) + 1)) {
      const known = reachedAt[t];
      if (known === null || at < known) reachedAt[t] = at;
    }
  }
  const tally = (key: string) => state.tallies[key];
  const first = state.firstTouch;
  const last = state.lastTouch;
  return {
    firstSeenAt: state.firstSeenAt,
    lastSeenAt: state.lastSeenAt,
    cohort: month(state.firstSeenAt),
    firstSource: bounded(first?.source),
    firstMedium: bounded(first?.medium),
    firstCampaign: bounded(first?.campaign),
    firstLanding: bounded(first?.landingPath),
    lastSource: bounded(last?.source),
    lastMedium: bounded(last?.medium),
    lastCampaign: bounded(last?.campaign),
    stage,
    temperature: temperatureOf(stage),
    reachedAt,
    revenue: tally(eventTallyKey(STANDARD_EVENTS.orderCompleted))?.sum ?? 0,
    orders: tally(eventTallyKey(STANDARD_EVENTS.orderCompleted))?.n ?? 0,
    carts: tally(eventTallyKey(STANDARD_EVENTS.productAdded))?.n ?? 0,
    checkouts: tally(eventTallyKey(STANDARD_EVENTS.checkoutStarted))?.n ?? 0,
    exitPath: state.lastPath,
    pages: tally(TALLY.pageViews)?.n ?? 0,
    sessions: tally(TALLY.sessions)?.n ?? 0,
    engagedSeconds: tally(TALLY.engagedSeconds)?.sum ?? 0,
    traits: state.traits,
    signals: signalsOf(state),
    profile: profileOf(state),
  };
}

/** Derived signals worth testing on their own, besides every event name. */
const DERIVED: readonly (readonly [name: string, key: string, atLeast: number])[] = [
  ['3+ pages', TALLY.pageViews, 3],
  ['offer page viewed', TALLY.offerViews, 1],
  ['3+ offer page views', TALLY.offerViews, 3],
  ['2+ sessions', TALLY.sessions, 2],
  ['2+ minutes on site', TALLY.engagedSeconds, 120],
  ['abandoned cart', TALLY.abandonedCarts, 1],
];

function signalsOf(state: ContactState): string[] {
  const names = Object.keys(state.tallies)
    .filter((key) => key.startsWith('e:'))
    .map((key) => key.slice(2));
  for (const [name, key, atLeast] of DERIVED) {
    const tally = state.tallies[key];
    if (tally && (key === TALLY.engagedSeconds ? tally.sum : tally.n) >= atLeast) names.push(name);
  }
  for (const path of Object.keys(state.paths ?? {})) names.push(`${PAGE_SIGNAL}${path}`);
  return names.sort();
}

/** Signals named `page:/tarifs`: the contact viewed that page. */
export const PAGE_SIGNAL = 'page:';

/**
 * Whether the contact really held temperature `t`: it reached it strictly before the next temperature, or never
 * went further. Reaching hot straight from cold fills warm's milestone with hot's instant: warm was skipped.
 * The storage's SQL (held columns of the rollup) follows the same rule.
 */
export function held(reachedAt: Readonly<Record<Temperature, EpochMs | null>>, t: Temperature): boolean {
  const at = reachedAt[t];
  if (at === null) return false;
  const next = TEMPERATURES[TEMPERATURES.indexOf(t) + 1];
  const nextAt = next === undefined ? null : reachedAt[next];
  return nextAt === null || at < nextAt;
}
