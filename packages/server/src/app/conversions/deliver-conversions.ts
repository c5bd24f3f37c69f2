import type { EpochMs } from '@leadpulse/core';
import type { Clock, Logger, Store } from '../ports.js';
import type { AdPlatform, ConversionDelivery, DeliveryOutcome } from './conversion-ports.js';
import type { ConversionSender, PlatformAnswer } from './platform-answer.js';

/** How long a leased batch is held: past it, a crashed worker's batch is due again. */
const LEASE_MS = 2 * 60_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 6 * 3600_000;
/** About two days of doubling waits: past them the platform is not coming back for this event. */
export const MAX_ATTEMPTS = 12;
/** Batches per platform per drain, so one tick stays bounded. */
const MAX_BATCHES = 20;
/** Settled deliveries hold hashed identifiers: the log keeps them 30 days, pruned at most once an hour. */
export const LOG_RETENTION_MS = 30 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

/** When attempt `attempts` (1 for the first) failed at `now`, the next one: 30 s, doubling, at most 6 h apart. */
export const nextAttemptAfter = (attempts: number, now: EpochMs): EpochMs => now + Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), LONGEST_RETRY_MS);

export interface DeliveryReport {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

function outcomesOf(batch: readonly ConversionDelivery[], answer: PlatformAnswer, now: EpochMs): DeliveryOutcome[] {
  return batch.map((d, i): DeliveryOutcome => {
    if (answer.kind === 'taken') {
      const refused = answer.refused.get(i);
      return refused ? { id: d.id, status: 'failed', at: now, error: refused } : { id: d.id, status: 'sent', at: now };
    }
    if (answer.kind === 'refused') return { id: d.id, status: 'failed', at: now, error: answer.error };
    if (d.attempts >= MAX_ATTEMPTS) return { id: d.id, status: 'failed', at: now, error: `gave up after ${d.attempts} attempts: ${answer.error}` };
    return { id: d.id, status: 'retry', at: now, nextAttemptAt: nextAttemptAfter(d.attempts, now), error: answer.error };
  });
}

/**
 * The scheduler's drain of the conversion queue: leases due deliveries per platform, sends them in batches and
 * settles each. A batch refused whole is sent again one event per request, so one bad event does not take the
 * others to the dead letter with it.
 */
export function createDeliverConversions(deps: { store: Pick<Store, 'conversions'>; clock: Clock; logger: Logger; senders: Partial<Record<AdPlatform, ConversionSender>> }) {
  const deliverBatch = async (sender: ConversionSender, batch: readonly ConversionDelivery[], now: EpochMs): Promise<DeliveryOutcome[]> => {
    const answer = await sender.send(batch.map((d) => d.payload));
    if (answer.kind !== 'refused' || batch.length === 1) return outcomesOf(batch, answer, now);
    const outcomes: DeliveryOutcome[] = [];
    for (const one of batch) outcomes.push(...outcomesOf([one], await sender.send([one.payload]), now));
    return outcomes;
  };

  let prunedAt = -Infinity;
  return async function deliverConversions(): Promise<DeliveryReport> {
    const started = deps.clock.now().getTime();
    if (started - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = started;
      const pruned = await deps.store.conversions.prune(started - LOG_RETENTION_MS);
      if (pruned > 0) deps.logger.info({ pruned }, 'conversions.pruned');
    }
    let sent = 0;
    let retried = 0;
    let failed = 0;
    for (const [platform, sender] of Object.entries(deps.senders) as [AdPlatform, ConversionSender][]) {
      for (let round = 0; round < MAX_BATCHES; round++) {
        const now = deps.clock.now().getTime();
        const batch = await deps.store.conversions.lease(platform, now, sender.batchMax, LEASE_MS);
        if (batch.length === 0) break;
        const outcomes = await deliverBatch(sender, batch, now);
        await deps.store.conversions.settle(outcomes);
        for (const o of outcomes) {
          if (o.status === 'sent') sent++;
          else if (o.status === 'retry') retried++;
          else {
            failed++;
            deps.logger.warn({ platform, delivery: o.id, error: o.error }, 'conversions.dead_letter');
          }
        }
        // A platform asking to come back is not asked again in this drain.
        if (batch.length < sender.batchMax || outcomes.some((o) => o.status === 'retry')) break;
      }
    }
    return { sent, retried, failed };
  };
}
