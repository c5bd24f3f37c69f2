import { MINUTE, HOUR, type EpochMs } from '@leadpulse/core';
import type { Clock, Logger, Store } from '../ports.js';
import type { Outbox } from '../scenario-app.js';
import type { SendRecord } from '../scenario-ports.js';
import type { Courier, DeliveryOutcome } from '../../messaging/courier.js';
import { createBatchWriter } from '../../ingestion/batch-writer.js';
import { createHandOverGate } from './hand-over-gate.js';
import { composeMessage, newComposeCache, type ComposeCache, type MessageComposer } from './compose-message.js';
import { isSuppressionReason } from './send-permission.js';
import { bounceOfOutcome, type ReportBounce } from './bounce-outcome.js';
import { DEFAULT_SERVER_TIME_ZONE, heldForWindow } from './send-timing.js';

/** One courier per channel; SMS is absent until a provider is configured (such sends wait, then dead-letter with the reason). */
export interface Couriers {
  readonly email: Courier;
  readonly sms: Courier | null;
  readonly webhook: Courier;
  /** How many messages may be in flight at once (default IN_FLIGHT). */
  readonly inFlight?: number;
  /** How many may be past their point of no return and not yet recorded (default 1): what a crash can deliver twice. */
  readonly handOvers?: number;
  /** The local mail sink's messages when no SMTP relay is configured; null when one is. */
  readonly inbox: ((limit: number) => Promise<Awaited<ReturnType<Outbox['testInbox']>>>) | null;
  /** Deletes local copies of these messages (the mail sink's), for an erase; absent when nothing is kept locally. */
  readonly forget?: (messageIds: readonly string[]) => Promise<void>;
  close(): Promise<void>;
}

/** Retries of a transient failure: 1 min, 5 min, 30 min, 2 h, 6 h; then the send is a dead letter. */
export const RETRY_DELAYS_MS = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR] as const;
/**
 * How long a claimed send is held by its sender before another may take it (a crashed sender's claims come back).
 * Well above what a batch takes at the slowest sensible send rate, so a live sender never loses its claim.
 */
export const SEND_LEASE_MS = 10 * MINUTE;

/**
 * Messages being delivered at once (the SMTP pool's connections). What a crash can deliver twice is bounded by the
 * hand-over gate, not by this: one message. The local mail sink's couriers say how many they take at once.
 */
export const IN_FLIGHT = 5;

/** Runs at most `size` tasks at once, the others waiting their turn in order. */
function createSlots(size: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
      running++;
      try {
        return await task();
      } finally {
        running--;
        waiting.shift()?.();
      }
    },
  };
}

