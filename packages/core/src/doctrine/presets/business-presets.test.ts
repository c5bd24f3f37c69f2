import { describe, expect, it } from 'vitest';
import type { LeadEvent } from '../../events/lead-event.js';
import { emptyContactState } from '../../fold/empty-contact-state.js';
import { foldEvents } from '../../fold/fold-events.js';
import { DAY, HOUR, MINUTE } from '../../shared/duration.js';
import { identify, page, track } from '../../test-support/events.js';
import { compileDoctrine } from '../compile-doctrine.js';
import { validateDoctrine } from '../validate-doctrine.js';
import { DOCTRINE_PRESETS } from './index.js';

const T = Date.UTC(2026, 9, 1, 10, 0, 0);
const compiled = (name: string) => compileDoctrine(DOCTRINE_PRESETS[name]!);
const shop = compiled('e-commerce');
const calls = compiled('call-centre');
const folded = (doctrine: typeof shop, events: LeadEvent[]) => foldEvents(emptyContactState(), events, doctrine.foldParams);
const call = (outcome: string, at: number, extra: Record<string, unknown> = {}) => track('Call Logged', at, { outcome, ...extra });

describe('e-commerce preset', () => {
  it.each<[string, () => LeadEvent[], number, string]>([
    ['nothing', () => [], T, 'unknown'],
    ['one page view', () => [page('/', T)], T + HOUR, 'cold'],
    ['3 product views in a month', () => [0, 1, 2].map((d) => track('Product Viewed', T + d * DAY)), T + 3 * DAY, 'warm'],
    ['a second visit within 30 days', () => [page('/', T), page('/', T + 2 * DAY)], T + 3 * DAY, 'warm'],
    ['a newsletter sign-up', () => [track('Newsletter Subscribed', T)], T + DAY, 'warm'],
    ['a cart right now, not abandoned yet', () => [page('/', T), track('Product Added', T + MINUTE)], T + 10 * MINUTE, 'hot'],
    ['a checkout started', () => [track('Checkout Started', T)], T + MINUTE, 'hot'],
    ['a cart 20 days ago', () => [page('/', T), track('Product Added', T + MINUTE)], T + 20 * DAY, 'cold'],
    ['a buyer who paid within the hour', () => [track('Product Added', T), track('Order Completed', T + 20 * MINUTE, { revenue: 40 })], T + HOUR, 'client'],
    ['a repeat buyer filling a new cart', () => [track('Order Completed', T), track('Order Completed', T + 40 * DAY), track('Product Added', T + 41 * DAY)], T + 41 * DAY, 'client'],
  ])('%s → %s', (_name, events, now, expected) => {
    expect(shop.classify(folded(shop, events()), now).stage).toBe(expected);
  });

  it('records that a buyer who pays within the hour passed through hot before becoming a client', () => {
    const state = folded(shop, [page('/', T), track('Product Added', T + MINUTE), track('Order Completed', T + 30 * MINUTE)]);
    expect(state.reached).toMatchObject({ cold: T, hot: T + MINUTE, client: T + 30 * MINUTE });
  });
});

describe('call-centre preset', () => {
  it.each<[string, () => LeadEvent[], string]>([
    ['a lead in the file with a phone number', () => [identify({ phone: '+33 6 12 34 56 78' }, T)], 'cold'],
    ['a call with outcome not_interested', () => [identify({ phone: '+33 6 12 34 56 78' }, T), call('not_interested', T + HOUR)], 'cold'],
    ['a call with no answer', () => [call('no_answer', T)], 'cold'],
    ['a call with outcome interested', () => [call('interested', T)], 'hot'],
    ['outcome written in capitals', () => [call('Interested', T)], 'hot'],
    ['a callback asked for', () => [call('callback', T)], 'hot'],
    ['an inbound call without outcome', () => [track('Call Logged', T, { direction: 'inbound' })], 'warm'],
    ['interested 45 days ago', () => [call('interested', T - 45 * DAY)], 'warm'],
    ['a sale closed on the phone', () => [call('interested', T - DAY), call('sale', T)], 'client'],
  ])('%s → %s', (_name, events, expected) => {
    expect(calls.classify(folded(calls, events()), T + 2 * HOUR).stage).toBe(expected);
  });

  it('explains a hot prospect with the call outcome and the call as evidence', () => {
    const interested = call('interested', T);
    const result = calls.classify(folded(calls, [interested]), T + HOUR);
    expect(result.reasons[0]!.conditions[0]).toMatchObject({ text: 'at least one "Call Logged" with outcome interested or callback or appointment within 30d (observed 1)', evidence: [interested.id] });
    expect(result.nextChangeAt).toBe(T + 30 * DAY);
  });

  it('scores calls by outcome, the phone trait once, and two positive calls within 60 days once more', () => {
    const state = folded(calls, [identify({ phone: '0612345678' }, T), call('interested', T), call('callback', T + DAY), call('not_interested', T + 2 * DAY)]);
    const lines = Object.fromEntries(calls.classify(state, T + 2 * DAY).scoreLines.map((l) => [l.rule, l.points]));
    expect(lines).toMatchObject({ 'reachable-by-phone': 5, 'persistent-interest': 20 });
    expect(lines['call-interested']).toBeGreaterThan(55);
    expect(lines['call-interested']).toBeLessThan(60);
  });
});

describe('every preset', () => {
  it.each(Object.keys(DOCTRINE_PRESETS))('%s is valid and labelled in English and French', (name) => {
    const doctrine = DOCTRINE_PRESETS[name]!;
    expect(validateDoctrine(doctrine).ok).toBe(true);
    for (const stage of [...doctrine.stages, doctrine.fallback]) expect(stage.labels.fr.trim()).not.toBe('');
  });
});
