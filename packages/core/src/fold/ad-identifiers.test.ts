import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { page, track } from '../test-support/events.js';
import { adIdentifiersOf } from './ad-identifiers.js';
import { anonymiseState } from './anonymise-state.js';
import { emptyContactState } from './empty-contact-state.js';
import { foldEvents } from './fold-events.js';

const params = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!).foldParams;
const T = Date.UTC(2026, 9, 1, 10, 0, 0);
const withAds = (at: number, ads: unknown) => page('/', at, { context: { page: { path: '/' }, ads } });
const consent = (at: number, granted: boolean) => track('Consent Updated', at, { purpose: 'ad_audiences', granted, source: 'tracker' });

describe('ad identifiers on the contact', () => {
  it('keeps the latest id per platform key, the older ones of other keys staying', () => {
    const state = foldEvents(
      emptyContactState(),
      [withAds(T, { fbp: 'fb.1.1.111', fbc: 'fb.1.1.old', gclid: 'G1' }), withAds(T + 1000, { fbc: 'fb.1.2.new' }), page('/b', T + 2000)],
      params,
    );
    expect(state.ads).toEqual({ fbp: 'fb.1.1.111', fbc: 'fb.1.2.new', gclid: 'G1', at: T + 1000 });
  });

  it('takes only well-formed text and ignores anything else in context.ads', () => {
    expect(adIdentifiersOf({ at: T, context: { ads: { fbp: 'fb.1.1.1', fbc: '<script>', gclid: 42, other: 'x' } } })).toEqual({ fbp: 'fb.1.1.1', at: T });
    expect(adIdentifiersOf({ at: T, context: { ads: 'fb.1.1.1' } })).toBeNull();
    expect(adIdentifiersOf({ at: T, context: {} })).toBeNull();
  });

  it('forgets them all when ad consent is refused, and keeps none sent after the refusal', () => {
    const state = foldEvents(emptyContactState(), [consent(T, true), withAds(T + 1, { fbp: 'fb.1.1.1' }), consent(T + 2, false), withAds(T + 3, { gclid: 'G2' })], params);
    expect(state.ads).toBeUndefined();
    const again = foldEvents(state, [consent(T + 4, true), withAds(T + 5, { gclid: 'G3' })], params);
    expect(again.ads).toEqual({ gclid: 'G3', at: T + 5 });
  });

  it('are dropped by anonymisation', () => {
    const state = foldEvents(emptyContactState(), [withAds(T, { fbp: 'fb.1.1.1' })], params);
    expect(anonymiseState(state, (id) => id).ads).toBeUndefined();
  });
});
