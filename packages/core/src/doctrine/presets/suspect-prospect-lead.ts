import type { Doctrine } from '../doctrine.js';

const MICRO = ['Form Submitted', 'Signed Up', 'Document Downloaded', 'Trial Started'];

/** The default convention: cold = suspect, warm = prospect, hot = lead. */
export const suspectProspectLead: Doctrine = {
  name: 'Suspect, prospect, lead',
  preset: 'suspect-prospect-lead',
  description: 'Cold suspects browsed, warm prospects converted on a form, hot leads show buying intent, clients bought within a year.',
  stages: [
    {
      key: 'client',
      labels: { en: 'Client', fr: 'Client' },
      temperature: 'client',
      description: 'Bought within the last 12 months.',
      when: { any: [{ event: 'Order Completed', atLeast: 1, within: '365d' }, { trait: 'lastPurchaseAt', op: 'within', value: '365d' }] },
    },
    {
      key: 'hot',
      labels: { en: 'Lead (hot)', fr: 'Lead (chaud)' },
      temperature: 'hot',
      description: 'Buying intent within 30 days: abandoned cart, call, chat, demo request or repeated offer views.',
      when: {
        any: [
          { signal: 'abandonedCarts', atLeast: 1, within: '30d' },
          { signal: 'calls', atLeast: 1, within: '30d' },
          { signal: 'chats', atLeast: 1, within: '30d' },
          { signal: 'demoRequests', atLeast: 1, within: '30d' },
          { signal: 'offerViews', atLeast: 3, within: '30d' },
        ],
      },
    },
    {
      key: 'warm',
      labels: { en: 'Prospect (warm)', fr: 'Prospect (tiède)' },
      temperature: 'warm',
      description: 'A micro-conversion within 90 days: contact form, sign-up, white paper or trial.',
      when: { any: MICRO.map((event) => ({ event, atLeast: 1, within: '90d' })) },
    },
    {
      key: 'cold',
      labels: { en: 'Suspect (cold)', fr: 'Suspect (froid)' },
      temperature: 'cold',
      description: 'Light interest within a year: 3 or more pages and at least 2 minutes on site.',
      when: { all: [{ signal: 'pageViews', atLeast: 3, within: '365d' }, { signal: 'engagedSeconds', atLeast: 120, within: '365d' }] },
    },
  ],
  fallback: { key: 'unknown', labels: { en: 'Unknown', fr: 'Inconnu' }, description: 'Matches no stage yet.' },
  offerPages: ['/pricing*', '/tarifs*', '/offre*', '/panier*', '/checkout*'],
  microConversions: MICRO,
  cartAbandonAfter: '1h',
  sessionGap: '30m',
  points: {
    halfLife: '30d',
    rules: [
      { id: 'page-view', signal: 'pageViews', points: 1, cap: 20 },
      { id: 'offer-view', signal: 'offerViews', points: 5, cap: 25 },
      { id: 'micro-conversion', signal: 'microConversions', points: 15 },
      { id: 'demo-request', signal: 'demoRequests', points: 25 },
      { id: 'call', signal: 'calls', points: 25 },
      { id: 'chat', signal: 'chats', points: 25 },
      { id: 'abandoned-cart', signal: 'abandonedCarts', points: 20 },
      { id: 'email-click', signal: 'emailClicks', points: 3, cap: 15 },
      { id: 'email-open', signal: 'emailOpens', points: 1, cap: 5 },
      { id: 'purchase', signal: 'purchases', points: 50 },
    ],
  },
};
