import { createTransport } from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import type { Logger } from '../app/ports.js';
import { permanent, sent, transient, type ClosableCourier, type DeliveryOutcome, type OutgoingMessage } from './courier.js';

export interface SmtpCourierOptions {
  /** LEADPULSE_SMTP_URL: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  readonly url: string;
  /** LEADPULSE_EMAIL_FROM, used when a message names no sender. */
  readonly from: string;
  /** LEADPULSE_SEND_RATE: most messages handed to the relay per second. */
  readonly ratePerSecond: number;
  readonly maxConnections?: number;
  /** Milliseconds to connect, to get the greeting, and of socket silence before giving up (a transient failure). */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** Nodemailer codes for a message that no retry can send: it is malformed or its addresses are. */
const BAD_MESSAGE_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS', 'ECONFIG']);

/** An SMTP failure as an outcome: 5xx refusals are permanent (but 503); 4xx, lost connections and timeouts transient. */
export function classifySmtpError(error: NodemailerError): DeliveryOutcome {
  const reason = `${error.message || String(error)}${error.code === 'EAUTH' ? ' (check the credentials in LEADPULSE_SMTP_URL)' : ''}`;
  if (error.responseCode !== undefined) {
    const refused = error.permanent ?? (error.responseCode >= 500 && error.responseCode !== 503);
    return refused ? permanent(reason) : transient(reason);
  }
  if (error.code && BAD_MESSAGE_CODES.has(error.code)) return permanent(reason);
  return transient(reason);
}

const inAngleBrackets = (messageId: string) => (messageId.startsWith('<') ? messageId : `<${messageId}>`);

/**
 * Delivers email through an SMTP relay over a pool of connections, at most `ratePerSecond` messages a second. The
 * send's stored Message-ID is the message's: a retry after a lost answer repeats the same identity, so receivers
 * keep one copy.
 */
export function createSmtpCourier(options: SmtpCourierOptions): ClosableCourier {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    rateLimit: options.ratePerSecond,
    rateDelta: 1000,
    // The outbox owns retries: a message whose connection dropped comes back to it as transient, counted and
    // visible, rather than being resent inside the pool.
    maxRequeues: 0,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: 2 * timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  // An idle pooled connection may fail on its own; without a listener the process would crash on the event.
  transport.on('error', (error) => options.logger?.warn({ error: error.message }, 'smtp.connection_error'));

  return {
    async deliver(message: OutgoingMessage): Promise<DeliveryOutcome> {
      try {
        const info = await transport.sendMail({
          messageId: inAngleBrackets(message.messageId),
          from: message.from ?? options.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          headers: {
            ...message.headers,
            // RFC 8058: one POST to the URL unsubscribes, with no page to visit (Gmail and Yahoo require it).
            ...(message.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
          },
          ...(message.unsubscribeUrl ? { list: { unsubscribe: message.unsubscribeUrl } } : {}),
        });
        return sent(info.response);
      } catch (error) {
        return classifySmtpError(error as NodemailerError);
      }
    },
    async close() {
      transport.close();
    },
  };
}
