import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import type { LeadEvent } from '../events/lead-event.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { compareEvents, foldEvents } from '../fold/fold-events.js';
import { viewTally } from '../fold/tally.js';
import { DAY, HOUR } from '../shared/duration.js';
import { identify, leadEvent, page, track } from '../test-support/events.js';
import { featureSpecOf } from './feature-spec.js';
import { featuresInto, featureVector, featureWidth } from './features.js';

const compiled = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
const T = Date.UTC(2026, 2, 2, 9);
const fold = (events: LeadEvent[]) => foldEvents(emptyContactState(), [...events].sort(compareEvents), compiled.foldParams);
const spec = featureSpecOf({
  doctrine: compiled.doctrine,
  eventNames: ['Form Submitted', 'Chat Started'],
  traits: [{ key: 'plan', values: ['pro'] }, { key: 'employees', values: 'number' }],
  sources: ['google', 'newsletter'],
});
const column = (key: string) => {
  const index = spec.features.findIndex((f) => f.key === key);
  if (index < 0) throw new Error(`no column ${key}`);
  return index;
};

describe('featuresInto', () => {
  it('reads every window exactly as the doctrine does (viewTally), beyond the exact recent occurrences too', () => {
    // 200 page views over 150 days: the older ones are summed per day by the fold, the latest 32 kept exactly.
    const views = Array.from({ length: 200 }, (_, i) => page(i % 5 === 0 ? '/pricing' : '/blog', T + Math.floor(i * 0.75 * DAY) + (i % 7) * HOUR));
    const state = fold(views);
    for (const at of [T + 100 * DAY, T + 130 * DAY + 5 * HOUR, T + 150 * DAY, T + 200 * DAY]) {
      const row = featureVector(spec, state, at, null);
      for (const [tally, stem] of [['page', 'count:page'], ['offer', 'count:offer'], ['session', 'count:session'], ['engaged', 'sum:engaged']] as const) {
        for (const days of [7, 30, 90]) {
          const view = viewTally(state.tallies[tally], at, days * DAY);
          expect(row[column(`${stem}:${days}d`)], `${stem}:${days}d at +${(at - T) / DAY}d`).toBeCloseTo(stem.startsWith('sum') ? view.sum : view.count, 9);
        }
      }
      expect(row[column('count:page:all')]).toBe(200);
    }
  });

  it('describes recency, age, traits, first touch and stage, with NaN for what is missing', () => {
    const state = fold([
      identify({ plan: 'pro' }, T),
      page('/', T + HOUR, { context: { page: { path: '/' }, campaign: { source: 'bing' } } }),
      track('Chat Started', T + 3 * DAY),
    ]);
    const stage = compiled.stageOf(state, T + 10 * DAY).stage;
    const row = featureVector(spec, state, T + 10 * DAY, stage);
    expect(stage).toBe('hot');
    expect(row[column('recency:days')]).toBe(7);
    expect(row[column('age:days')]).toBe(10);
    expect([row[column('trait:plan=pro')], row[column('trait:plan:other')], row[column('trait:employees')]]).toEqual([1, 0, Number.NaN]);
    expect([row[column('source=google')], row[column('source:other')]]).toEqual([0, 1]);
    // Hot since the chat, 7 days before the instant described.
    expect([row[column('stage=hot')], row[column('stage=warm')], row[column('stage:days')]]).toEqual([1, 0, 7]);
    // A stage the fold never saw it in has no time in stage.
    expect(featureVector(spec, state, T + 10 * DAY, 'cold')[column('stage:days')]).toBeNaN();
    // Windows are half-open, (at - 7d, at]: a chat exactly 7 days old has left the 7-day window.
    expect([row[column('event:Chat Started:7d')], row[column('event:Chat Started:30d')]]).toEqual([0, 1]);
  });

  it('gives the time in stage from when the fold saw the contact reach it', () => {
    const params = compiled.foldParams;
    const state = foldEvents(emptyContactState(), [page('/', T), track('Form Submitted', T + DAY)], params);
    const row = featureVector(spec, state, T + 5 * DAY, compiled.stageOf(state, T + 5 * DAY).stage);
    expect(row[column('stage=warm')]).toBe(1);
    expect(row[column('stage:days')]).toBe(4);
  });

  it('counts an open cart past the delay as abandoned, as the doctrine does before the next event', () => {
    const state = fold([track('Product Added', T)]);
    expect(featureVector(spec, state, T + 30 * 60_000, null)[column('count:cart_abandoned:7d')]).toBe(0);
    const later = featureVector(spec, state, T + 2 * HOUR, null);
    expect([later[column('count:cart_abandoned:7d')], later[column('count:cart_abandoned:all')]]).toEqual([1, 1]);
    expect(compiled.stageOf(state, T + 2 * HOUR).stage).toBe('hot');
  });

  it('never reads occurrences after the instant it describes', () => {
    const state = fold([page('/pricing', T), page('/pricing', T + 20 * DAY)]);
    const row = featureVector(spec, state, T + DAY, null);
    expect([row[column('count:offer:7d')], row[column('count:offer:90d')]]).toEqual([1, 1]);
  });

  it('writes one row at an offset of a shared matrix and leaves the others alone', () => {
    const width = featureWidth(spec);
    const matrix = new Float64Array(width * 3).fill(7);
    featuresInto(spec, fold([leadEvent({ type: 'page', at: T })]), T, null, matrix, width);
    expect(matrix[0]).toBe(7);
    expect(matrix[2 * width]).toBe(7);
    expect(matrix[width + column('count:page:all')]).toBe(1);
  });
});
