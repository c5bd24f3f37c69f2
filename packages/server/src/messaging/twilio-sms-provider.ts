import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { sent, type DeliveryOutcome } from './courier.js';
import { describeHttpFailure, outcomeOfHttpStatus, outcomeOfNetworkError } from './http-outcome.js';
import { toE164, type SmsProvider, type SmsToSend } from './sms-courier.js';

export interface TwilioSmsConfig {
  /** Scheme, host and port of the API, without credentials: https://api.twilio.com. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** The sender number in E.164. */
  readonly from: string;
  /** How national recipient numbers are read (`FR`), when given. */
  readonly defaultCountry?: CountryCode;
  readonly timeoutMs?: number;
}

/** A query parameter read as written: URLSearchParams would turn the `+` of `from=+33…` into a space. */
function rawParam(search: string, name: string): string | undefined {
  const pair = search
    .replace(/^\?/, '')
    .split('&')
    .find((part) => part.startsWith(`${name}=`));
  return pair === undefined ? undefined : decodeURIComponent(pair.slice(name.length + 1));
}

/** Reads LEADPULSE_SMS_URL: `https://SID:TOKEN@api.twilio.com/?from=+33612345678&country=FR`. */
export function twilioConfigFromUrl(raw: string): TwilioSmsConfig | { readonly error: string } {
  if (!URL.canParse(raw)) return { error: 'LEADPULSE_SMS_URL is not a URL' };
  const url = new URL(raw);
  const country = rawParam(url.search, 'country')?.toUpperCase();
  if (country !== undefined && !isSupportedCountry(country)) return { error: `LEADPULSE_SMS_URL: unknown country "${country}" (use a two-letter code such as FR)` };
  const from = toE164(rawParam(url.search, 'from') ?? '', country as CountryCode | undefined);
  if (!url.username || !url.password) return { error: 'LEADPULSE_SMS_URL needs the account SID and auth token as user and password' };
  if (!from) return { error: 'LEADPULSE_SMS_URL needs ?from= the sender number, e.g. +33612345678' };
  const path = url.pathname.replace(/\/+$/, '');
  return {
    baseUrl: `${url.protocol}//${url.host}${path}`,
    accountSid: decodeURIComponent(url.username),
    authToken: decodeURIComponent(url.password),
    from,
    ...(country ? { defaultCountry: country as CountryCode } : {}),
  };
}

/** Twilio's error body: `{ code: 21211, message: "The 'To' number … is not a valid phone number.", status: 400 }`. */
async function describeTwilioFailure(response: Response): Promise<string> {
  const text = await describeHttpFailure(response);
  const json = /^HTTP \d+[^:]*: (\{.*\})$/.exec(text)?.[1];
  if (!json) return text;
  try {
    const body = JSON.parse(json) as { code?: number; message?: string };
    return `HTTP ${response.status}${body.code ? ` (error ${body.code})` : ''}: ${body.message ?? json}`;
  } catch {
    return text;
  }
}

/**
 * SMS over an API shaped like Twilio's Messages resource: a form-encoded POST to
 * `{base}/2010-04-01/Accounts/{sid}/Messages.json` with Basic auth, answered 201 with the message's `sid`. The
 * send's identity rides in an `Idempotency-Key` header, so a gateway that honours it sends a retried message once.
 */
export function createTwilioSmsProvider(config: TwilioSmsConfig): SmsProvider {
  const endpoint = `${config.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
  const timeoutMs = config.timeoutMs ?? 10_000;
  return {
    async send(sms: SmsToSend): Promise<DeliveryOutcome> {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': sms.idempotencyKey, 'user-agent': 'LeadPulse-SMS/1' },
          body: new URLSearchParams({ To: sms.to, From: config.from, Body: sms.body }),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        return outcomeOfNetworkError(error, 'the SMS provider', timeoutMs);
      }
      if (!response.ok) return outcomeOfHttpStatus(response.status, '', `the SMS provider answered ${await describeTwilioFailure(response)}`);
      // Accepted is accepted, even from a gateway that names no sid: retrying could send the text twice.
      const answer = (await response.json().catch(() => null)) as { sid?: string; status?: string } | null;
      return sent(`HTTP ${response.status} ${answer?.sid ?? '(no sid)'}${answer?.status ? ` ${answer.status}` : ''}`);
    },
  };
}
