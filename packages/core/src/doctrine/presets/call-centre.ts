import type { Doctrine } from '../doctrine.js';
import { suspectProspectLead } from './suspect-prospect-lead.js';

const HOT_OUTCOMES = ['interested', 'callback', 'appointment'];
const SALE_OUTCOMES = ['sale', 'sold', 'won'];

/**
 * For a call centre or inbound sales team: a call qualifies by its outcome (`Call Logged` with
 * `properties.outcome`), not by happening, since every contact in the file gets called.
 */
export const callCentre: Doctrine = {
  name: 'Lead to call, engaged prospect, hot prospect',
  preset: 'call-centre',
  description: 'Leads to call are in the file, engaged prospects reached out or said yes within 90 days, hot prospects said yes on a call (interested, callback, appointment) or booked a meeting within 30 days, clients bought or closed on the phone within a year.',
  stages: [
    {
      key: 'client',
      labels: { en: 'Client', fr: 'Client' },
      temperature: 'client',
      description: 'Bought, subscribed or closed a sale on a call within the last 12 months.',
      when: {
        any: [
          { event: 'Order Completed', atLeast: 1, within: '365d' },
          { event: 'Subscription Started', atLeast: 1, within: '365d' },
          { event: 'Call Logged', where: { outcome: SALE_OUTCOMES }, atLeast: 1, within: '365d' },
          { trait: 'lastPurchaseAt', op: 'within', value: '365d' },
        ],
      },
    },
    {
      key: 'hot',
      labels: { en: 'Hot prospect (callback, appointment)', fr: 'Prospect chaud (rappel, RDV)' },
      temperature: 'hot',
      description: 'Within 30 days: a call whose outcome is interested, callback or appointment, or a meeting booked.',
      when: {
        any: [
          { event: 'Call Logged', where: { outcome: HOT_OUTCOMES }, atLeast: 1, within: '30d' },
          { signal: 'meetings', atLeast: 1, within: '30d' },
        ],
      },
    },
    {
      key: 'warm',
      labels: { en: 'Engaged prospect', fr: 'Prospect engagé' },
      temperature: 'warm',
      description: 'Within 90 days: called in, asked to be called back through a form or chat, or said yes on an older call.',
      when: {
        any: [
          { event: 'Call Logged', where: { direction: 'inbound' }, atLeast: 1, within: '90d' },
          { event: 'Call Logged', where: { outcome: HOT_OUTCOMES }, atLeast: 1, within: '90d' },
          { event: 'Form Submitted', atLeast: 1, within: '90d' },
          { event: 'Chat Started', atLeast: 1, within: '90d' },
          { event: 'Demo Requested', atLeast: 1, within: '90d' },
        ],
      },
    },
    {
      key: 'cold',
      labels: { en: 'Lead to call', fr: 'Lead à appeler' },
      temperature: 'cold',
      description: 'In the file with a phone number or an email address, or called within a year, whatever the outcome.',
      when: {
        any: [
          { trait: 'phone', op: 'exists' },
          { trait: 'email', op: 'exists' },
          { signal: 'calls', atLeast: 1, within: '365d' },
        ],
      },
    },
  ],
  fallback: suspectProspectLead.fallback,
  offerPages: suspectProspectLead.offerPages,
  microConversions: suspectProspectLead.microConversions,
  cartAbandonAfter: suspectProspectLead.cartAbandonAfter,
  sessionGap: suspectProspectLead.sessionGap,
  points: {
    halfLife: '30d',
    rules: [
      { id: 'call-interested', event: 'Call Logged', where: { outcome: HOT_OUTCOMES }, points: 30 },
      { id: 'inbound-call', event: 'Call Logged', where: { direction: 'inbound' }, points: 20 },
      { id: 'meeting', signal: 'meetings', points: 30 },
      { id: 'micro-conversion', signal: 'microConversions', points: 15 },
      { id: 'chat', signal: 'chats', points: 15 },
      { id: 'reachable-by-phone', trait: 'phone', op: 'exists', points: 5 },
      { id: 'persistent-interest', event: 'Call Logged', where: { outcome: HOT_OUTCOMES }, atLeast: 2, within: '60d', points: 20 },
      { id: 'purchase', signal: 'purchases', points: 50 },
    ],
  },
};
