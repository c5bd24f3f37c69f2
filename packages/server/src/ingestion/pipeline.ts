import type { LeadEvent } from '@leadpulse/core';
import type { ActiveDoctrine } from '../app/active-doctrine.js';
import { loadErasureHasher } from '../app/erasure-keys.js';
import type { IngestContext, IngestOutcome, IngestResult } from '../app/leadpulse-app.js';
import type { Clock, Logger, Store, StoreTx } from '../app/ports.js';
import { isStoreUnavailable } from '../app/store-unavailable-error.js';
import { createBatchWriter } from './batch-writer.js';
import { createValidateEventsStep } from './validate-events.js';
import { writeBatch, type WriteOutcome } from './write-batch.js';

export interface IngestionPipeline {
  ingest(raw: readonly unknown[], context: IngestContext): Promise<IngestResult>;
  drain(): Promise<void>;
}

/**
 * The ingestion pipeline. Order:
 * 1. validate each event alone (pure; a rejected event never touches storage);
 * 2. hand the valid ones to the group-commit writer, which merges concurrent requests into one
 *    transaction (see write-batch.ts for the order inside it);
 * 3. answer only once that transaction has committed.
 */
export function createIngestionPipeline(deps: {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly doctrine: () => ActiveDoctrine;
  /** The doctrine as committed now, read by a write once it holds its contacts' locks (doctrine-admin.ts `latestIn`). */
  readonly latestDoctrine?: (tx: StoreTx) => Promise<ActiveDoctrine>;
  readonly isBot: (userAgent: string) => boolean;
  readonly generateId: () => string;
  readonly batchMax: number;
  readonly lingerMs: number;
  /** The scenarios' share of each write transaction (enrolments, steps due at once). */
  readonly followUp?: Parameters<typeof writeBatch>[2]['followUp'];
  /** The live segments whose membership each write keeps. */
  readonly segments?: Parameters<typeof writeBatch>[2]['segments'];
}): IngestionPipeline {
  const validateEvents = createValidateEventsStep({ isBot: rememberAnswers(deps.isBot), generateId: deps.generateId });
  const erasureHasher = loadErasureHasher(deps.store);
  const writer = createBatchWriter<LeadEvent, WriteOutcome>({
    maxItems: deps.batchMax,
    lingerMs: deps.lingerMs,
    write: async (events) => {
      const now = deps.clock.now().getTime();
      const erasure = await erasureHasher();
      const { outcomes, changes, afterCommit } = await deps.store.transaction((tx) => writeBatch(tx, events, { now, doctrine: deps.doctrine(), erasure, followUp: deps.followUp, segments: deps.segments, latestDoctrine: deps.latestDoctrine }));
      afterCommit?.();
      deps.logger.debug({ events: events.length, stageChanges: changes.length }, 'ingest.write');
      return outcomes;
    },
    // An unreachable store fails every event alike: retrying submissions one by one would only hold the queue.
    isolate: (error) => !isStoreUnavailable(error),
  });

  return {
    async ingest(raw, context) {
      const { valid, decided } = validateEvents(raw, context);
      const written = await writer.submit(valid.map((v) => v.event));
      const outcomes: IngestOutcome[] = raw.map((_, index) => decided.get(index)!);
      valid.forEach(({ index }, i) => {
        const result = written[i]!;
        outcomes[index] = result.status === 'accepted' ? { index, status: 'accepted', contactId: result.contactId } : { index, status: 'duplicate' };
      });
      let accepted = 0;
      let duplicates = 0;
      let rejected = 0;
      for (const o of outcomes) {
        if (o.status === 'accepted') accepted++;
        else if (o.status === 'duplicate') duplicates++;
        else rejected++;
      }
      if (rejected > 0) deps.logger.warn({ accepted, duplicates, rejected }, 'ingest.rejected');
      return { outcomes, accepted, duplicates, rejected };
    },
    drain: () => writer.drain(),
  };
}

// Most events carry one of a few user agents, and the bot patterns are one long regular expression: each agent is
// tested once. Bounded, so a stream of distinct agents cannot grow it without limit.
const REMEMBERED_AGENTS = 10_000;
function rememberAnswers(isBot: (userAgent: string) => boolean): (userAgent: string) => boolean {
  const answers = new Map<string, boolean>();
  return (userAgent) => {
    let answer = answers.get(userAgent);
    if (answer === undefined) {
      answer = isBot(userAgent);
      if (answers.size >= REMEMBERED_AGENTS) answers.clear();
      answers.set(userAgent, answer);
    }
    return answer;
  };
}
