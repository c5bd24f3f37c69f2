import { describe, expect, it } from 'vitest';
import { compileDoctrine } from './compile-doctrine.js';
import { DOCTRINE_PRESETS } from './presets/index.js';
import type { LeadEvent } from '../events/lead-event.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { DAY, HOUR, MINUTE } from '../shared/duration.js';
import { identify, page, track } from '../test-support/events.js';

const T = Date.UTC(2026, 9, 1, 10, 0, 0);
const spl = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
const lq = compileDoctrine(DOCTRINE_PRESETS['lead-qualified']!);
const fold = (compiled: typeof spl, events: LeadEvent[]) => foldEvents(emptyContactState(), events, compiled.foldParams);
const stageAt = (compiled: typeof spl, events: LeadEvent[], now: number) => compiled.classify(fold(compiled, events), now);
const browsing = (at: number) => [page('/', at), page('/fonctionnalites', at + MINUTE), page('/blog/a', at + 3 * MINUTE)];

describe('suspect-prospect-lead (default preset)', () => {
  it.each<[string, () => LeadEvent[], string]>([
    ['nothing', () => [], 'unknown'],
    ['2 pages only', () => [page('/', T), page('/a', T + 5 * MINUTE)], 'unknown'],
    ['3 pages but under 120 s on site', () => [page('/', T), page('/a', T + 30_000), page('/b', T + 60_000)], 'unknown'],
    ['3 pages and 3 minutes on site', () => browsing(T), 'cold'],
    ['3 pages plus engaged time reported by the tracker', () => [page('/', T, { properties: { path: '/', engagedSeconds: 200 } }), page('/a', T + 1000), page('/b', T + 2000)], 'cold'],
    ['Form Submitted', () => [track('Form Submitted', T)], 'warm'],
    ['Signed Up', () => [track('Signed Up', T)], 'warm'],
    ['Document Downloaded', () => [track('Document Downloaded', T)], 'warm'],
    ['Trial Started', () => [track('Trial Started', T)], 'warm'],
    ['Call Logged', () => [track('Call Logged', T)], 'hot'],
    ['Chat Started', () => [track('Chat Started', T)], 'hot'],
    ['Demo Requested', () => [track('Demo Requested', T)], 'hot'],
    ['3 offer-page views', () => [page('/tarifs', T), page('/tarifs/pro', T + HOUR), page('/pricing', T + 2 * HOUR)], 'hot'],
    ['2 offer-page views', () => [page('/tarifs', T), page('/tarifs', T + HOUR)], 'unknown'],
    ['abandoned cart (a later event materializes it)', () => [track('Product Added', T), page('/', T + 2 * HOUR)], 'hot'],
    ['cart then order within the hour', () => [track('Product Added', T), track('Order Completed', T + 30 * MINUTE, { revenue: 348 })], 'client'],
    ['Order Completed beats every other signal', () => [track('Chat Started', T), track('Order Completed', T + MINUTE)], 'client'],
    ['lastPurchaseAt trait within a year', () => [identify({ lastPurchaseAt: new Date(T - 100 * DAY).toISOString() }, T)], 'client'],
  ])('%s → %s', (_name, events, expected) => {
    expect(stageAt(spl, events(), T + 3 * HOUR).stage).toBe(expected);
  });

  it('explains a stage with the conditions that held and their evidence', () => {
    const events = [page('/tarifs', T), page('/tarifs', T + HOUR), page('/tarifs', T + 2 * HOUR), track('Chat Started', T + 3 * HOUR)];
    const result = stageAt(spl, events, T + 4 * HOUR);
    expect(result.stage).toBe('hot');
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]!.conditions.map((c) => c.text)).toEqual(['at least one chat within 30d (observed 1)', '3 or more offer-page views within 30d (observed 3)']);
    expect(result.reasons[0]!.conditions[1]!.evidence).toEqual([events[2]!.id, events[1]!.id, events[0]!.id]);
    expect(result.score).toBeGreaterThan(0);
  });

  it('cools a hot contact exactly when its 30-day window closes, and says when in advance', () => {
    const chat = track('Chat Started', T);
    const atStart = stageAt(spl, [chat], T);
    expect(atStart.stage).toBe('hot');
    expect(atStart.nextChangeAt).toBe(T + 30 * DAY);
    expect(stageAt(spl, [chat], T + 30 * DAY - 1).stage).toBe('hot');
    expect(stageAt(spl, [chat], T + 30 * DAY).stage).toBe('unknown');
  });

  it('turns a cart hot when the abandonment delay passes, with no new event', () => {
    const events = [track('Product Added', T, { price: 348 })];
    const before = stageAt(spl, events, T + 59 * MINUTE);
    expect(before.stage).toBe('unknown');
    expect(before.nextChangeAt).toBe(T + HOUR);
    const after = stageAt(spl, events, T + HOUR);
    expect(after.stage).toBe('hot');
    expect(after.reasons[0]!.conditions[0]).toMatchObject({ text: 'at least one abandoned cart within 30d (observed 1)', evidence: [events[0]!.id] });
    expect(after.nextChangeAt).toBe(T + HOUR + 30 * DAY);
  });

  it('lapses a client a year after the purchase, to whatever else the contact qualifies for', () => {
    const events = [...browsing(T - 400 * DAY), track('Order Completed', T, { revenue: 828 }), ...browsing(T + 200 * DAY)];
    const asClient = stageAt(spl, events, T + 300 * DAY);
    expect(asClient.stage).toBe('client');
    expect(asClient.nextChangeAt).toBe(T + 365 * DAY);
    expect(stageAt(spl, events, T + 365 * DAY).stage).toBe('cold');
    // A lapsed client known only from the CRM is a prospect like any other.
    expect(stageAt(spl, [identify({ lastPurchaseAt: new Date(T - 366 * DAY).toISOString() }, T)], T).stage).toBe('unknown');
  });

  it('moves down as warm and cold windows close: warm 90 days after the form, cold a year after browsing', () => {
    const events = [...browsing(T), track('Form Submitted', T + 10 * MINUTE)];
    expect(stageAt(spl, events, T + 89 * DAY).stage).toBe('warm');
    expect(stageAt(spl, events, T + 91 * DAY).stage).toBe('cold');
    expect(stageAt(spl, events, T + 366 * DAY).stage).toBe('unknown');
  });

  it('keeps the stage constant between now and nextChangeAt (property, random histories)', () => {
    let seed = 99;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const makers = [() => 'page', () => 'Chat Started', () => 'Form Submitted', () => 'Product Added', () => 'Order Completed', () => 'tarifs'];
    for (let trial = 0; trial < 200; trial++) {
      let at = T;
      const events: LeadEvent[] = [];
      for (let i = 0, n = 1 + Math.floor(random() * 8); i < n; i++) {
        at += Math.floor(random() * 20 * DAY);
        const kind = makers[Math.floor(random() * makers.length)]!();
        events.push(kind === 'page' ? page('/', at) : kind === 'tarifs' ? page('/tarifs', at) : track(kind, at));
      }
      const state = fold(spl, events);
      let now = at + Math.floor(random() * 60 * DAY);
      for (let hop = 0; hop < 5; hop++) {
        const result = spl.classify(state, now);
        const until = result.nextChangeAt ?? now + 800 * DAY;
        for (let k = 0; k < 5; k++) {
          const probe = now + Math.floor(random() * (until - now));
          expect(spl.classify(state, probe).stage).toBe(result.stage);
        }
        if (result.nextChangeAt === null) break;
        now = result.nextChangeAt;
      }
    }
  });

  it('stageOf agrees with classify', () => {
    const events = [...browsing(T), track('Product Added', T + HOUR)];
    for (const now of [T, T + 2 * HOUR, T + 40 * DAY, T + 400 * DAY]) {
      const full = spl.classify(fold(spl, events), now);
      expect(spl.stageOf(fold(spl, events), now)).toEqual({ stage: full.stage, nextChangeAt: full.nextChangeAt });
    }
  });
});

