import { TALLY, eventTallyKey } from '../fold/contact-state.js';
import type { SignalName } from './doctrine.js';

/** Which tally feeds each named signal, and whether rules read its count or the sum of its values. */
export const SIGNAL_TALLIES: Readonly<Record<SignalName, { readonly tally: string; readonly measure: 'count' | 'sum'; readonly noun: string }>> = {
  pageViews: { tally: TALLY.pageViews, measure: 'count', noun: 'page views' },
  engagedSeconds: { tally: TALLY.engagedSeconds, measure: 'sum', noun: 'engaged seconds' },
  sessions: { tally: TALLY.sessions, measure: 'count', noun: 'sessions' },
  offerViews: { tally: TALLY.offerViews, measure: 'count', noun: 'offer-page views' },
  microConversions: { tally: TALLY.microConversions, measure: 'count', noun: 'micro-conversions' },
  abandonedCarts: { tally: TALLY.abandonedCarts, measure: 'count', noun: 'abandoned carts' },
  purchases: { tally: eventTallyKey('Order Completed'), measure: 'count', noun: 'purchases' },
  revenue: { tally: eventTallyKey('Order Completed'), measure: 'sum', noun: 'revenue' },
  calls: { tally: eventTallyKey('Call Logged'), measure: 'count', noun: 'calls' },
  chats: { tally: eventTallyKey('Chat Started'), measure: 'count', noun: 'chats' },
  demoRequests: { tally: eventTallyKey('Demo Requested'), measure: 'count', noun: 'demo requests' },
  meetings: { tally: eventTallyKey('Meeting Booked'), measure: 'count', noun: 'meetings' },
  emailOpens: { tally: eventTallyKey('Email Opened'), measure: 'count', noun: 'email opens' },
  emailClicks: { tally: eventTallyKey('Email Link Clicked'), measure: 'count', noun: 'email clicks' },
};
