import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import type { LeadEvent } from '../events/lead-event.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { contactFacts } from '../reports/contact-facts.js';
import { DAY, HOUR } from '../shared/duration.js';
import { identify, page, track } from '../test-support/events.js';
import { matchesColumnPredicate, segmentRowOf, type SegmentRow } from './column-predicate.js';
import { compileSegments, type SegmentSubject } from './compile-segment.js';
import { prefilterOf } from './prefilter-of.js';
import type { SegmentCondition, SegmentDefinition } from './segment.js';

const doctrine = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
const T = Date.UTC(2026, 10, 30, 10, 0, 0);

/** A seeded generator (mulberry32): the same run every time, a different one per seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const maybe = (p = 0.5) => next() < p;
  return { next, int, pick, maybe };
}
type Random = ReturnType<typeof random>;

const CITIES = ['Lyon', 'lyon ', 'Paris', 'Marseille', 'Nantes'];
const COUNTRIES = ['France', 'FR', 'fr', 'Belgique', 'Germany', 'Narnia'];
const POSTAL = ['69003', '69 001', '75011', '13001', '1000'];
const STAGES = ['cold', 'warm', 'hot', 'client', 'unknown'];

function randomContact(r: Random): { events: LeadEvent[]; stage: string; score: number; scenarios: SegmentSubject['scenarios'] } {
  const traits: Record<string, unknown> = {};
  if (r.maybe()) traits['birthday'] = new Date(Date.UTC(r.int(1890, 2030), r.int(0, 11), r.int(1, 29))).toISOString().slice(0, 10);
  // Birthdays on the day boundaries of now: the age bounds' edge cases.
  if (r.maybe(0.15)) traits['birthday'] = `${r.int(1950, 2010)}-11-${r.pick(['29', '30'])}`;
  if (r.maybe(0.15)) traits['birthday'] = `${r.int(1950, 2010)}-12-01`;
  if (r.maybe()) traits['age'] = r.pick([r.int(0, 140), String(r.int(10, 90)), 'old']);
  if (r.maybe()) traits['gender'] = r.pick(['f', 'M', 'femme', 'homme', 'x', '']);
  if (r.maybe()) traits['householdSize'] = r.int(0, 7);
  if (r.maybe()) traits['children'] = r.pick([0, 1, 3, true, false, 'oui']);
  if (r.maybe()) traits['city'] = r.pick(CITIES);
  if (r.maybe()) traits['country'] = r.pick(COUNTRIES);
  if (r.maybe()) traits['region'] = r.pick(['Rhône', 'IDF', 'rhône ']);
  if (r.maybe()) traits['postalCode'] = r.pick(POSTAL);
  if (r.maybe()) {
    traits['latitude'] = 45.76 + (r.next() - 0.5) * 4;
    traits['longitude'] = r.maybe(0.2) ? 179.5 + r.next() : 4.84 + (r.next() - 0.5) * 4;
  }
  if (r.maybe(0.3)) traits['income'] = r.int(0, 120_000);
  const events: LeadEvent[] = [];
  let at = T - r.int(1, 400) * DAY;
  events.push(identify(traits, at));
  const count = r.int(0, 12);
  for (let i = 0; i < count; i++) {
    at += r.int(1, 30 * 24) * HOUR;
    if (at > T + 5 * DAY) break;
    const kind = r.int(0, 6);
    if (kind <= 1) events.push(page(r.pick(['/', '/tarifs', '/blog', '/tarifs/pro']), at));
    else if (kind === 2) events.push(track('Order Completed', at, { revenue: r.pick([0, 20, 80, 150, -30]), product_id: r.pick(['p1', 'p2']) }));
    else if (kind === 3) events.push(track('Email Opened', at));
    else if (kind === 4) events.push(track('Consent Updated', at, { purpose: r.pick(['ad_audiences', 'email_marketing', 'sms_marketing', 'tracking']), granted: r.maybe() }));
    else if (kind === 5) events.push(track('Product Viewed', at, { product_id: r.pick(['p1', 'p2']), category: 'shoes' }));
    else events.push(track('Call Logged', at));
  }
  const active = new Set(STAGES.slice(0, 0));
  if (r.maybe(0.3)) active.add('welcome');
  const ever = new Set([...active]);
  if (r.maybe(0.3)) ever.add('old');
  return { events, stage: r.pick(STAGES), score: r.int(0, 60), scenarios: { active, ever } };
}

const BASE: SegmentDefinition[] = [
  { key: 'lyonnais', name: 'Lyon', where: { geo: { city: ['lyon'] } } },
  { key: 'buyers', name: 'Buyers', where: { spend: { atLeast: 50 } } },
];

function randomLeaf(r: Random): SegmentCondition {
  const range = (low: number, high: number) => {
    const a = r.int(low, high);
    const b = r.int(a, high);
    return r.pick([{ atLeast: a }, { atMost: b }, { atLeast: a, atMost: b }]);
  };
  const leaves: (() => SegmentCondition)[] = [
    () => ({ age: range(0, 131) }),
    () => ({ age: { atLeast: r.int(0, 90) + 0.5 } }),
    () => ({ ageBand: [r.pick(['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const)] }),
    () => ({ gender: [r.pick(['female', 'male', 'other'] as const)] }),
    () => ({ household: r.pick([{ size: range(1, 8) }, { children: r.maybe() }, { size: range(1, 8), children: r.maybe() }]) }),
    () => ({ geo: r.pick([{ city: [r.pick(CITIES)] }, { country: [r.pick(COUNTRIES)] }, { postalCodePrefix: [r.pick(['69', '75', '1', '6 9'])] }, { region: ['rhône'] }]) }),
    () => ({ near: { latitude: 45.76, longitude: r.pick([4.84, 179.9, -179.9]), withinKm: r.int(1, 300) } }),
    () => ({ purchasingPower: [r.pick(['low', 'mid', 'high'])] }),
    () => ({ spend: { ...range(-50, 300), ...(r.maybe() ? { within: r.pick(['30d', '90d']) } : {}) } }),
    () => ({ lastSeen: r.pick([{ within: `${r.int(1, 200)}d` }, { before: `${r.int(1, 200)}d` }, { within: '300d', before: '20d' }]) }),
    () => ({ signal: r.pick(['pageViews', 'sessions', 'purchases', 'revenue', 'engagedSeconds', 'emailOpens', 'calls'] as const), ...range(0, 6), ...(r.maybe() ? { within: '60d' } : {}) }),
    () => ({ event: 'Order Completed', atLeast: r.int(1, 3) }),
    () => ({ score: range(0, 60) }),
    () => ({ trait: 'income', op: r.pick(['gte', 'lt', 'exists'] as const), value: r.int(0, 100_000) }),
    () => ({ preferredChannel: [r.pick(['web', 'email', 'phone'] as const)] }),
    () => ({ activeAt: { hours: [r.int(0, 11), r.int(12, 24)] as [number, number] } }),
    () => ({ product: { viewed: [r.pick(['p1', 'shoes'])], ...(r.maybe() ? { within: '60d' } : {}) } }),
    () => ({ page: r.pick(['/tarifs*', '/blog']), atLeast: r.int(1, 3) }),
    () => ({ stage: [r.pick(STAGES), r.pick(STAGES)].filter((s, i, a) => a.indexOf(s) === i) }),
    () => ({ stageWas: { stage: r.pick(STAGES), within: '30d' } }),
    () => ({ consent: { purpose: r.pick(['ad_audiences', 'email_marketing', 'sms_marketing', 'tracking'] as const), granted: r.maybe() } }),
    () => ({ scenario: r.pick(['welcome', 'old']), ...(r.maybe() ? { ever: true } : {}) }),
    () => ({ segment: r.pick(['lyonnais', 'buyers']) }),
  ];
  return r.pick(leaves)();
}

function randomCondition(r: Random, depth: number): SegmentCondition {
  if (depth >= 3 || r.maybe(0.4)) return randomLeaf(r);
  const kind = r.int(0, 2);
  if (kind === 2) return { not: randomCondition(r, depth + 1) };
  const parts = Array.from({ length: r.int(1, 3) }, () => randomCondition(r, depth + 1));
  return kind === 0 ? { all: parts } : { any: parts };
}

const purchasingPower = (r: Random): SegmentDefinition['purchasingPower'] =>
  r.maybe()
    ? { measure: { trait: 'income' }, bands: [{ key: 'low', to: 30_000 }, { key: 'mid', from: 30_000, to: 60_000 }, { key: 'high', from: 60_000 }] }
    : { measure: { spend: r.maybe() ? { within: '90d' } : {} }, bands: [{ key: 'low', to: 50 }, { key: 'mid', from: 50, to: 150 }, { key: 'high', from: 150 }] };

describe('prefilterOf', () => {
  it('never drops a member, and agrees with the evaluator when exact (property, random definitions over random contacts)', () => {
    const all = new Map(BASE.map((def) => [def.key, def]));
    const base = compileSegments(BASE);
    let admitted = 0;
    let exactChecks = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = random(seed);
      const contacts = Array.from({ length: 60 }, () => {
        const c = randomContact(r);
        const state = foldEvents(emptyContactState(), c.events, doctrine.foldParams);
        const facts = contactFacts(state, c.stage, doctrine.temperatureOf);
        const subject: SegmentSubject = { state, stage: c.stage, score: c.score, scenarios: c.scenarios };
        // The live membership of the segments a probe refers to, per instant.
        const bases = new Map<number, Set<string>>();
        const baseAt = (now: number) => bases.get(now) ?? bases.set(now, new Set(base.evaluate(subject, now).members)).get(now)!;
        return { subject, row: segmentRowOf(facts, facts.profile, c.score) as SegmentRow, baseAt };
      });
      for (let d = 0; d < 15; d++) {
        const def: SegmentDefinition = { key: 'probe', name: 'probe', where: randomCondition(r, 0), purchasingPower: purchasingPower(r) };
        const compiled = compileSegments([...BASE, def]);
        const now = T + r.pick([0, 3 * DAY, -40 * DAY, 17 * HOUR]);
        const prefilter = prefilterOf(def, all, now);
        for (const { subject, row, baseAt } of contacts) {
          const member = compiled.test('probe', subject, now);
          const memberships = { segments: baseAt(now), scenarios: subject.scenarios! };
          const passes = matchesColumnPredicate(prefilter.where, row, memberships);
          const context = () => `seed ${seed}: ${JSON.stringify(def.where)} on ${JSON.stringify(subject.state.traits)} stage ${subject.stage} at ${new Date(now).toISOString()} → ${JSON.stringify(prefilter)}`;
          if (member) {
            admitted += 1;
            expect(passes, context()).toBe(true);
          }
          if (prefilter.exact) {
            exactChecks += 1;
            expect(passes, context()).toBe(member);
          }
        }
      }
    }
    // The run must have exercised both sides.
    console.info(`prefilter property: ${admitted} members checked, ${exactChecks} exact comparisons`);
    expect(admitted).toBeGreaterThan(5000);
    expect(exactChecks).toBeGreaterThan(8000);
  });

  it('renders the brief\'s example as columns, exact where the columns decide', () => {
    const def: SegmentDefinition = { key: 'warm-lyon', name: 'Warm in Lyon aged 30–45', where: { all: [{ stage: ['warm'] }, { geo: { city: ['Lyon'] } }, { age: { atLeast: 30, atMost: 45 } }] } };
    const filter = prefilterOf(def, new Map(), T);
    expect(filter.exact).toBe(true);
    expect(JSON.stringify(filter.where)).toContain('"column":"city","op":"in","value":["lyon"]');
    const withPages = prefilterOf({ ...def, where: { all: [def.where, { page: '/tarifs', atLeast: 2 }] } }, new Map(), T);
    expect(withPages.exact).toBe(false);
    expect(JSON.stringify(withPages.where)).toContain('"column":"pages","op":"gte","value":2');
  });

  it('turns the negation of an inexact condition into true, and folds constants', () => {
    expect(prefilterOf({ key: 'k', name: 'k', where: { not: { score: { atLeast: 5 } } } }, new Map(), T)).toEqual({ exact: false, where: true });
    expect(prefilterOf({ key: 'k', name: 'k', where: { not: { stage: ['hot'] } } }, new Map(), T)).toEqual({ exact: true, where: { not: { all: [{ column: 'stage', op: 'notNull' }, { column: 'stage', op: 'in', value: ['hot'] }] } } });
    expect(prefilterOf({ key: 'k', name: 'k', where: { age: { atLeast: 50, atMost: 50.5 } } }, new Map(), T).where).not.toBe(false);
    expect(prefilterOf({ key: 'k', name: 'k', where: { age: { atLeast: 50.2, atMost: 50.5 } } }, new Map(), T)).toEqual({ exact: true, where: false });
    expect(prefilterOf({ key: 'k', name: 'k', where: { any: [{ segment: 'a' }, { scenario: 'b', ever: true }] } }, new Map(), T)).toEqual({ exact: true, where: { any: [{ memberOf: 'a' }, { enrolledIn: 'b', ever: true }] } });
  });
});

describe('prefilterOf, last seen', () => {
  it('decides "quiet for 30 days" and "active within 30 days" from the day column, exactly, around the cutoff instant', () => {
    const now = T;
    const cutoff = now - 30 * DAY;
    const def = (lastSeen: { within?: string; before?: string }): SegmentDefinition => ({ key: 'k', name: 'k', where: { lastSeen } });
    const quiet = prefilterOf(def({ before: '30d' }), new Map(), now);
    const active = prefilterOf(def({ within: '30d' }), new Map(), now);
    expect([quiet.exact, active.exact]).toEqual([true, true]);
    const dayStart = Math.floor(cutoff / DAY) * DAY;
    const instants = [dayStart - 1, dayStart, cutoff - 1, cutoff, cutoff + 1, dayStart + DAY - 1, dayStart + DAY, now];
    for (const at of instants) {
      const state = { ...emptyContactState(), firstSeenAt: at - DAY, lastSeenAt: at };
      const row = segmentRowOf(contactFacts(state, 'cold', doctrine.temperatureOf), contactFacts(state, 'cold', doctrine.temperatureOf).profile, 0);
      const memberships = { segments: new Set<string>() };
      expect(matchesColumnPredicate(quiet.where, row, memberships), `quiet, last seen ${at - cutoff} ms from the cutoff`).toBe(at <= cutoff);
      expect(matchesColumnPredicate(active.where, row, memberships), `active, last seen ${at - cutoff} ms from the cutoff`).toBe(at > cutoff);
    }
  });
});
