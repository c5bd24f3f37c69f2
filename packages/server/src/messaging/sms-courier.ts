import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { permanent, type Courier, type DeliveryOutcome, type OutgoingMessage } from './courier.js';

/** One SMS as a provider takes it: the number in E.164, the text, and a key the provider may deduplicate on. */
export interface SmsToSend {
  readonly to: string;
  readonly body: string;
  readonly idempotencyKey: string;
}

/** An SMS gateway (one HTTP adapter: twilio-sms-provider.ts). Answers like a courier, never throws for a refusal. */
export interface SmsProvider {
  send(sms: SmsToSend): Promise<DeliveryOutcome>;
}

/** A phone number in E.164 (`+33612345678`), or null; national numbers need the country they are written for. */
export function toE164(phone: string, defaultCountry?: CountryCode): string | null {
  const parsed = parsePhoneNumberFromString(phone, defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}

/** SMS through a provider: the number normalised first (a number that is not one is a permanent failure). */
export function createSmsCourier(provider: SmsProvider, options: { defaultCountry?: CountryCode } = {}): Courier {
  return {
    async deliver(message: OutgoingMessage): Promise<DeliveryOutcome> {
      const to = toE164(message.to, options.defaultCountry);
      if (!to) {
        const hint = options.defaultCountry ? '' : ' (a national number needs a country: add &country=FR to LEADPULSE_SMS_URL)';
        return permanent(`not a valid phone number: ${message.to}${hint}`);
      }
      if (message.text.trim() === '') return permanent('the SMS is empty');
      return provider.send({ to, body: message.text, idempotencyKey: message.messageId });
    },
  };
}
