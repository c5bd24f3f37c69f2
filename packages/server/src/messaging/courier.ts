import type { SendChannel } from '../app/scenario-ports.js';

/**
 * A message ready to leave, with the identity fixed when its send was decided. One shape for every channel:
 * email reads subject, html and text; SMS reads text; a webhook posts `body` (else `text`) as JSON.
 */
export interface OutgoingMessage {
  readonly channel: SendChannel;
  /** The send's Message-ID (`<id@host>`): the email's Message-ID header, the webhook's webhook-id, the SMS idempotency key. */
  readonly messageId: string;
  /** The outbox row, for the test inbox and the logs. */
  readonly sendId?: string;
  /** Email address, phone number or URL. */
  readonly to: string;
  /** Overrides LEADPULSE_EMAIL_FROM (a sales alert signed by the owner, say). */
  readonly from?: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** JSON body of a webhook. */
  readonly body?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Adds List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 one-click) to an email. */
  readonly unsubscribeUrl?: string;
}

/** What a courier answers: delivered, worth retrying later, or never going to work (a dead letter, with the reason). */
export type DeliveryOutcome =
  | { readonly kind: 'sent'; readonly providerAnswer: string }
  | { readonly kind: 'transient'; readonly error: string }
  | { readonly kind: 'permanent'; readonly error: string };

/** Delivers one message through one channel. Never throws for a delivery failure: the outcome says what happened. */
export interface Courier {
  deliver(message: OutgoingMessage): Promise<DeliveryOutcome>;
}

/** A courier that also holds connections or files, closed on shutdown. */
export interface ClosableCourier extends Courier {
  close(): Promise<void>;
}

export const sent = (providerAnswer: string): DeliveryOutcome => ({ kind: 'sent', providerAnswer });
export const transient = (error: string): DeliveryOutcome => ({ kind: 'transient', error });
export const permanent = (error: string): DeliveryOutcome => ({ kind: 'permanent', error });
