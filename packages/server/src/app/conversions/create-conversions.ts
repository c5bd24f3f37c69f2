import type { Clock, Logger, Store } from '../ports.js';
import type { AdPlatform } from './conversion-ports.js';
import { createConversionLog, type ConversionLog } from './conversion-log.js';
import { platformsOf, type ConversionSettings } from './conversion-settings.js';
import { createDeliverConversions, type DeliveryReport } from './deliver-conversions.js';
import { createGoogleSender } from './google-sender.js';
import { createMetaSender } from './meta-sender.js';
import type { ConversionSender } from './platform-answer.js';
import { createQueueConversions } from './queue-conversions.js';

/** Website conversions forwarded server-side: the write path's queueing, the scheduler's drain and the log. */
export interface Conversions extends ConversionLog {
  /** The platforms configured (empty: nothing is queued). */
  readonly platforms: readonly AdPlatform[];
  /** Sends what is due; the scheduler calls it on each tick. */
  deliverDue(): Promise<DeliveryReport>;
}

/**
 * Binds the conversions to a store and settings. `queue` is the ingestion transaction's share, null when no platform
 * is configured (then ingestion does nothing more). `senders` replaces the HTTP senders (never needed by tests, which
 * point the API URLs at local fakes).
 */
export function createConversions(deps: { store: Pick<Store, 'conversions'>; clock: Clock; logger: Logger; settings: ConversionSettings; senders?: Partial<Record<AdPlatform, ConversionSender>> }) {
  const { settings } = deps;
  const senders = deps.senders ?? { ...(settings.meta ? { meta: createMetaSender(settings.meta) } : {}), ...(settings.google ? { google: createGoogleSender(settings.google) } : {}) };
  const platforms = platformsOf(settings);
  const deliver = createDeliverConversions({ ...deps, senders });
  const conversions: Conversions = {
    platforms,
    ...createConversionLog(deps),
    deliverDue: () => (platforms.length === 0 ? Promise.resolve({ sent: 0, retried: 0, failed: 0 }) : deliver()),
  };
  return { conversions, queue: platforms.length > 0 ? createQueueConversions(settings) : null };
}

/** No platform configured: the log still reads what an earlier configuration queued. */
export function noConversions(store: Pick<Store, 'conversions'>): Conversions {
  return { platforms: [], ...createConversionLog({ store }), deliverDue: () => Promise.resolve({ sent: 0, retried: 0, failed: 0 }) };
}
