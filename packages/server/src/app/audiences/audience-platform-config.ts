import type { AudiencePlatformConfig } from './create-audiences.js';

/** The settings (LEADPULSE_META_*, LEADPULSE_GOOGLE_ADS_*) audiences read; see docs/configuration.md. */
export interface AudienceSettingsInput {
  readonly metaAccessToken?: string;
  readonly metaAdAccount?: string;
  readonly metaApiUrl?: string;
  readonly googleAdsDeveloperToken?: string;
  readonly googleAdsCustomerId?: string;
  readonly googleAdsLoginCustomerId?: string;
  readonly googleAdsClientId?: string;
  readonly googleAdsClientSecret?: string;
  readonly googleAdsRefreshToken?: string;
  readonly googleAdsApiUrl?: string;
  readonly googleOauthUrl?: string;
}

/** A platform is configured only with every credential it needs; otherwise its syncs answer platform_not_configured. */
export function audiencePlatformsOf(c: AudienceSettingsInput): AudiencePlatformConfig {
  const meta = c.metaAccessToken && c.metaAdAccount ? { accessToken: c.metaAccessToken, adAccount: c.metaAdAccount, apiUrl: c.metaApiUrl ?? 'https://graph.facebook.com/v21.0' } : undefined;
  const google =
    c.googleAdsDeveloperToken && c.googleAdsCustomerId && c.googleAdsClientId && c.googleAdsClientSecret && c.googleAdsRefreshToken
      ? {
          developerToken: c.googleAdsDeveloperToken,
          customerId: c.googleAdsCustomerId,
          ...(c.googleAdsLoginCustomerId ? { loginCustomerId: c.googleAdsLoginCustomerId } : {}),
          clientId: c.googleAdsClientId,
          clientSecret: c.googleAdsClientSecret,
          refreshToken: c.googleAdsRefreshToken,
          apiUrl: c.googleAdsApiUrl ?? 'https://googleads.googleapis.com/v19',
          oauthUrl: c.googleOauthUrl ?? 'https://oauth2.googleapis.com/token',
        }
      : undefined;
  return { ...(meta ? { meta } : {}), ...(google ? { google } : {}) };
}
