import type { DurationText } from '../shared/duration.js';
import type { LocalTime, Weekday } from '../scenarios/scenario.js';

/** The channels a frequency cap counts: the messages a contact reads (alerts and webhooks go to the team). */
export const CAPPED_CHANNELS = ['email', 'sms'] as const;
export type CappedChannel = (typeof CAPPED_CHANNELS)[number];

/** At most `messages` messages to one contact within `within` (e.g. 4 within 30d). */
export interface FrequencyCap {
  readonly messages: number;
  readonly within: DurationText;
}

/** A cap per channel: `{ email: { messages: 4, within: '30d' }, sms: { messages: 1, within: '7d' } }`. */
export type ChannelCaps = { readonly [C in CappedChannel]?: FrequencyCap };

/** Local hours (in the contact's zone) when nothing marketing leaves; `from` after `to` crosses midnight (21:00–08:00). */
export interface QuietHours {
  readonly from: LocalTime;
  readonly to: LocalTime;
}

/** When messages may leave: on these weekdays (or every day), between `from` and `to` local time. */
export interface SendWindow {
  readonly days?: readonly Weekday[] | 'all';
  readonly from?: LocalTime;
  readonly to?: LocalTime;
}

/**
 * The doctrine's sending rhythm, for every scenario together: caps per channel across all scenarios, quiet hours and
 * a send window read on the contact's own clock, and the zone assumed when the contact's is unknown.
 * Example: `{ caps: { email: { messages: 4, within: '30d' } }, quietHours: { from: '21:00', to: '08:00' },
 * sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '19:00' }, defaultTimeZone: 'Europe/Paris' }`.
 */
export interface SendingPolicy {
  readonly caps?: ChannelCaps;
  readonly quietHours?: QuietHours;
  readonly sendWindow?: SendWindow;
  readonly defaultTimeZone?: string;
}
