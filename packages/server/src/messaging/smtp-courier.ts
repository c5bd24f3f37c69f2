import { Transform } from 'node:stream';
import { createTransport } from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';
import type { Logger } from '../app/ports.js';
import type { DkimSigning } from './dkim-key.js';
import { permanent, sent, transient, type ClosableCourier, type DeliveryOutcome, type HandOver, type OutgoingMessage, type SmtpRefusal } from './courier.js';

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
  /** Signs every message with DKIM (LEADPULSE_DKIM_*); absent means unsigned. */
  readonly dkim?: DkimSigning | null;
}

/** Nodemailer codes for a message that no retry can send: it is malformed or its addresses are. */
const BAD_MESSAGE_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS', 'ECONFIG']);

const ENHANCED_STATUS = /\b([245]\.\d{1,3}\.\d{1,3})\b/;

/**
 * The receiving server's refusal when it refused the recipient (RCPT) or the message (DATA): a bounce. A refusal of
 * the sender or of our login is our own configuration's problem, not the recipient's.
 */
function refusalOf(error: NodemailerError & { command?: string; response?: string }): SmtpRefusal | undefined {
  if (error.responseCode === undefined || error.responseCode < 400) return undefined;
  if (!/^(RCPT|DATA)/i.test(error.command ?? '')) return undefined;
  const diagnostic = (error.response ?? error.message ?? '').trim();
  const status = ENHANCED_STATUS.exec(diagnostic)?.[1];
  return { code: error.responseCode, diagnostic, ...(status ? { status } : {}) };
}

/**
 * An SMTP failure as an outcome: 5xx refusals are permanent (but 503); 4xx, lost connections and timeouts transient.
 * A refusal at RCPT or DATA carries its code, enhanced status and reply line (a hard bounce at 5xx, soft at 4xx).
 */
export function classifySmtpError(error: NodemailerError): DeliveryOutcome {
  const reason = `${error.message || String(error)}${error.code === 'EAUTH' ? ' (check the credentials in LEADPULSE_SMTP_URL)' : ''}`;
  if (error.responseCode !== undefined) {
    const refused = error.permanent ?? (error.responseCode >= 500 && error.responseCode !== 503);
    const refusal = refusalOf(error);
    return refused ? permanent(reason, refusal) : transient(reason, refusal);
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
    ...(options.dkim ? { dkim: { ...options.dkim } } : {}),
  });
  // An idle pooled connection may fail on its own; without a listener the process would crash on the event.
  transport.on('error', (error) => options.logger?.warn({ error: error.message }, 'smtp.connection_error'));
  // The message streams through as the relay reads it, but its end (the final dot, which makes the relay take it)
  // waits for the hand-over: the other connections keep streaming their messages meanwhile.
  transport.use('stream', (mail, done) => {
    const handOver = (mail.data as { handOver?: HandOver }).handOver;
    if (handOver) mail.message.transform(() => new Transform({ transform: (chunk, _encoding, next) => next(null, chunk), flush: (next) => void handOver().then(() => next(), next) }));
    done();
  });

  return {
    async deliver(message: OutgoingMessage, handOver?: HandOver): Promise<DeliveryOutcome> {
      try {
        const info = await transport.sendMail({
          ...(handOver ? { handOver } : {}),
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
