import type { ActiveDoctrine } from './active-doctrine.js';
import { evaluateContact } from './evaluate-contact.js';
import { createEvaluationBatch } from './evaluation-batch.js';
import type { Clock, Store } from './ports.js';

/**
 * Time moves stages too: contacts whose nextEvalAt has passed are classified again at now
 * (a purchase turning a year old, a window closing, decay, a cart left past the abandonment delay).
 */
export function createEvaluateDue(deps: { store: Store; clock: Clock; doctrine: () => ActiveDoctrine }) {
  return async function evaluateDue(options: { limit?: number } = {}): Promise<number> {
    const now = deps.clock.now().getTime();
    const ids = await deps.store.dueContacts(now, options.limit ?? 1000);
    if (ids.length === 0) return 0;
    const doctrine = deps.doctrine();
    return deps.store.transaction(async (tx) => {
      const batch = createEvaluationBatch();
      for (const record of await tx.lockContacts(ids)) {
        // Another worker may have evaluated it since it was listed.
        if (record.nextEvalAt === null || record.nextEvalAt > now) continue;
        batch.add(record.id, evaluateContact(record.id, record, record.state, doctrine, now, 'time', record.userId));
      }
      await batch.write(tx);
      return batch.size;
    });
  };
}
