import type { ContactId, EpochMs } from '@leadpulse/core';
import type { DeliveryOutcome } from '../../messaging/courier.js';
import type { Logger, Store } from '../ports.js';
import type { SendRecord } from '../scenario-ports.js';
import { identityFieldsOf } from './contact-event.js';

/** A send the receiving server refused: what the outbox records and the event the contact gets. */
export interface SmtpBounce {
  readonly bounceType: 'hard' | 'soft';
  readonly diagnostic: string;
  /** The enhanced status code (5.1.1) when the reply had one. */
  readonly status?: string;
}

/**
 * The bounce an outcome amounts to, or null. A 5xx refusal at RCPT or DATA is a hard bounce at once; a 4xx one is
 * retried by the outbox, and becomes a soft bounce only when no retry is left (`exhausted`).
 */
export function bounceOfOutcome(outcome: DeliveryOutcome, options: { exhausted: boolean }): SmtpBounce | null {
  if (outcome.kind === 'sent' || !outcome.refusal) return null;
  const { code, diagnostic, status } = outcome.refusal;
  const bounceType = outcome.kind === 'permanent' && code >= 500 ? 'hard' : outcome.kind === 'transient' && options.exhausted ? 'soft' : null;
  if (!bounceType) return null;
  return { bounceType, diagnostic, ...(status ? { status } : {}) };
}

/**
 * An event about one send (`Email Bounced`, `Email Complained`) as raw input for the ingestion pipeline: the send's
 * identity, the address it went to (which the suppression list keeps: the contact's email may have changed since),
 * and `details`. Its messageId makes a repeat a duplicate.
 */
export function sendEvent(event: string, send: Pick<SendRecord, 'id' | 'messageId' | 'scenarioId' | 'stepId' | 'recipient'>, details: Record<string, unknown>, identity: Record<string, string>, at: EpochMs, eventId: string): Record<string, unknown> {
  return {
    type: 'track',
    event,
    messageId: eventId,
    ...identity,
    properties: {
      ...details,
      sendId: send.id,
      messageId: send.messageId,
      ...(send.recipient ? { recipient: send.recipient } : {}),
      ...(send.scenarioId ? { scenarioId: send.scenarioId } : {}),
      ...(send.stepId ? { stepId: send.stepId } : {}),
    },
    timestamp: new Date(at).toISOString(),
  };
}

/** An `Email Bounced` event for a send. */
export function bouncedEvent(send: Pick<SendRecord, 'id' | 'messageId' | 'scenarioId' | 'stepId' | 'recipient'>, bounce: SmtpBounce & { source: 'smtp' | 'dsn' | 'webhook' }, identity: Record<string, string>, at: EpochMs, eventId: string): Record<string, unknown> {
  return sendEvent('Email Bounced', send, { bounceType: bounce.bounceType, diagnostic: bounce.diagnostic, ...(bounce.status ? { status: bounce.status } : {}), source: bounce.source }, identity, at, eventId);
}

export type ReportBounce = (send: SendRecord, bounce: SmtpBounce, at: EpochMs) => Promise<void>;

/**
 * Sends an SMTP bounce back to its contact as an `Email Bounced` event, through the normal ingestion path (the
 * suppression list reads it there). Failures are logged: the send's status already says bounced.
 */
export function createBounceReporter(deps: { store: Pick<Store, 'contacts' | 'identities'>; ingestEvents: (events: readonly Record<string, unknown>[]) => Promise<void>; logger: Logger }): ReportBounce {
  return async (send, bounce, at) => {
    // A sales alert bounced at the team's address, not the contact's: the send says so, the contact hears nothing.
    if (send.channel !== 'email') return;
    const identity = await identityFieldsOf(deps.store, send.contactId as ContactId);
    if (!identity) return;
    const event = bouncedEvent(send, { ...bounce, source: 'smtp' }, identity, at, `bounce:smtp:${send.id}`);
    await deps.ingestEvents([event]).catch((error: unknown) => deps.logger.error({ err: error, sendId: send.id }, 'outbox.bounce_event_failed'));
  };
}