export function createOutbox(deps: { store: Pick<Store, 'sends' | 'contacts' | 'templates' | 'scenarios'>; clock: Clock; logger: Logger; couriers: Couriers; composer: Omit<MessageComposer, 'store'>; reportBounce?: ReportBounce; timeZone?: string }): Outbox {
  const now = (): EpochMs => deps.clock.now().getTime();
  const composer: MessageComposer = { ...deps.composer, store: deps.store };

  type Recorded = Parameters<(typeof deps.store.sends)['recordOutcomes']>[0][number];
  // Each outcome is committed as soon as it is known (with those that finish meanwhile), and a message that held the
  // hand-over gate lets the next one be taken by the relay only then: a crash re-delivers at most one message, under its
  // Message-ID. These commits do not wait for the disk (recordOutcomes), so the gate costs little.
  const slotCount = deps.couriers.inFlight ?? IN_FLIGHT;
  const slots = createSlots(slotCount);
  const gate = createHandOverGate(deps.couriers.handOvers ?? 1);
  const outcomes = createBatchWriter<Recorded, boolean>({ maxItems: 500, lingerMs: 0, write: (items) => deps.store.sends.recordOutcomes(items) });
  const record = (id: string, outcome: Recorded['outcome']) => outcomes.submit([{ id, outcome }]);
  const recordNow = (id: string, outcome: Recorded['outcome']) => deps.store.sends.recordOutcome(id, outcome);

  async function deliverOne(send: SendRecord, cache: ComposeCache): Promise<void> {
    const at = now();
    // Due in quiet hours or outside the send window (a retry at night): back to the queue until the window opens.
    const held = heldForWindow(send, cache.contacts.get(send.contactId), { policy: composer.doctrine().compiled.doctrine.sending, serverTimeZone: deps.timeZone ?? DEFAULT_SERVER_TIME_ZONE }, at);
    if (held) return void (await record(send.id, held));
    const composed = await composeMessage(send, composer, cache);
    if (!composed.ok) {
      const status = isSuppressionReason(composed.error) ? 'suppressed' : 'failed';
      await record(send.id, { status, attempts: send.attempts + (status === 'failed' ? 1 : 0), nextAttemptAt: null, lastError: composed.error, providerAnswer: null, sentAt: null, updatedAt: at });
      return;
    }
    const courier = send.channel === 'sms' ? deps.couriers.sms : send.channel === 'webhook' ? deps.couriers.webhook : deps.couriers.email;
    const ticket = gate.ticket();
    const contact = cache.contacts.get(send.contactId);
    const late: { refusal: string | null } = { refusal: null };
    // At its point of no return, maybe long after it was composed (queued behind the gate), the message is checked
    // against the suppression list once more: an unsubscribe, bounce or complaint committed meanwhile stops it there.
    const handOver = async () => {
      await ticket.handOver();
      late.refusal = contact && composer.permission ? await composer.permission(send, contact, composed.value.to) : null;
      if (late.refusal) throw new Error(late.refusal);
    };
    try {
      const outcome: DeliveryOutcome = courier ? await courier.deliver({ ...composed.value, sendId: send.id }, handOver).catch((error: Error) => ({ kind: 'transient', error: error.message }) as const) : { kind: 'transient', error: 'no SMS provider is configured (LEADPULSE_SMS_URL)' };
      if (late.refusal) return void (await recordNow(send.id, { status: 'suppressed', attempts: send.attempts, nextAttemptAt: null, lastError: late.refusal, providerAnswer: null, sentAt: null, updatedAt: now() }));
      // The next message waits on this record: written at once, not after the group commit's linger.
      await recordDelivery(send, composed.value, outcome, ticket.holding ? recordNow : record);
    } finally {
      ticket.release();
    }
  }

  async function recordDelivery(send: SendRecord, message: { subject: string; to: string }, outcome: DeliveryOutcome, write: (id: string, outcome: Recorded['outcome']) => Promise<unknown>): Promise<void> {
    const attempts = send.attempts + 1;
    const fields = { subject: message.subject || null, recipient: message.to, updatedAt: now() };
    if (outcome.kind === 'sent') {
      await write(send.id, { ...fields, status: 'sent', attempts, nextAttemptAt: null, lastError: null, providerAnswer: outcome.providerAnswer, sentAt: fields.updatedAt });
      return;
    }
    const delay = outcome.kind === 'transient' ? RETRY_DELAYS_MS[attempts - 1] : undefined;
    const bounce = bounceOfOutcome(outcome, { exhausted: delay === undefined });
    if (delay === undefined) deps.logger.warn({ sendId: send.id, channel: send.channel, attempts, error: outcome.error }, 'outbox.dead_letter');
    await write(send.id, {
      ...fields,
      status: bounce ? 'bounced' : delay === undefined ? 'failed' : 'queued',
      attempts,
      nextAttemptAt: delay === undefined ? null : fields.updatedAt + delay,
      lastError: outcome.error,
      providerAnswer: null,
      sentAt: null,
    });
    if (bounce) await deps.reportBounce?.({ ...send, recipient: message.to }, bounce, fields.updatedAt);
  }

  return {
    local: deps.couriers.inbox !== null,
    list: (query) => deps.store.sends.list(query),
    async get(id) {
      const send = await deps.store.sends.get(id);
      return send ? { ok: true, value: send } : { ok: false, error: { code: 'send_not_found', message: `No send has the id ${id}.` } };
    },
    async retry(id) {
      const send = await deps.store.sends.get(id);
      if (!send) return { ok: false, error: { code: 'send_not_found', message: `No send has the id ${id}.` } };
      if (!(await deps.store.sends.retry(id, now()))) return { ok: false, error: { code: 'send_not_retryable', message: `The send ${id} is ${send.status}; only a dead letter (failed) can be retried.` } };
      return { ok: true, value: (await deps.store.sends.get(id))! };
    },
    async drain(options = {}) {
      const at = now();
      // A claim holds no more than a few rounds of the slots, so even a relay that stalls every message to its timeout
      // is done with them well within the lease: a second worker never takes a send this one is still delivering.
      const claimed = await deps.store.sends.claimDue(at, at + SEND_LEASE_MS, Math.min(options.limit ?? 100, slotCount * 4));
      // Sends to different recipients go out concurrently; the SMTP pool and its rate bound the pace.
      const cache = newComposeCache(claimed.length > 0 ? await deps.store.contacts.getMany(claimed.map((s) => s.contactId)) : []);
      await Promise.all(claimed.map((send) => slots.run(() => deliverOne(send, cache))));
      return claimed.length;
    },
    testInbox: async ({ limit }) => (deps.couriers.inbox ? deps.couriers.inbox(limit) : []),
  };
}
