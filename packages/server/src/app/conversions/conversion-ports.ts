import type { ContactId, EpochMs } from '@leadpulse/core';

/** The ad platforms that receive website conversions server-side (docs/conversions.md). */
export const AD_PLATFORMS = ['meta', 'google'] as const;
export type AdPlatform = (typeof AD_PLATFORMS)[number];

/** `pending` until the platform took it (`sent`) or refused it for good (`failed`: the dead letter, with its message). */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event queued for one platform, with the platform's own payload for it. */
export interface ConversionDelivery {
  readonly id: string;
  readonly platform: AdPlatform;
  /** The LeadPulse event id (the source's messageId): the platform deduplicates on it. */
  readonly eventId: string;
  /** The platform's event name (Purchase, Lead…). */
  readonly eventName: string;
  readonly contactId: ContactId;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: EpochMs | null;
  readonly lastError: string | null;
  readonly createdAt: EpochMs;
  readonly sentAt: EpochMs | null;
}

export type NewConversionDelivery = Pick<ConversionDelivery, 'id' | 'platform' | 'eventId' | 'eventName' | 'contactId' | 'payload' | 'createdAt'>;

/** What one attempt decided for one delivery. */
export type DeliveryOutcome =
  | { readonly id: string; readonly status: 'sent'; readonly at: EpochMs }
  | { readonly id: string; readonly status: 'retry'; readonly at: EpochMs; readonly nextAttemptAt: EpochMs; readonly error: string }
  | { readonly id: string; readonly status: 'failed'; readonly at: EpochMs; readonly error: string };

export interface ConversionQuery {
  readonly status?: DeliveryStatus;
  readonly platform?: AdPlatform;
  readonly limit: number;
  readonly cursor?: string;
}

/** The ingestion transaction's share: queue the forwarded events; a (platform, event) already queued is left alone. */
export interface ConversionTx {
  queueConversions(rows: readonly NewConversionDelivery[]): Promise<void>;
}

export interface ConversionRepository {
  /**
   * Takes up to `limit` pending deliveries of a platform whose attempt is due, counts the attempt and holds them for
   * `leaseMs` (their next attempt moves past the lease), so a crash mid-delivery only delays them, and concurrent
   * workers never take the same row.
   */
  lease(platform: AdPlatform, now: EpochMs, limit: number, leaseMs: number): Promise<ConversionDelivery[]>;
  settle(outcomes: readonly DeliveryOutcome[]): Promise<void>;
  /** Deletes settled deliveries (sent or failed) created before `before`; returns how many. */
  prune(before: EpochMs): Promise<number>;
  /** The delivery log, newest first. */
  list(query: ConversionQuery): Promise<{ deliveries: ConversionDelivery[]; nextCursor: string | null }>;
}
