import { createHash } from 'node:crypto';
import { emptyContactState, type ContactId, type LeadEvent } from '@leadpulse/core';
import { describe, expect, it } from 'vitest';
import { googleConversionOf, googleDateTime, metaEventOf } from './conversion-payloads.js';
import { conversionSettingsOf, parsePairs } from './conversion-settings.js';
import { e164, googleEmail, metaEmail, metaPhone } from './hash-identifiers.js';
import { conversionsOf, forwardedName } from './queue-conversions.js';

const sha = (value: string) => createHash('sha256').update(value).digest('hex');
const T = Date.UTC(2026, 10, 2, 9, 30, 15);
const event = (overrides: Partial<LeadEvent>): LeadEvent => ({
  id: 'msg-1' as LeadEvent['id'],
  type: 'track',
  name: 'Order Completed',
  userId: 'u1',
  anonymousId: null,
  previousId: null,
  groupId: null,
  at: T,
  receivedAt: T,
  properties: {},
  traits: {},
  context: {},
  bot: false,
  internal: false,
  ...overrides,
});
const granted = { ad_audiences: { granted: true, source: 'tracker', at: T } };

describe('identifiers as each platform hashes them', () => {
  it('normalises emails: trimmed and lower case, gmail dots removed for Google only', () => {
    expect(metaEmail('  Jean.Dupont@GMail.com ')).toBe('jean.dupont@gmail.com');
    expect(googleEmail('  Jean.Dupont@GMail.com ')).toBe('jeandupont@gmail.com');
    expect(googleEmail('jean.dupont@googlemail.com')).toBe('jeandupont@googlemail.com');
    expect(googleEmail('jean.dupont@example.fr')).toBe('jean.dupont@example.fr');
    expect(metaEmail('not an address')).toBeNull();
  });

  it('normalises phones to E.164, national numbers read with the contact country; Meta drops the +', () => {
    expect(e164('06 12 34 56 78', 'fr')).toBe('+33612345678');
    expect(e164('+33 6 12 34 56 78', undefined)).toBe('+33612345678');
    expect(e164('06 12 34 56 78', undefined)).toBeNull();
    expect(e164('12', 'FR')).toBeNull();
    expect(metaPhone('+33612345678')).toBe('33612345678');
  });

  it('writes Google dates as yyyy-mm-dd hh:mm:ss+00:00', () => {
    expect(googleDateTime(T)).toBe('2026-11-02 09:30:15+00:00');
  });
});

describe('payloads', () => {
  const state = { ...emptyContactState(), email: 'ana@example.com', traits: { phone: '+33612345678' }, consent: granted, ads: { gbraid: 'GB1', at: T } };
  const source = { event: event({ properties: { revenue: 10, currency: 'usd', orderId: 'A1' } }), contactId: 'c1' as ContactId, state, eventName: 'Purchase', currency: 'EUR' };

  it('Meta: seconds, the message id as event_id, hashed user data and the value', () => {
    const meta = metaEventOf(source);
    expect(meta).toEqual({
      event_name: 'Purchase',
      event_time: Math.floor(T / 1000),
      event_id: 'msg-1',
      action_source: 'system_generated',
      user_data: { external_id: [sha('c1')], em: [sha('ana@example.com')], ph: [sha('33612345678')] },
      custom_data: { value: 10, currency: 'USD', order_id: 'A1' },
    });
  });

  it('Meta: a browser event is a website event, with its user agent and URL', () => {
    const web = metaEventOf({ ...source, event: event({ context: { userAgent: 'UA', page: { url: 'https://shop.example.fr/' } } }) });
    expect(web).toMatchObject({ action_source: 'website', event_source_url: 'https://shop.example.fr/', user_data: { client_user_agent: 'UA' } });
  });

  it('Google: the click id kept (gbraid here), the conversion action, and nothing when no action is set up', () => {
    const settings = conversionSettingsOf({
      googleAdsCustomerId: '123-456-7890',
      googleAdsConversionActions: 'Purchase=42',
      googleAdsDeveloperToken: 'd',
      googleAdsClientId: 'i',
      googleAdsClientSecret: 's',
      googleAdsRefreshToken: 'r',
    });
    expect(googleConversionOf(source, settings.google!)).toMatchObject({ gbraid: 'GB1', conversionAction: 'customers/1234567890/conversionActions/42', orderId: 'A1', currencyCode: 'USD' });
    expect(googleConversionOf({ ...source, eventName: 'Lead' }, settings.google!)).toBeNull();
    // Nothing to match on: no click id and no email or phone.
    expect(googleConversionOf({ ...source, state: { ...emptyContactState(), consent: granted } }, settings.google!)).toBeNull();
  });

  it('forwards only mapped, human events, and only for contacts who granted ad consent', () => {
    const settings = { ...conversionSettingsOf({ metaPixelId: '1', metaAccessToken: 't', conversionEvents: 'Order Completed=Purchase,page=PageView' }) };
    expect(forwardedName(event({}), settings.events)).toBe('Purchase');
    expect(forwardedName(event({ type: 'page', name: null }), settings.events)).toBe('PageView');
    expect(forwardedName(event({ name: 'Form Submitted' }), settings.events)).toBeNull();
    expect(forwardedName(event({ bot: true }), settings.events)).toBeNull();
    const written = (consent: object | undefined) => ({ eventsByContact: new Map([['c1' as ContactId, [event({})]]]), contacts: [{ id: 'c1' as ContactId, state: { ...emptyContactState(), consent } }] });
    expect(conversionsOf(written(granted), settings, T)).toHaveLength(1);
    expect(conversionsOf(written(undefined), settings, T)).toHaveLength(0);
    expect(conversionsOf(written({ ad_audiences: { granted: false, source: 'api', at: T } }), settings, T)).toHaveLength(0);
  });

  it('reads Name=Value lists, names with spaces included', () => {
    expect([...parsePairs('Order Completed=Purchase, Signed Up = Lead')]).toEqual([
      ['Order Completed', 'Purchase'],
      ['Signed Up', 'Lead'],
    ]);
  });
});
