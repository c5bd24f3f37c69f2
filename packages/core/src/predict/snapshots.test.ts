import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import type { LeadEvent } from '../events/lead-event.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { compareEvents, foldEvents } from '../fold/fold-events.js';
import { DAY, HOUR } from '../shared/duration.js';
import { page, track } from '../test-support/events.js';
import { featureSpecOf } from './feature-spec.js';
import { createDatasetBuilder, datasetOf } from './features-dataset.js';
import { featureWidth } from './features.js';
import { labelOf } from './labels.js';
import { snapshotsOfContact } from './snapshots.js';

const compiled = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
const WEEK = 7 * DAY;
// A Thursday at midnight UTC is a multiple of 7 days since the epoch: the weekly instants fall on it.
const T = 2900 * WEEK;
const history = (): LeadEvent[] =>
  [page('/', T + 2 * HOUR), page('/pricing', T + 3 * DAY), track('Form Submitted', T + 9 * DAY), page('/pricing', T + 20 * DAY), track('Order Completed', T + 24 * DAY, { revenue: 90 }), page('/thanks', T + 25 * DAY)].sort(compareEvents);
const stageAt = (state: Parameters<typeof compiled.stageOf>[0], at: number) => compiled.stageOf(state, at).stage;

describe('snapshotsOfContact', () => {
  it('pictures the contact weekly until its first purchase, each state folding only the events up to its instant', () => {
    const events = history();
    const snapshots = snapshotsOfContact('c1', events, compiled.foldParams, { every: WEEK, until: T + 60 * DAY });
    expect(snapshots.map((s) => (s.at - T) / DAY)).toEqual([7, 14, 21]);
    for (const snapshot of snapshots) {
      // The incremental replay gives what a fold from scratch of the events up to the instant gives.
      expect(snapshot.state).toEqual(foldEvents(emptyContactState(), events.filter((e) => e.at <= snapshot.at), compiled.foldParams));
      expect([snapshot.nextPurchaseAt, snapshot.observedUntil]).toEqual([T + 24 * DAY, T + 60 * DAY]);
    }
    expect(snapshots[0]!.state.tallies['e:Form Submitted']).toBeUndefined();
    expect(snapshots[1]!.state.tallies['e:Form Submitted']?.n).toBe(1);
  });

  it('stops at the end of the data and skips a quiet stretch when asked, resuming at the next event', () => {
    const events = [page('/', T + HOUR), page('/', T + 40 * DAY)];
    const all = snapshotsOfContact('c1', events, compiled.foldParams, { every: WEEK, until: T + 50 * DAY });
    expect(all.map((s) => (s.at - T) / DAY)).toEqual([7, 14, 21, 28, 35, 42, 49]);
    const lively = snapshotsOfContact('c1', events, compiled.foldParams, { every: WEEK, until: T + 50 * DAY, quietFor: 15 * DAY });
    expect(lively.map((s) => (s.at - T) / DAY)).toEqual([7, 14, 42, 49]);
  });

  it('anchors instants on the origin given, and takes none of a contact whose first event is its purchase', () => {
    const origin = T + 12 * HOUR;
    const once = snapshotsOfContact('c1', [page('/', T + HOUR)], compiled.foldParams, { every: 365 * DAY, until: origin + 30 * DAY, origin });
    expect(once.map((s) => s.at)).toEqual([origin]);
    expect(snapshotsOfContact('c2', [track('Order Completed', T)], compiled.foldParams, { every: WEEK, until: T + 60 * DAY })).toEqual([]);
  });
});

describe('labelOf', () => {
  const at = T;
  it.each([
    ['bought within the horizon', T + 10 * DAY, T + 100 * DAY, 1],
    ['bought after the horizon', T + 40 * DAY, T + 100 * DAY, 0],
    ['did not buy, horizon observed', null, T + 30 * DAY, 0],
    ['did not buy, horizon runs past the data', null, T + 29 * DAY, null],
    ['bought on the horizon’s last instant', T + 30 * DAY, T + 30 * DAY, 1],
  ] as const)('%s', (_name, nextPurchaseAt, observedUntil, expected) => {
    expect(labelOf({ at, nextPurchaseAt, observedUntil }, 30)).toBe(expected);
  });
});

describe('datasetOf', () => {
  it('builds one row per snapshot whose label is known, ordered as given, with their instants', () => {
    const spec = featureSpecOf({ doctrine: compiled.doctrine, eventNames: ['Form Submitted', 'Order Completed'], traits: [] });
    const snapshots = [
      ...snapshotsOfContact('buyer', history(), compiled.foldParams, { every: WEEK, until: T + 60 * DAY }),
      ...snapshotsOfContact('browser', [page('/', T + HOUR)], compiled.foldParams, { every: WEEK, until: T + 60 * DAY }),
    ];
    const dataset = datasetOf(spec, snapshots, 30, stageAt);
    // The browser's weekly pictures from day 35 on have a 30-day horizon past the end of the data: unknown.
    expect(dataset.rows).toBe(3 + 4);
    expect([...dataset.y]).toEqual([1, 1, 1, 0, 0, 0, 0]);
    expect([...dataset.at].map((at) => (at - T) / DAY)).toEqual([7, 14, 21, 7, 14, 21, 28]);
    expect(dataset.x.length).toBe(7 * featureWidth(spec));
    expect(dataset.features).toBe(spec.features);
    const warm = spec.features.findIndex((f) => f.key === 'stage=warm');
    expect(dataset.x[1 * featureWidth(spec) + warm]).toBe(1);
  });

  it('grows as snapshots stream in, contact by contact', () => {
    const spec = featureSpecOf({ doctrine: compiled.doctrine, eventNames: [], traits: [] });
    const builder = createDatasetBuilder(spec, 30, stageAt, 1);
    for (let i = 0; i < 5; i++) for (const s of snapshotsOfContact(`c${i}`, [page('/', T + (i + 1) * HOUR)], compiled.foldParams, { every: WEEK, until: T + 60 * DAY })) builder.add(s);
    expect(builder.build().rows).toBe(5 * 4);
  });
});
