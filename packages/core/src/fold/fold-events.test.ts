import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import type { LeadEvent } from '../events/lead-event.js';
import { HOUR, MINUTE } from '../shared/duration.js';
import { identify, leadEvent, page, track } from '../test-support/events.js';
import { emptyContactState } from './empty-contact-state.js';
import { canFoldIncrementally, compareEvents, foldEvents } from './fold-events.js';
import { matchPath } from './match-path.js';

const params = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!).foldParams;
const T = Date.UTC(2026, 9, 1, 10, 0, 0);
const fold = (events: LeadEvent[]) => foldEvents(emptyContactState(), events, params);

describe('foldEvents', () => {
  it('splits sessions at a 30-minute gap and sums engaged time inside sessions only', () => {
    const state = fold([page('/', T), page('/a', T + 2 * MINUTE), page('/b', T + 32 * MINUTE), page('/c', T + 32 * MINUTE + 29 * MINUTE + 59_999)]);
    expect(state.tallies['session']?.n).toBe(2);
    expect(state.tallies['engaged']?.sum).toBeCloseTo(2 * 60 + (29 * 60 + 59.999), 3);
    expect(state.tallies['page']?.n).toBe(4);
  });

  it('adds engaged time reported by the tracker, capped at an hour per event', () => {
    const state = fold([page('/', T, { properties: { path: '/', engagedSeconds: 45 } }), track('Page Engaged', T + HOUR, { engagedSeconds: 99_999 })]);
    expect(state.tallies['engaged']?.sum).toBe(45 + 3600);
  });

  it('takes engaged time from the LeadPulse tracker alone, without adding the gaps between its events', () => {
    const tracker = { library: { name: 'leadpulse.js', version: '0.1.0' } };
    const state = fold([
      page('/', T, { context: { ...tracker, page: { path: '/' } } }),
      track('Page Engaged', T + 50_000, { engagedSeconds: 12 }, { context: { ...tracker, page: { path: '/' } } }),
      page('/pricing', T + 60_000, { context: { ...tracker, page: { path: '/pricing' } } }),
    ]);
    // The visitor looked away for most of the minute: 12 measured seconds, not the 60 between events.
    expect(state.tallies['engaged']?.sum).toBe(12);
    expect(state.tallies['session']?.n).toBe(1);
  });

  it('counts offer-page views by the doctrine patterns, ignoring case and trailing slashes', () => {
    const state = fold([page('/tarifs', T), page('/Tarifs/', T + 1), page('/tarifs/equipe', T + 2), page('/tarif', T + 3), page('/blog/tarifs', T + 4)]);
    expect(state.tallies['offer']?.n).toBe(3);
    expect(matchPath('/tarifs', '/TARIFS/')).toBe(true);
    expect(matchPath('/offres/*', '/offres/pro/annuel')).toBe(true);
    expect(matchPath('/tarifs', '/tarifs/pro')).toBe(false);
  });

  it('tallies every track event by name, with revenue as the value of Order Completed, and micro-conversions', () => {
    const state = fold([track('Document Downloaded', T), track('Order Completed', T + 1, { revenue: 828 }), track('Order Completed', T + 2, { total: '348' }), track('Custom Thing', T + 3)]);
    expect(state.tallies['e:Order Completed']).toMatchObject({ n: 2, sum: 828 + 348 });
    expect(state.tallies['e:Custom Thing']?.n).toBe(1);
    expect(state.tallies['micro']?.n).toBe(1);
  });

  it('takes no revenue past 1e15, which would overflow sums to Infinity', () => {
    const orders = [track('Order Completed', T, { revenue: Number.MAX_VALUE, total: 5 }), track('Order Completed', T + 1, { revenue: '1e309' }), track('Order Completed', T + 2, { revenue: -1e16, value: '-3.5' })];
    expect(fold(orders).tallies['e:Order Completed']).toMatchObject({ n: 3, sum: 1.5 });
  });

  it('materializes an abandoned cart at the deadline when a later event arrives', () => {
    const cart = track('Product Added', T);
    const state = fold([cart, track('Checkout Started', T + 10 * MINUTE), page('/', T + 3 * HOUR)]);
    expect(state.openCart).toBeNull();
    expect(state.tallies['cart_abandoned']?.recent).toEqual([[T + 10 * MINUTE + HOUR, 1, cart.id]]);
  });

  it('does not count a cart followed by an order in time; an order after the deadline leaves the cart abandoned', () => {
    expect(fold([track('Product Added', T), track('Order Completed', T + 59 * MINUTE)]).tallies['cart_abandoned']).toBeUndefined();
    const late = fold([track('Product Added', T), track('Order Completed', T + 2 * HOUR)]);
    expect(late.tallies['cart_abandoned']?.n).toBe(1);
    expect(late.tallies['e:Order Completed']?.n).toBe(1);
  });

  it('keeps an open cart pending while its deadline has not passed', () => {
    const state = fold([track('Product Added', T), page('/panier', T + 20 * MINUTE, { context: { page: { path: '/panier' } } })]);
    expect(state.openCart).toMatchObject({ startedAt: T, lastAt: T });
  });

  it('skips bots and LeadPulse internal events entirely', () => {
    const state = fold([page('/', T, { bot: true }), track('Stage Changed', T + 1, {}, { internal: true })]);
    expect(state).toEqual(emptyContactState());
  });

  it('merges traits (latest wins, null deletes) and keeps the email lowercased', () => {
    const state = fold([identify({ email: ' Claire.Martin@Example.FR ', city: 'Lyon', plan: 'pro' }, T), identify({ city: 'Paris', plan: null }, T + 1)]);
    expect(state.traits).toEqual({ email: ' Claire.Martin@Example.FR ', city: 'Paris' });
    expect(state.email).toBe('claire.martin@example.fr');
  });

  it('records the first touch and the last touch of each session with UTM or referrer', () => {
    const state = fold([
      page('/', T, { context: { page: { path: '/', referrer: 'https://www.google.fr/search' } } }),
      page('/tarifs', T + 2 * HOUR, { context: { page: { path: '/tarifs' }, campaign: { source: 'newsletter', medium: 'email', name: 'novembre' } } }),
    ]);
    expect(state.firstTouch).toMatchObject({ source: 'google.fr', medium: 'referral', landingPath: '/' });
    expect(state.lastTouch).toMatchObject({ source: 'newsletter', medium: 'email', campaign: 'novembre', landingPath: '/tarifs' });
    // A campaign link clicked in the middle of a session is a touch too.
    const midSession = foldEvents(state, [page('/offre', T + 2 * HOUR + MINUTE, { context: { page: { path: '/offre' }, campaign: { source: 'linkedin', medium: 'social' } } })], params);
    expect(midSession.lastTouch).toMatchObject({ source: 'linkedin', landingPath: '/offre' });
    expect(midSession.tallies['session']?.n).toBe(2);
  });

  it('never mutates the state it is given', () => {
    const before = fold([page('/', T), track('Product Added', T + 1)]);
    const snapshot = JSON.stringify(before);
    foldEvents(before, [page('/tarifs', T + 2 * HOUR), identify({ email: 'a@b.fr' }, T + 3 * HOUR)], params);
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('folds the same way all at once or in any consecutive chunks (property)', () => {
    let seed = 5;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 100; trial++) {
      let at = T;
      const events = Array.from({ length: 5 + Math.floor(random() * 60) }, () => {
        at += Math.floor(random() * 3 * HOUR);
        const r = random();
        return r < 0.5 ? page(random() < 0.3 ? '/tarifs' : '/', at) : r < 0.8 ? track(['Product Added', 'Order Completed', 'Form Submitted', 'Chat Started'][Math.floor(random() * 4)]!, at) : identify({ email: `x${trial}@example.fr` }, at);
      }).sort(compareEvents);
      const whole = fold(events);
      let state = emptyContactState();
      for (let i = 0; i < events.length; ) {
        const size = 1 + Math.floor(random() * 10);
        const chunk = events.slice(i, i + size);
        expect(canFoldIncrementally(state, chunk)).toBe(true);
        state = foldEvents(state, chunk, params);
        i += size;
      }
      expect(state).toEqual(whole);
    }
  });

  it('refuses incremental folding of an event older than the state (the caller replays instead)', () => {
    const state = fold([page('/', T + HOUR)]);
    expect(canFoldIncrementally(state, [page('/', T)])).toBe(false);
    expect(canFoldIncrementally(state, [leadEvent({ type: 'page', at: T + 2 * HOUR })])).toBe(true);
  });
});
