import type { ContactId } from '@leadpulse/core';
import type { Evaluation } from './evaluate-contact.js';
import type { ContactUpdate, StageChange, StoreTx, StoredEvent } from './ports.js';
import { EMPTY_SEGMENTS, type LiveSegmentSet } from './segments/active-segments.js';
import { applyLiveMembership } from './segments/live-membership.js';

/**
 * Collects evaluations of many contacts and writes them in one go: states, stage history, `Stage Changed` events, and
 * the live segments' membership with its `Segment Entered`/`Segment Left` events (segments/live-membership.ts).
 */
export function createEvaluationBatch(segments: () => LiveSegmentSet = () => EMPTY_SEGMENTS) {
  const updates: ContactUpdate[] = [];
  const previousSegments: string[] = [];
  const changes: StageChange[] = [];
  const stageEvents: StoredEvent[] = [];
  const segmentEvents: StoredEvent[] = [];
  const rewritten: ContactId[] = [];
  return {
    changes,
    /** The contacts as the batch leaves them: what follows a write (the scenarios) reads them here, not again from the store. */
    updates: updates as readonly ContactUpdate[],
    /** After `write`: the segment entries and exits it stored, which scenarios trigger on. */
    segmentEvents: segmentEvents as readonly StoredEvent[],
    /** `segments`: the contact's `contacts.segments` as this transaction read it ('' for a contact it created). */
    add(contactId: ContactId, evaluation: Evaluation, segments = '') {
      updates.push(evaluation.update);
      previousSegments.push(segments);
      changes.push(...evaluation.changes);
      for (const event of evaluation.stageEvents) stageEvents.push({ event, contactId });
      if (evaluation.rewritesHistory) rewritten.push(contactId);
    },
    get size() {
      return updates.length;
    },
    async write(tx: StoreTx) {
      // A history walked from the beginning replaces what was recorded, so moves are never counted twice.
      if (rewritten.length > 0) await tx.clearStageHistory(rewritten);
      const membership = await applyLiveMembership(tx, segments(), updates.map((update, i) => ({ update, previous: previousSegments[i]! })));
      segmentEvents.push(...membership.write.events);
      await tx.saveContacts(membership.updates);
      await tx.insertStageChanges(changes);
      await tx.insertEvents(stageEvents);
    },
  };
}
