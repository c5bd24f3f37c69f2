import type { SegmentDefinition } from '@leadpulse/core';
import { PAGES } from './demo-company.js';

/**
 * The segments the demo ships live, so `npm start` shows membership moving as the quarter is replayed: each one mixes
 * who people are (city, age) with what they do (pages, email, purchases) and where they stand (stage).
 */
export const DEMO_SEGMENTS: readonly SegmentDefinition[] = [
  {
    key: 'warm-lyon-30-45',
    name: 'Warm prospects in Lyon aged 30–45',
    description: 'Warm prospects living in Lyon, aged 30 to 45: the target of the Lyon trade-show follow-up.',
    where: { all: [{ stage: ['warm'] }, { geo: { city: ['Lyon'] } }, { age: { atLeast: 30, atMost: 45 } }] },
  },
  {
    key: 'hot-pricing-twice',
    name: 'Hot leads who viewed pricing twice',
    description: 'Hot leads who came back to the pricing page at least twice: ready for a call.',
    where: { all: [{ stage: ['hot'] }, { page: PAGES.pricing.path, atLeast: 2 }] },
  },
  {
    key: 'lapsed-clients',
    name: 'Lapsed clients',
    description: 'Clients from the old CRM whose last purchase is more than a year old, and clients quiet for 60 days.',
    where: { any: [{ trait: 'lastPurchaseAt', op: 'before', value: '365d' }, { all: [{ stage: ['client'] }, { lastSeen: { before: '60d' } }] }] },
  },
  {
    key: 'email-engaged-paris',
    name: 'Email-engaged Parisians',
    description: 'Contacts in Paris who clicked a link in one of our emails within the last 30 days.',
    where: { all: [{ geo: { city: ['Paris'] } }, { event: 'Email Link Clicked', within: '30d' }] },
  },
];
