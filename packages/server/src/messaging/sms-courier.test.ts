import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSmsProvider, type FakeSmsProvider } from '../test-support/fake-sms-provider.js';
import type { Courier, OutgoingMessage } from './courier.js';
import { createSmsCourier, toE164 } from './sms-courier.js';
import { createTwilioSmsProvider, twilioConfigFromUrl, type TwilioSmsConfig } from './twilio-sms-provider.js';

const sms = (n: number, to = '+33 6 98 76 54 32'): OutgoingMessage => ({ channel: 'sms', messageId: `<send-${n}@leadpulse.test>`, sendId: `send-${n}`, to, subject: '', html: '', text: `Bonjour Ana, votre devis ${n} est prêt.` });

describe('phone numbers', () => {
  it('normalises to E.164, national numbers only with a country', () => {
    expect(toE164('+33 6 12 34 56 78')).toBe('+33612345678');
    expect(toE164('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(toE164('06 12 34 56 78')).toBeNull();
    expect(toE164('not a number', 'FR')).toBeNull();
  });
});

describe('LEADPULSE_SMS_URL', () => {
  it('carries the account, the token, the sender (its + kept) and the country', () => {
    expect(twilioConfigFromUrl('https://AC1:s%3Acret@api.twilio.com/?from=+33612345678&country=fr')).toEqual({
      baseUrl: 'https://api.twilio.com',
      accountSid: 'AC1',
      authToken: 's:cret',
      from: '+33612345678',
      defaultCountry: 'FR',
    });
    expect(twilioConfigFromUrl('https://AC1:tok@api.twilio.com/?from=0612345678&country=FR')).toMatchObject({ from: '+33612345678' });
    expect(twilioConfigFromUrl('https://api.twilio.com/?from=+33612345678')).toEqual({ error: expect.stringMatching(/SID and auth token/) });
    expect(twilioConfigFromUrl('https://AC1:tok@api.twilio.com/')).toEqual({ error: expect.stringMatching(/\?from=/) });
    expect(twilioConfigFromUrl('https://AC1:tok@api.twilio.com/?from=+33612345678&country=ZZ')).toEqual({ error: expect.stringMatching(/unknown country "ZZ"/) });
  });
});

describe('SMS courier over the Twilio-shaped HTTP adapter, against a local fake provider', () => {
  let provider: FakeSmsProvider;
  let config: TwilioSmsConfig;
  let courier: Courier;
  beforeEach(async () => {
    provider = await startFakeSmsProvider();
    const parsed = twilioConfigFromUrl(`${provider.url}&country=FR`);
    if ('error' in parsed) throw new Error(parsed.error);
    config = { ...parsed, timeoutMs: 2_000 };
    courier = createSmsCourier(createTwilioSmsProvider(config), { defaultCountry: 'FR' });
  });
  afterEach(() => provider.close());

  it('sends form-encoded with Basic auth to the E.164 number, and records the provider sid', async () => {
    expect(await courier.deliver(sms(1, '06 98 76 54 32'))).toEqual({ kind: 'sent', providerAnswer: expect.stringMatching(/^HTTP 201 SM0+1 queued$/) });
    expect(provider.messages).toEqual([{ sid: expect.any(String), to: '+33698765432', from: '+33612345678', body: 'Bonjour Ana, votre devis 1 est prêt.', idempotencyKey: '<send-1@leadpulse.test>' }]);
  });

  it('sends a retried message with the same idempotency key, so the provider keeps one', async () => {
    await courier.deliver(sms(2));
    await courier.deliver(sms(2));
    expect(provider.requests).toBe(2);
    expect(provider.messages).toHaveLength(1);
  });

  it('treats 429 and 5xx as transient, other 4xx as permanent with the provider reason', async () => {
    provider.failNext(429);
    expect(await courier.deliver(sms(3))).toMatchObject({ kind: 'transient', error: expect.stringMatching(/HTTP 429/) });
    provider.failNext(503);
    expect(await courier.deliver(sms(3))).toMatchObject({ kind: 'transient', error: expect.stringMatching(/HTTP 503/) });
    provider.failNext(400, 1, 21610);
    expect(await courier.deliver(sms(3))).toEqual({ kind: 'permanent', error: 'the SMS provider answered HTTP 400 (error 21610): Simulated failure 400' });
    expect(await courier.deliver(sms(3))).toMatchObject({ kind: 'sent' });
  });

  it('refuses what is not a phone number before calling the provider', async () => {
    expect(await courier.deliver(sms(4, 'call me'))).toEqual({ kind: 'permanent', error: 'not a valid phone number: call me' });
    const noCountry = createSmsCourier(createTwilioSmsProvider(config));
    expect(await noCountry.deliver(sms(4, '06 98 76 54 32'))).toMatchObject({ kind: 'permanent', error: expect.stringMatching(/needs a country/) });
    expect(provider.requests).toBe(0);
  });

  it('treats wrong credentials as permanent, and an unreachable provider as transient', async () => {
    const wrongToken = createSmsCourier(createTwilioSmsProvider({ ...config, authToken: 'nope' }));
    expect(await wrongToken.deliver(sms(5))).toMatchObject({ kind: 'permanent', error: expect.stringMatching(/HTTP 401 \(error 20003\): Authenticate/) });
    await provider.close();
    expect(await courier.deliver(sms(5))).toMatchObject({ kind: 'transient', error: expect.stringMatching(/could not be reached.*ECONNREFUSED/) });
    provider = await startFakeSmsProvider();
  });
});
