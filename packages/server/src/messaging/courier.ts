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

/** The receiving server's refusal of a recipient or a message (RCPT or DATA): what a bounce is made of. */
export interface SmtpRefusal {
  /** 550, 451… */
  readonly code: number;
  /** The enhanced status code (RFC 3463) when the reply has one: 5.1.1, 4.2.0… */
  readonly status?: string;
  /** The server's reply line, as it said it. */
  readonly diagnostic: string;
}

/**
 * What a courier answers: delivered, worth retrying later, or never going to work (a dead letter, with the reason).
 * `refusal` is set when the receiving server refused the recipient or the message: a hard bounce when permanent, a
 * soft one once its retries run out.
 */
export type DeliveryOutcome =
  | { readonly kind: 'sent'; readonly providerAnswer: string }
  | { readonly kind: 'transient'; readonly error: string; readonly refusal?: SmtpRefusal }
  | { readonly kind: 'permanent'; readonly error: string; readonly refusal?: SmtpRefusal };

/**
 * Awaited by a courier at its point of no return, just before the last byte that makes the relay take the message
 * (SMTP: the final dot of DATA). The outbox uses it so that at most one message at a time is taken by the relay and not
 * yet recorded: all a crash can deliver twice. Rejects when the delivery was given up meanwhile.
 */
export type HandOver = () => Promise<void>;

/** Delivers one message through one channel. Never throws for a delivery failure: the outcome says what happened. */
export interface Courier {
  deliver(message: OutgoingMessage, handOver?: HandOver): Promise<DeliveryOutcome>;
}

/** A courier that also holds connections or files, closed on shutdown. */
export interface ClosableCourier extends Courier {
  close(): Promise<void>;
}

export const sent = (providerAnswer: string): DeliveryOutcome => ({ kind: 'sent', providerAnswer });
export const transient = (error: string, refusal?: SmtpRefusal): DeliveryOutcome => ({ kind: 'transient', error, ...(refusal ? { refusal } : {}) });
export const permanent = (error: string, refusal?: SmtpRefusal): DeliveryOutcome => ({ kind: 'permanent', error, ...(refusal ? { refusal } : {}) });
