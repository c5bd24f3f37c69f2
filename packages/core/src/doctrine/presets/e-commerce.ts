import type { Doctrine } from '../doctrine.js';
import { suspectProspectLead } from './suspect-prospect-lead.js';

/**
 * For a shop: buyers often pay within the hour of their cart, so a recent cart or checkout is hot (waiting for the
 * cart to be abandoned would skip them); a customer bought within the year.
 */
export const eCommerce: Doctrine = {
  name: 'Visitor, engaged shopper, buyer with intent',
  preset: 'e-commerce',
  description: 'Visitors browsed the shop, engaged shoppers came back, looked at products or signed up, buyers with intent filled a cart or started a checkout, customers bought within a year.',
  stages: [
    {
      key: 'client',
      labels: { en: 'Customer', fr: 'Client' },
      temperature: 'client',
      description: 'Ordered within the last 12 months; a repeat buyer stays a customer when they fill a new cart.',
      when: { any: [{ event: 'Order Completed', atLeast: 1, within: '365d' }, { trait: 'lastPurchaseAt', op: 'within', value: '365d' }] },
    },
    {
      key: 'hot',
      labels: { en: 'Buyer with intent (hot)', fr: 'Intentionniste (chaud)' },
      temperature: 'hot',
      description: 'Added to the cart or started a checkout within 14 days, paid or not yet.',
      when: {
        any: [
          { event: 'Product Added', atLeast: 1, within: '14d' },
          { event: 'Checkout Started', atLeast: 1, within: '14d' },
          { signal: 'abandonedCarts', atLeast: 1, within: '14d' },
        ],
      },
    },
    {
      key: 'warm',
      labels: { en: 'Engaged shopper (warm)', fr: 'Visiteur engagé (tiède)' },
      temperature: 'warm',
      description: 'Within 30 days: 3 or more product views, or 2 or more visits; or signed up or joined the newsletter within 90 days.',
      when: {
        any: [
          { event: 'Product Viewed', atLeast: 3, within: '30d' },
          { signal: 'sessions', atLeast: 2, within: '30d' },
          { event: 'Signed Up', atLeast: 1, within: '90d' },
          { event: 'Newsletter Subscribed', atLeast: 1, within: '90d' },
        ],
      },
    },
    {
      key: 'cold',
      labels: { en: 'Visitor (cold)', fr: 'Visiteur (froid)' },
      temperature: 'cold',
      description: 'Visited the shop or viewed a product within a year.',
      when: { any: [{ signal: 'pageViews', atLeast: 1, within: '365d' }, { event: 'Product Viewed', atLeast: 1, within: '365d' }] },
    },
  ],
  fallback: suspectProspectLead.fallback,
  offerPages: ['/product*', '/produit*', '/products/*', '/cart*', '/panier*', '/checkout*', '/commande*'],
  microConversions: ['Signed Up', 'Newsletter Subscribed', 'Product Added', 'Checkout Started'],
  cartAbandonAfter: suspectProspectLead.cartAbandonAfter,
  sessionGap: suspectProspectLead.sessionGap,
  points: {
    halfLife: '14d',
    rules: [
      { id: 'product-view', event: 'Product Viewed', points: 2, cap: 20 },
      { id: 'returning-visitor', signal: 'sessions', atLeast: 3, within: '30d', points: 10 },
      { id: 'sign-up', event: 'Signed Up', points: 10 },
      { id: 'newsletter', event: 'Newsletter Subscribed', points: 10 },
      { id: 'cart', event: 'Product Added', points: 20, cap: 40 },
      { id: 'checkout', event: 'Checkout Started', points: 30 },
      { id: 'email-click', signal: 'emailClicks', points: 3, cap: 15 },
      { id: 'purchase', signal: 'purchases', points: 50 },
    ],
  },
};
