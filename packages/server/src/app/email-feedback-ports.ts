import type { EpochMs } from '@leadpulse/core';
import type { SendRecord } from './scenario-ports.js';

/** Where a report came from: a provider's webhook, the bounce mailbox, or `leadpulse feedback read`. */
export type FeedbackSource = 'webhook' | 'maildir' | 'cli';
/** parsed: read and matched to a send; unparsed: not a report we can read (with the reason); unmatched: read, but no send is ours. */
export type FeedbackStatus = 'parsed' | 'unparsed' | 'unmatched';

/** One received bounce or complaint report, as kept. */
export interface EmailFeedbackRecord {
  readonly id: string;
  readonly receivedAt: EpochMs;
  readonly source: FeedbackSource;
  readonly status: FeedbackStatus;
  /** bounce or complaint once read; null when unparsed. */
  readonly kind: 'bounce' | 'complaint' | null;
  readonly reason: string | null;
  readonly sendId: string | null;
  /** What was read: the bounce type, status and diagnostic, or the feedback type, with the recipient. */
  readonly detail: Readonly<Record<string, unknown>> | null;
  /** The report as received, cut at RAW_LIMIT bytes. */
  readonly raw: string;
}

export interface EmailFeedbackRepository {
  insert(record: EmailFeedbackRecord): Promise<void>;
  /** Newest first, paged by an opaque cursor. */
  list(query: { limit: number; cursor?: string; status?: FeedbackStatus }): Promise<{ items: EmailFeedbackRecord[]; nextCursor: string | null }>;
  /** The send with this Message-ID (`<id@host>`), else the newest email send to this address. */
  findSend(by: { messageId: string | null; recipient: string | null }): Promise<SendRecord | null>;
}
