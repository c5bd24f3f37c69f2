import type { AudiencePlatform } from '@leadpulse/core';
import type { Clock, Logger, Store } from '../ports.js';
import { createAudienceAdmin } from './audience-admin.js';
import type { AudiencePlatformClient } from './audience-platform.js';
import { createExportAudience } from './export-audience.js';
import type { Fetch, RetryPolicy } from './fetch-with-retry.js';
import { createGoogleCustomerMatch, type GoogleAdsSettings } from './google-customer-match.js';
import { createMetaCustomAudiences, type MetaSettings } from './meta-custom-audiences.js';
import { createSyncAudience } from './sync-audience.js';

/** The configuration slice audiences read: a platform without its credentials answers platform_not_configured. */
export interface AudiencePlatformConfig {
  readonly meta?: MetaSettings;
  readonly google?: GoogleAdsSettings;
}

const QUIET: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => QUIET };

/** Audiences' use cases: admin, export in each platform's template, and sync through each platform's client. */
export function createAudiences(deps: { store: Store; clock: Clock; logger?: Logger; platforms: AudiencePlatformConfig; fetch?: Fetch; retry?: RetryPolicy }) {
  const options = { fetch: deps.fetch, retry: deps.retry };
  const clients: Partial<Record<AudiencePlatform, AudiencePlatformClient>> = {
    ...(deps.platforms.meta ? { meta: createMetaCustomAudiences(deps.platforms.meta, options) } : {}),
    ...(deps.platforms.google ? { google: createGoogleCustomerMatch(deps.platforms.google, options) } : {}),
  };
  return {
    ...createAudienceAdmin(deps),
    export: createExportAudience(deps),
    sync: createSyncAudience({ ...deps, logger: deps.logger ?? QUIET, clients }),
  };
}

export type Audiences = ReturnType<typeof createAudiences>;
