import type { ActiveDoctrine } from './active-doctrine.js';
import { evaluateContact } from './evaluate-contact.js';
import { createEvaluationBatch } from './evaluation-batch.js';
import type { Clock, Store } from './ports.js';

/**
 * Time moves stages too: contacts whose nextEvalAt has passed are walked up to now, and each move is dated at the
 * instant it became true (a purchase turning a year old, a window closing, decay, a cart left past the abandonment
 * delay), however late the scheduler runs.
 */
export function createEvaluateDue(deps: { store: Pick<Store, 'transaction'>; clock: Clock; doctrine: () => ActiveDoctrine }) {
  return async function evaluateDue(options: { limit?: number } = {}): Promise<number> {
    const now = deps.clock.now().getTime();
    const doctrine = deps.doctrine();
    return deps.store.transaction(async (tx) => {
      const batch = createEvaluationBatch();
      for (const record of await tx.claimDueContacts(now, options.limit ?? 1000)) {
        batch.add(record.id, evaluateContact(record.id, { kind: 'stored', record, events: [] }, doctrine, now, record.userId));
      }
      await batch.write(tx);
      return batch.size;
    });
  };
}
