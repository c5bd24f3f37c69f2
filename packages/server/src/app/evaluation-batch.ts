import type { ContactId } from '@leadpulse/core';
import type { Evaluation } from './evaluate-contact.js';
import type { ContactUpdate, StageChange, StoreTx, StoredEvent } from './ports.js';

/** Collects evaluations of many contacts and writes them in one go: states, stage history, `Stage Changed` events. */
export function createEvaluationBatch() {
  const updates: ContactUpdate[] = [];
  const changes: StageChange[] = [];
  const stageEvents: StoredEvent[] = [];
  const rewritten: ContactId[] = [];
  return {
    changes,
    /** The contacts as the batch leaves them: what follows a write (the scenarios) reads them here, not again from the store. */
    updates: updates as readonly ContactUpdate[],
    add(contactId: ContactId, evaluation: Evaluation) {
      updates.push(evaluation.update);
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
      await tx.saveContacts(updates);
      await tx.insertStageChanges(changes);
      await tx.insertEvents(stageEvents);
    },
  };
}
