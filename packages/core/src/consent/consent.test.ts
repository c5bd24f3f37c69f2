import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { addOccurrence, emptyTally } from '../fold/tally.js';
import { hasUnsubscribed } from '../scenarios/unsubscribed.js';
import { identify, leadEvent, page, track } from '../test-support/events.js';
import { consentChangesOf } from './consent-events.js';
import { consentOf, mayMessage } from './consent-of.js';

const params = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!).foldParams;
const fold = (events: Parameters<typeof foldEvents>[1]) => foldEvents(emptyContactState(), events, params);

describe('consent per purpose', () => {
  it('says nothing for a contact who never answered, and then every message may go', () => {
    const state = fold([page('/', 1_000)]);
    expect(consentOf(state).email_marketing).toEqual({ granted: null, source: null, at: null });
    expect(mayMessage(state, 'email_marketing')).toBe(true);
    expect(state.consent).toBeUndefined();
  });

  it('keeps the latest answer per purpose with its source and event time', () => {
    const state = fold([
      track('Consent Updated', 1_000, { purpose: 'sms_marketing', granted: true, source: 'form' }),
      track('Consent Updated', 2_000, { purpose: 'email_marketing', granted: false, source: 'api' }),
      track('Consent Updated', 3_000, { purpose: 'email_marketing', granted: true, source: 'form' }),
      track('Unsubscribed', 4_000, { purpose: 'sms_marketing', source: 'unsubscribe-page' }),
    ]);
    const consent = consentOf(state);
    expect(consent.email_marketing).toEqual({ granted: true, source: 'form', at: 3_000 });
    expect(consent.sms_marketing).toEqual({ granted: false, source: 'unsubscribe-page', at: 4_000 });
    expect(consent.ad_audiences.granted).toBeNull();
  });

  it('reads an Unsubscribed event without a purpose as refusing marketing email only', () => {
    const state = fold([track('Unsubscribed', 5_000, { source: 'one-click' })]);
    expect(consentOf(state).email_marketing).toEqual({ granted: false, source: 'one-click', at: 5_000 });
    expect(mayMessage(state, 'sms_marketing')).toBe(true);
    expect(hasUnsubscribed(state)).toBe(true);
  });

  it('reads the traits imports write: consent per purpose, the older unsubscribed flag, and their source', () => {
    const imported = fold([identify({ email: 'a@example.fr', consent: { email_marketing: true, ad_audiences: 'false', bogus: true }, consentSource: 'import' }, 1_000)]);
    expect(consentOf(imported).email_marketing).toEqual({ granted: true, source: 'import', at: 1_000 });
    expect(consentOf(imported).ad_audiences).toEqual({ granted: false, source: 'import', at: 1_000 });
    const flagged = fold([identify({ unsubscribed: true }, 2_000)]);
    expect(consentOf(flagged).email_marketing).toEqual({ granted: false, source: 'identify', at: 2_000 });
  });

  it("maps the tracker's consent to the tracking purpose", () => {
    const state = fold([leadEvent({ type: 'page', at: 1_000, context: { consent: 'denied' } })]);
    expect(consentOf(state).tracking).toEqual({ granted: false, source: 'tracker', at: 1_000 });
  });

  it('ignores malformed answers', () => {
    expect(consentChangesOf(track('Consent Updated', 1, { purpose: 'fax', granted: true }))).toEqual([]);
    expect(consentChangesOf(track('Consent Updated', 1, { purpose: 'tracking', granted: 'maybe' }))).toEqual([]);
  });

  it('is rebuilt identically by a replay, however the events were split between folds', () => {
    const events = [track('Unsubscribed', 1_000, { source: 'one-click' }), identify({ consent: { email_marketing: true } }, 2_000), track('Consent Updated', 3_000, { purpose: 'tracking', granted: false, source: 'api' })];
    const once = fold(events);
    const inTwo = foldEvents(fold(events.slice(0, 1)), events.slice(1), params);
    expect(inTwo.consent).toEqual(once.consent);
    expect(hasUnsubscribed(once)).toBe(false);
  });

  it('keeps an unsubscribe folded before the record existed when a later answer concerns another purpose', () => {
    const older = { ...emptyContactState(), tallies: { 'e:Unsubscribed': addOccurrence(emptyTally(), 1_000, 1, 'ev_1' as never) } };
    expect(hasUnsubscribed(older)).toBe(true);
    const later = foldEvents(older, [track('Consent Updated', 2_000, { purpose: 'sms_marketing', granted: true, source: 'api' })], params);
    expect(consentOf(later).email_marketing.granted).toBe(false);
  });
});
