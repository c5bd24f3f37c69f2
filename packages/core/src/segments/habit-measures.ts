import { STANDARD_EVENTS } from '../events/lead-event.js';
import { TALLY, eventTallyKey, type ContactState } from '../fold/contact-state.js';
import { viewTally } from '../fold/tally.js';
import type { EpochMs } from '../shared/ids.js';
import { CHANNELS, type Channel } from './segment.js';

/** The tallies that measure engagement through each channel (lifetime counts). */
const CHANNEL_TALLIES: Readonly<Record<Channel, readonly string[]>> = {
  web: [TALLY.pageViews],
  email: [eventTallyKey(STANDARD_EVENTS.emailOpened), eventTallyKey(STANDARD_EVENTS.emailLinkClicked)],
  sms: [eventTallyKey('SMS Link Clicked'), eventTallyKey('SMS Clicked')],
  phone: [eventTallyKey(STANDARD_EVENTS.callLogged)],
  chat: [eventTallyKey(STANDARD_EVENTS.chatStarted)],
};

/**
 * The channel a contact engages through most: web = page views, email = opens and clicks, sms = SMS link clicks,
 * phone = calls, chat = chats. Ties go to the first in CHANNELS order; no engagement at all, no channel.
 */
export function preferredChannelOf(state: Pick<ContactState, 'tallies'>): Channel | null {
  let best: Channel | null = null;
  let most = 0;
  for (const channel of CHANNELS) {
    let count = 0;
    for (const key of CHANNEL_TALLIES[channel]) count += state.tallies[key]?.n ?? 0;
    if (count > most) {
      best = channel;
      most = count;
    }
  }
  return best;
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

/**
 * The share of a contact's activity within local hours [from, to) (wrapping past midnight when from > to) and within
 * ISO weekdays (1 = Monday); a part not asked for is 1. Null when the contact has no recorded activity.
 */
export function shareOfActivity(state: Pick<ContactState, 'activity'>, hours: readonly [number, number] | undefined, weekdays: readonly number[] | undefined): { hours: number; weekdays: number } | null {
  const activity = state.activity;
  if (!activity) return null;
  const total = sum(activity.hours);
  if (total === 0) return null;
  let inHours = total;
  if (hours) {
    const [from, to] = hours;
    inHours = 0;
    for (let h = 0; h < 24; h++) if (from < to ? h >= from && h < to : h >= from || h < to) inHours += activity.hours[h] ?? 0;
  }
  let inDays = total;
  if (weekdays) {
    inDays = 0;
    for (const day of weekdays) inDays += activity.weekdays[day - 1] ?? 0;
  }
  return { hours: inHours / total, weekdays: inDays / total };
}

/** Revenue of Order Completed, lifetime (within null) or in (now − within, now], and when that window next shrinks. */
export function revenueTally(state: Pick<ContactState, 'tallies'>, now: EpochMs, within: number | null): { sum: number; changesAt: EpochMs | null } {
  const tally = state.tallies[eventTallyKey(STANDARD_EVENTS.orderCompleted)];
  if (within === null) return { sum: tally?.sum ?? 0, changesAt: null };
  const view = viewTally(tally, now, within);
  return { sum: view.sum, changesAt: view.changesAt };
}
