import type { ContactId } from '@leadpulse/core';
import type { Evaluation } from './evaluate-contact.js';
import type { ContactUpdate, StageChange, StoreTx, StoredEvent } from './ports.js';

/** Collects evaluations of many contacts and writes them in one go: states, stage history, `Stage Changed` events. */
export function createEvaluationBatch() {
  const updates: ContactUpdate[] = [];
  const changes: StageChange[] = [];
  const stageEvents: StoredEvent[] = [];
  return {
    changes,
    add(contactId: ContactId, evaluation: Evaluation) {
      updates.push(evaluation.update);
      if (evaluation.change) changes.push(evaluation.change);
      if (evaluation.stageEvent) stageEvents.push({ event: evaluation.stageEvent, contactId });
    },
    get size() {
      return updates.length;
    },
    async write(tx: StoreTx) {
      await tx.saveContacts(updates);
      await tx.insertStageChanges(changes);
      await tx.insertEvents(stageEvents);
    },
  };
}
