import type { AudiencePlatform, GoogleRow, MetaRow } from '@leadpulse/core';
import type { AudienceRecord } from './audience-ports.js';

/** The row one platform takes: Meta's multi-key array, Google's user identifiers. */
export type PlatformRow = MetaRow | GoogleRow;

/** One sync's conversation with a platform: additions and removals in batches, then done. */
export interface PlatformSession {
  /** `last` marks the final batch of additions (Meta's last_batch_flag). */
  add(rows: readonly PlatformRow[], last: boolean): Promise<void>;
  remove(rows: readonly PlatformRow[], last: boolean): Promise<void>;
  finish(): Promise<void>;
}

/**
 * An ad platform's customer lists behind one interface, so the sync reads the same for Meta and Google, and tests
 * run the real clients against local fakes shaped like the APIs (test-support/fake-*-api.ts).
 */
export interface AudiencePlatformClient {
  readonly platform: AudiencePlatform;
  /** Most rows one request carries. */
  readonly batchSize: number;
  /** The platform's list for this audience, created on first use; answers its id (to keep in the settings). */
  ensureList(audience: AudienceRecord): Promise<string>;
  begin(listId: string, estimated: { add: number; remove: number }): Promise<PlatformSession>;
}

/** A platform answered with an error (after retries): the sync is recorded as failed with this message. */
export class PlatformRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'PlatformRequestError';
  }
}
