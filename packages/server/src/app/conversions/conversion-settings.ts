import type { AdPlatform } from './conversion-ports.js';

/** Meta's Conversions API for one pixel (dataset). */
export interface MetaSettings {
  readonly pixelId: string;
  readonly accessToken: string;
  /** https://graph.facebook.com/v21.0 unless a test points it at a local fake. */
  readonly apiUrl: string;
  /** Meta's Test Events code: events show in Events Manager's test tab and are not counted. */
  readonly testEventCode?: string;
}

/** Google Ads click conversion upload (enhanced conversions for leads and web) for one customer account. */
export interface GoogleSettings {
  readonly customerId: string;
  /** Platform event name (Purchase, Lead…) → conversion action id: events without one are not sent to Google. */
  readonly conversionActions: ReadonlyMap<string, string>;
  readonly developerToken: string;
  /** The OAuth client and refresh token the access token is obtained with (shared with audiences, docs/audiences.md). */
  readonly oauth: { readonly clientId: string; readonly clientSecret: string; readonly refreshToken: string; readonly tokenUrl: string };
  /** The manager account, when access goes through one. */
  readonly loginCustomerId?: string;
  readonly apiUrl: string;
}

export interface ConversionSettings {
  /** LeadPulse event name (`page` for page views) → the platforms' standard event name. */
  readonly events: ReadonlyMap<string, string>;
  /** Currency of values whose event names none (ISO 4217). */
  readonly currency: string;
  readonly meta: MetaSettings | null;
  readonly google: GoogleSettings | null;
}

/** Which site events are forwarded by default, and as what (Meta's standard events; Google takes the same names). */
export const DEFAULT_CONVERSION_EVENTS: ReadonlyMap<string, string> = new Map([
  ['Order Completed', 'Purchase'],
  ['Form Submitted', 'Lead'],
  ['Signed Up', 'Lead'],
  ['Product Added', 'AddToCart'],
  ['Checkout Started', 'InitiateCheckout'],
  ['Trial Started', 'StartTrial'],
]);

export const META_API_URL = 'https://graph.facebook.com/v21.0';
export const GOOGLE_ADS_API_URL = 'https://googleads.googleapis.com/v19';
export const GOOGLE_OAUTH_URL = 'https://oauth2.googleapis.com/token';

/**
 * Reads `Name=Value,Name=Value` (LEADPULSE_CONVERSION_EVENTS, LEADPULSE_GOOGLE_ADS_CONVERSION_ACTIONS); the config
 * schema has refused a value with an entry that is not a pair.
 */
export function parsePairs(raw: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const entry of raw.split(',')) {
    const at = entry.indexOf('=');
    if (at <= 0) continue;
    const name = entry.slice(0, at).trim();
    const value = entry.slice(at + 1).trim();
    if (name !== '' && value !== '') pairs.set(name, value);
  }
  return pairs;
}

/** The settings the environment gives (config/schema.ts, group `ads`); a platform is on only when all it needs is set. */
export function conversionSettingsOf(config: {
  readonly conversionEvents?: string | undefined;
  readonly conversionCurrency?: string | undefined;
  readonly metaPixelId?: string | undefined;
  readonly metaAccessToken?: string | undefined;
  readonly metaApiUrl?: string | undefined;
  readonly metaTestEventCode?: string | undefined;
  readonly googleAdsCustomerId?: string | undefined;
  readonly googleAdsConversionActions?: string | undefined;
  readonly googleAdsDeveloperToken?: string | undefined;
  readonly googleAdsClientId?: string | undefined;
  readonly googleAdsClientSecret?: string | undefined;
  readonly googleAdsRefreshToken?: string | undefined;
  readonly googleAdsLoginCustomerId?: string | undefined;
  readonly googleAdsApiUrl?: string | undefined;
  readonly googleOauthUrl?: string | undefined;
}): ConversionSettings {
  const meta: MetaSettings | null =
    config.metaPixelId && config.metaAccessToken
      ? { pixelId: config.metaPixelId, accessToken: config.metaAccessToken, apiUrl: trimSlash(config.metaApiUrl ?? META_API_URL), ...(config.metaTestEventCode ? { testEventCode: config.metaTestEventCode } : {}) }
      : null;
  const c = config;
  const google: GoogleSettings | null =
    c.googleAdsCustomerId && c.googleAdsConversionActions && c.googleAdsDeveloperToken && c.googleAdsClientId && c.googleAdsClientSecret && c.googleAdsRefreshToken
      ? {
          customerId: c.googleAdsCustomerId.replace(/-/g, ''),
          conversionActions: parsePairs(c.googleAdsConversionActions),
          developerToken: c.googleAdsDeveloperToken,
          oauth: { clientId: c.googleAdsClientId, clientSecret: c.googleAdsClientSecret, refreshToken: c.googleAdsRefreshToken, tokenUrl: c.googleOauthUrl ?? GOOGLE_OAUTH_URL },
          apiUrl: trimSlash(c.googleAdsApiUrl ?? GOOGLE_ADS_API_URL),
          ...(c.googleAdsLoginCustomerId ? { loginCustomerId: c.googleAdsLoginCustomerId.replace(/-/g, '') } : {}),
        }
      : null;
  return { events: c.conversionEvents ? parsePairs(c.conversionEvents) : DEFAULT_CONVERSION_EVENTS, currency: (c.conversionCurrency ?? 'EUR').toUpperCase(), meta, google };
}

/** The platforms these settings turn on. */
export const platformsOf = (settings: ConversionSettings): AdPlatform[] => [...(settings.meta ? (['meta'] as const) : []), ...(settings.google ? (['google'] as const) : [])];

const trimSlash = (url: string) => url.replace(/\/+$/, '');
