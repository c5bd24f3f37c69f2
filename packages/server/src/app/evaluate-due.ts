import type { ContactId, LeadEvent } from '@leadpulse/core';
import type { ActiveDoctrine } from './active-doctrine.js';
import { evaluateContact } from './evaluate-contact.js';
import { createEvaluationBatch } from './evaluation-batch.js';
import type { Clock, Store, StoredEvent, StoreTx } from './ports.js';
import type { WriteFollowUp } from './scenarios/follow-ups.js';
import type { LiveSegmentSet } from './segments/active-segments.js';

/**
 * Time moves stages too: contacts whose nextEvalAt has passed are walked up to now, and each move is dated at the
 * instant it became true (a purchase turning a year old, a window closing, decay, a cart left past the abandonment
 * delay), however late the scheduler runs. Segment windows move membership the same way (their next instant is folded
 * into nextEvalAt), dated at the evaluation: never by rebuilding a segment on a timer.
 */
export function createEvaluateDue(deps: {
  store: Pick<Store, 'transaction'>;
  clock: Clock;
  doctrine: () => ActiveDoctrine;
  /** The doctrine as committed now, once the due contacts are claimed (doctrine-admin.ts `latestIn`). */
  latestDoctrine?: (tx: StoreTx) => Promise<ActiveDoctrine>;
  followUp?: WriteFollowUp;
  segments?: () => LiveSegmentSet;
}) {
  return async function evaluateDue(options: { limit?: number } = {}): Promise<number> {
    const now = deps.clock.now().getTime();
    const { size, afterCommit } = await deps.store.transaction(async (tx) => {
      const batch = createEvaluationBatch(deps.segments);
      const claimed = await tx.claimDueContacts(now, options.limit ?? 1000);
      const doctrine = deps.latestDoctrine && claimed.length > 0 ? await deps.latestDoctrine(tx) : deps.doctrine();
      for (const record of claimed) {
        batch.add(record.id, evaluateContact(record.id, { kind: 'stored', record, events: [] }, doctrine, now, record.userId), record.segments);
      }
      await batch.write(tx);
      // A move made by time alone (a cart left, a window closed) triggers scenarios like one made by an event.
      const afterCommit = deps.followUp && (batch.changes.length > 0 || batch.segmentEvents.length > 0) ? await deps.followUp(tx, { changes: batch.changes, eventsByContact: eventsByContact(batch.segmentEvents), contacts: batch.updates }, now) : undefined;
      return { size: batch.size, afterCommit };
    });
    afterCommit?.();
    return size;
  };
}

/** A time-made segment entry enrols like an event-made one: the scenarios read it with the contact's events. */
function eventsByContact(rows: readonly StoredEvent[]): Map<ContactId, LeadEvent[]> {
  const out = new Map<ContactId, LeadEvent[]>();
  for (const { event, contactId } of rows) out.set(contactId, [...(out.get(contactId) ?? []), event]);
  return out;
}
