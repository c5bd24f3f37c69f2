import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { DAY } from '../shared/duration.js';
import { identify, page, track } from '../test-support/events.js';
import { featureSpecOf } from './feature-spec.js';
import { surveyFeatures } from './feature-spec-survey.js';
import { featureVector } from './features.js';

const doctrine = DOCTRINE_PRESETS['suspect-prospect-lead']!;
const T = Date.UTC(2026, 0, 5, 10);
const keys = (spec: ReturnType<typeof featureSpecOf>) => spec.features.map((f) => f.key);

describe('featureSpecOf', () => {
  const spec = featureSpecOf({
    doctrine,
    eventNames: ['Order Completed', 'Form Submitted', 'Chat Started', 'Webinar Joined', 'Subscription Started'],
    traits: [{ key: 'plan', values: ['pro', 'free'] }, { key: 'employees', values: 'number' }, { key: 'lastPurchaseAt', values: 'number' }],
    sources: ['google'],
  });

  it('counts every doctrine signal and event seen over 7, 30 and 90 days and all time, in plain English and French', () => {
    expect(keys(spec)).toEqual(expect.arrayContaining(['count:offer:7d', 'count:offer:30d', 'count:offer:90d', 'count:offer:all', 'sum:engaged:30d', 'count:session:90d', 'count:micro:30d', 'count:cart_abandoned:7d', 'event:Chat Started:30d', 'event:Form Submitted:90d', 'event:Webinar Joined:all']));
    expect(spec.features.find((f) => f.key === 'count:offer:30d')!.labels).toEqual({ en: 'offer-page views in the last 30 days', fr: "vues de la page d'offre sur les 30 derniers jours" });
    expect(spec.features.find((f) => f.key === 'event:Webinar Joined:all')!.labels.fr).toBe('événements « Webinar Joined », depuis le début');
  });

  it('has no feature that reveals a purchase: no Order Completed count, no revenue, no client stage, no trait the client stage reads', () => {
    const all = keys(spec).join(' ');
    expect(all).not.toMatch(/Order Completed|revenue|purchase|lastPurchaseAt|stage=client/i);
    expect(keys(spec)).toEqual(expect.arrayContaining(['trait:employees', 'trait:plan=pro', 'trait:plan:other', 'stage=hot', 'stage=unknown', 'stage:days', 'source=google', 'source:other', 'recency:days', 'age:days']));
  });

  it('keeps the most frequent event names under the cap and sums the rarer ones as "other events"', () => {
    const capped = featureSpecOf({ doctrine, eventNames: ['A', 'B', 'C', 'D'], traits: [], maxEventNames: 2 });
    expect(keys(capped).filter((k) => k.endsWith(':all') && k.startsWith('event:'))).toEqual(['event:A:all', 'event:B:all', 'event:*:all']);
    const state = foldEvents(emptyContactState(), [track('A', T), track('C', T + 1), track('D', T + 2), track('D', T - 40 * DAY)].sort((a, b) => a.at - b.at), compileDoctrine(doctrine).foldParams);
    const row = featureVector(capped, state, T + DAY, null);
    const at = (key: string) => row[keys(capped).indexOf(key)];
    expect([at('event:A:7d'), at('event:*:7d'), at('event:*:90d'), at('event:*:all')]).toEqual([1, 2, 3, 3]);
  });

  it('is plain JSON: a spec read back from storage fills the same rows', () => {
    const state = foldEvents(emptyContactState(), [identify({ plan: 'pro', employees: 12 }, T), page('/pricing', T + 1000), track('Chat Started', T + 2000)], compileDoctrine(doctrine).foldParams);
    const stored = JSON.parse(JSON.stringify(spec)) as typeof spec;
    expect([...featureVector(stored, state, T + DAY, 'hot')]).toEqual([...featureVector(spec, state, T + DAY, 'hot')]);
  });
});

describe('surveyFeatures', () => {
  it('keeps frequent levels, drops rare ones, and skips a number that identifies each contact', () => {
    const states = Array.from({ length: 200 }, (_, i) => ({
      ...emptyContactState(),
      traits: { leadNumber: 660_000 + i, visits: i % 7, city: i < 150 ? 'Mumbai' : i < 190 ? 'Pune' : `Town ${i}` },
      tallies: i % 2 === 0 ? { 'e:Form Submitted': { n: 1, sum: 1, first: T, last: T, recent: [], days: [] } } : {},
    }));
    const survey = surveyFeatures(states);
    expect(survey.traits).toEqual([{ key: 'city', values: ['Mumbai', 'Pune'] }, { key: 'visits', values: 'number' }]);
    expect(survey.eventNames).toEqual(['Form Submitted']);
  });
});
