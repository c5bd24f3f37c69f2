import type { GoogleRow } from '@leadpulse/core';
import type { AudiencePlatformClient, PlatformRow } from './audience-platform.js';
import { requestJson, type Fetch, type RetryPolicy } from './fetch-with-retry.js';

export interface GoogleAdsSettings {
  readonly developerToken: string;
  /** Digits only or with dashes. */
  readonly customerId: string;
  readonly loginCustomerId?: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  /** REST base URL with its version, e.g. https://googleads.googleapis.com/v19. */
  readonly apiUrl: string;
  readonly oauthUrl: string;
}

/** Operations per addOperations request: well under Google's 100,000 identifiers, like Meta's batches. */
export const GOOGLE_BATCH = 10_000;

// Only contacts with ad consent granted are sent, so each says GRANTED for both EU user consent signals.
const GRANTED = { adUserData: 'GRANTED', adPersonalization: 'GRANTED' } as const;

/**
 * Google Customer Match over the Google Ads REST API: a CRM-based user list (CONTACT_INFO), and for each sync an
 * OfflineUserDataJob (create → addOperations → run) whose operations create or remove user identifiers, with the
 * consent Google requires for EEA users on the job and on each user.
 */
export function createGoogleCustomerMatch(settings: GoogleAdsSettings, options: { fetch?: Fetch; retry?: RetryPolicy } = {}): AudiencePlatformClient {
  const fetchImpl = options.fetch ?? fetch;
  const base = settings.apiUrl.replace(/\/+$/, '');
  const customer = settings.customerId.replace(/-/g, '');

  async function accessToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: settings.clientId, client_secret: settings.clientSecret, refresh_token: settings.refreshToken });
    const answer = (await requestJson(fetchImpl, settings.oauthUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }, options.retry)) as { access_token?: string };
    if (!answer.access_token) throw new Error('Google OAuth answered without an access_token');
    return answer.access_token;
  }

  async function caller() {
    const token = await accessToken();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'developer-token': settings.developerToken, 'content-type': 'application/json' };
    if (settings.loginCustomerId) headers['login-customer-id'] = settings.loginCustomerId.replace(/-/g, '');
    return (path: string, body: unknown) => requestJson(fetchImpl, `${base}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) }, options.retry);
  }

  return {
    platform: 'google',
    batchSize: GOOGLE_BATCH,
    async ensureList(audience) {
      const existing = audience.settings.google?.userListId;
      if (existing) return existing;
      const post = await caller();
      const created = (await post(`customers/${customer}/userLists:mutate`, {
        operations: [{ create: { name: `${audience.name} (${audience.id})`, description: 'LeadPulse audience', membershipStatus: 'OPEN', membershipLifeSpan: 10000, crmBasedUserList: { uploadKeyType: 'CONTACT_INFO', dataSourceType: 'FIRST_PARTY' } } }],
      })) as { results?: { resourceName?: string }[] };
      const name = created.results?.[0]?.resourceName;
      if (!name) throw new Error('Google created the user list without answering its resource name');
      return name;
    },
    async begin(listId) {
      const post = await caller();
      let job: string | null = null;
      const operate = async (operations: unknown[]) => {
        if (operations.length === 0) return;
        job ??= ((await post(`customers/${customer}/offlineUserDataJobs:create`, { job: { type: 'CUSTOMER_MATCH_USER_LIST', customerMatchUserListMetadata: { userList: listId, consent: GRANTED } } })) as { resourceName: string }).resourceName;
        for (let i = 0; i < operations.length; i += GOOGLE_BATCH) await post(`${job}:addOperations`, { operations: operations.slice(i, i + GOOGLE_BATCH), enablePartialFailure: true });
      };
      const identifiers = (rows: readonly PlatformRow[]) => rows as readonly GoogleRow[];
      return {
        add: (rows) => operate(identifiers(rows).map((userIdentifiers) => ({ create: { userIdentifiers, consent: GRANTED } }))),
        remove: (rows) => operate(identifiers(rows).map((userIdentifiers) => ({ remove: { userIdentifiers } }))),
        async finish() {
          if (job !== null) await post(`${job}:run`, {});
        },
      };
    },
  };
}
