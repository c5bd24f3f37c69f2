import { TALLY, eventTallyKey } from '../fold/contact-state.js';
import type { SignalName } from './doctrine.js';

/** Which tally feeds each named signal, and whether rules read its count or the sum of its values. */
export const SIGNAL_TALLIES: Readonly<Record<SignalName, { readonly tally: string; readonly measure: 'count' | 'sum'; readonly noun: string; readonly one: string }>> = {
  pageViews: { tally: TALLY.pageViews, measure: 'count', noun: 'page views', one: 'page view' },
  engagedSeconds: { tally: TALLY.engagedSeconds, measure: 'sum', noun: 'engaged seconds', one: 'engaged second' },
  sessions: { tally: TALLY.sessions, measure: 'count', noun: 'sessions', one: 'session' },
  offerViews: { tally: TALLY.offerViews, measure: 'count', noun: 'offer-page views', one: 'offer-page view' },
  microConversions: { tally: TALLY.microConversions, measure: 'count', noun: 'micro-conversions', one: 'micro-conversion' },
  abandonedCarts: { tally: TALLY.abandonedCarts, measure: 'count', noun: 'abandoned carts', one: 'abandoned cart' },
  purchases: { tally: eventTallyKey('Order Completed'), measure: 'count', noun: 'purchases', one: 'purchase' },
  revenue: { tally: eventTallyKey('Order Completed'), measure: 'sum', noun: 'revenue', one: 'revenue' },
  calls: { tally: eventTallyKey('Call Logged'), measure: 'count', noun: 'calls', one: 'call' },
  chats: { tally: eventTallyKey('Chat Started'), measure: 'count', noun: 'chats', one: 'chat' },
  demoRequests: { tally: eventTallyKey('Demo Requested'), measure: 'count', noun: 'demo requests', one: 'demo request' },
  meetings: { tally: eventTallyKey('Meeting Booked'), measure: 'count', noun: 'meetings', one: 'meeting' },
  emailOpens: { tally: eventTallyKey('Email Opened'), measure: 'count', noun: 'email opens', one: 'email open' },
  emailClicks: { tally: eventTallyKey('Email Link Clicked'), measure: 'count', noun: 'email clicks', one: 'email click' },
};