describe('lead-qualified preset', () => {
  it.each<[string, () => LeadEvent[], string]>([
    ['browsing only', () => browsing(T), 'unknown'],
    ['shared an email (identified)', () => [identify({ email: 'claire@example.fr' }, T)], 'cold'],
    ['asked for information online', () => [track('Form Submitted', T)], 'warm'],
    ['chat request', () => [track('Chat Started', T)], 'warm'],
    ['visited a store', () => [track('Store Visited', T)], 'warm'],
    ['talked with sales about an offer', () => [page('/tarifs', T), track('Call Logged', T + DAY)], 'hot'],
    ['meeting and a product viewed', () => [track('Product Viewed', T), track('Meeting Booked', T + DAY)], 'hot'],
    ['a call without interest in an offer', () => [identify({ email: 'x@example.fr' }, T), track('Call Logged', T)], 'cold'],
    ['a purchase', () => [track('Order Completed', T, { revenue: 100 })], 'client'],
  ])('%s → %s', (_name, events, expected) => {
    expect(stageAt(lq, events(), T + 2 * DAY).stage).toBe(expected);
  });

  it('uses its own labels in English and French', () => {
    expect(lq.labelsOf('hot')).toEqual({ en: 'Qualified lead+', fr: 'Lead qualifié+' });
    expect(lq.labelsOf('cold')).toEqual({ en: 'Lead', fr: 'Lead' });
    expect(spl.labelsOf('warm')).toEqual({ en: 'Prospect (warm)', fr: 'Prospect (tiède)' });
  });
});
