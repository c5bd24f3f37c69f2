import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { anonymiseState } from '../fold/anonymise-state.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { MINUTE } from '../shared/duration.js';
import { eventId, type EventId } from '../shared/ids.js';
import { leadEvent, page, track } from '../test-support/events.js';
import { anonymiseEvent } from './anonymise-event.js';

const compiled = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
const params = { ...compiled.foldParams, stageAt: (state: Parameters<typeof compiled.classify>[0], at: number) => compiled.classify(state, at).stage };
const T = Date.UTC(2026, 9, 1, 10, 0, 0);
const person = { userId: 'u-claire', anonymousId: 'anon-claire' };

const history = [
  page('/tarifs', T, {
    ...person,
    properties: { path: '/tarifs?email=claire@example.fr', title: 'Tarifs de Claire', width: 1280 },
    context: {
      page: { path: '/tarifs', url: 'https://www.example.fr/tarifs?email=claire@example.fr', referrer: 'https://www.google.fr/search?q=claire+martin', title: 'Tarifs', search: '?email=claire@example.fr' },
      campaign: { source: 'newsletter', medium: 'email', name: 'printemps', term: 'claire martin', content: 'claire@example.fr' },
      ip: '203.0.113.0',
      userAgent: 'Mozilla/5.0 Claire',
      locale: 'fr-FR',
      library: { name: 'leadpulse.js', version: '0.1.0' },
      traits: { email: 'claire@example.fr' },
    },
  }),
  leadEvent({ type: 'identify', at: T + MINUTE, ...person, traits: { email: 'claire@example.fr', firstName: 'Claire', phone: '0612345678' } }),
  track('Product Added', T + 2 * MINUTE, { sku: 'SKU-1', price: 49, quantity: 2, gift: true, note: 'pour Claire' }, { ...person, context: { page: { path: '/panier' } } }),
  track('Order Completed', T + 3 * MINUTE, { revenue: '98.50', orderId: 'CMD-42', email: 'claire@example.fr' }, person),
  leadEvent({ type: 'alias', at: T + 4 * MINUTE, ...person, previousId: 'anon-old', groupId: 'acme' }),
  page('/merci', T + 5 * MINUTE, { ...person, properties: { url: 'https://www.example.fr/merci?order=CMD-42' }, context: {} }),
];
const renamed = new Map(history.map((e, i) => [e.id as string, eventId(`an_${i}`)]));
const rename = (id: EventId) => renamed.get(id) ?? eventId('an_unknown');

describe('anonymiseEvent', () => {
  const anonymised = history.map((e) => anonymiseEvent(e, rename(e.id)));
  const text = JSON.stringify(anonymised);

  it('keeps no identifier, no trait and no free text', () => {
    for (const personal of ['claire', 'Claire', 'u-claire', 'anon-claire', 'anon-old', 'acme', '203.0.113', 'Mozilla', 'fr-FR', 'CMD-42', 'SKU-1', '0612345678', 'q=', 'Tarifs']) {
      expect(text, personal).not.toContain(personal);
    }
    for (const [i, event] of anonymised.entries()) expect(event.id).toBe(`an_${i}`);
  });

  it('keeps names, instants, numbers, paths, the referrer host, the UTM source, medium and campaign, and the library', () => {
    expect(anonymised[0]).toMatchObject({
      type: 'page',
      at: T,
      properties: { path: '/tarifs', width: 1280 },
      context: { page: { path: '/tarifs', referrer: 'https://google.fr/' }, campaign: { source: 'newsletter', medium: 'email', name: 'printemps' }, library: { name: 'leadpulse.js', version: '0.1.0' } },
    });
    expect(anonymised[2]!.properties).toEqual({ price: 49, quantity: 2, gift: true });
    expect(anonymised[3]!.properties).toEqual({ revenue: 98.5 });
    expect(anonymised[5]!.properties).toEqual({ path: '/merci' });
  });

  it('folds into the same tallies, touches, paths and milestones, without traits or email', () => {
    const original = foldEvents(emptyContactState(), history, params);
    const folded = foldEvents(emptyContactState(), anonymised, params);
    expect(original.email).toBe('claire@example.fr');
    expect(folded).toEqual(anonymiseState(original, rename));
    expect(folded.tallies['e:Order Completed']?.sum).toBe(98.5);
  });

  it("drops the reasons of LeadPulse's own events and keeps the move", () => {
    const stageChanged = leadEvent({ type: 'track', name: 'Stage Changed', at: T, internal: true, userId: 'u-claire', properties: { from: 'cold', to: 'hot', score: 12, reasons: [{ stage: 'hot', conditions: [] }] } });
    expect(anonymiseEvent(stageChanged, stageChanged.id)).toMatchObject({ userId: null, properties: { from: 'cold', to: 'hot', score: 12 } });
    expect(anonymiseEvent(stageChanged, stageChanged.id).properties).not.toHaveProperty('reasons');
  });
});
