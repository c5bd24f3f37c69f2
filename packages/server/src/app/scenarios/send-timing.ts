import { messageLeavesAt, type EpochMs, type SendingPolicy } from '@leadpulse/core';
import type { ContactRecord } from '../ports.js';
import type { SendChannel, SendRecord, SendRepository } from '../scenario-ports.js';

/** What decides when a message may leave: the doctrine's sending policy and the server's default zone. */
export interface SendTiming {
  readonly policy: SendingPolicy | undefined;
  /** LEADPULSE_TIME_ZONE: the zone when neither the contact, the tracker nor the doctrine names one. */
  readonly serverTimeZone: string;
}

/** The zone assumed when nothing is configured. */
export const DEFAULT_SERVER_TIME_ZONE = 'UTC';

/** Only messages the contact reads wait for the window: sales alerts and webhooks go to the team (or a CRM) at once. */
export const waitsForWindow = (channel: SendChannel): boolean => channel === 'email' || channel === 'sms';

/**
 * The first instant at or after `now` a message on this channel may leave for this contact: `now` inside the send
 * window and outside quiet hours (read on the contact's own clock), else the next opening.
 */
export function firstAttemptAt(channel: SendChannel, contact: Pick<ContactRecord, 'state'>, timing: SendTiming, now: EpochMs): EpochMs {
  // A policy that never opens is refused when the doctrine is saved; were one to slip through, it holds nothing.
  return waitsForWindow(channel) ? messageLeavesAt(now, contact.state, timing.policy, timing.serverTimeZone) : now;
}

type Outcome = Parameters<SendRepository['recordOutcome']>[1];

/**
 * At delivery: a send that came due outside the window (a retry at night, a doctrine changed since it was queued) goes
 * back to the queue until the window opens, its attempts unchanged. Null when it may leave now, or when the contact is
 * not at hand (the composer then reads it and decides whether it may leave at all).
 */
export function heldForWindow(send: SendRecord, contact: ContactRecord | undefined, timing: SendTiming, now: EpochMs): Outcome | null {
  if (!contact) return null;
  const at = firstAttemptAt(send.channel, contact, timing, now);
  if (at <= now) return null;
  return { status: 'queued', attempts: send.attempts, nextAttemptAt: at, lastError: send.lastError, providerAnswer: send.providerAnswer, sentAt: null, updatedAt: now };
}
