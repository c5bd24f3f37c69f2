import { canFoldIncrementally, compareEvents, emptyContactState, foldEvents, type ContactId, type EpochMs, type LeadEvent } from '@leadpulse/core';
import type { ActiveDoctrine } from '../app/active-doctrine.js';
import { evaluateContact } from '../app/evaluate-contact.js';
import { createEvaluationBatch } from '../app/evaluation-batch.js';
import type { ContactRecord, StageChange, StageChangeCause, StoreTx } from '../app/ports.js';

/**
 * Step 5: folds each touched contact's new events into its state and classifies it at `now`.
 * Events older than the state's last event, and merged histories, are replayed in full so the state
 * is always what a replay of the whole log would give.
 */
export async function reclassifyContacts(
  tx: StoreTx,
  eventsByContact: ReadonlyMap<ContactId, LeadEvent[]>,
  options: {
    now: EpochMs;
    doctrine: ActiveDoctrine;
    replay: ReadonlySet<ContactId>;
    userIdOf: ReadonlyMap<ContactId, string | null>;
    cause: (id: ContactId) => StageChangeCause;
    /** Records already loaded under lock in this transaction, and contacts just created (empty state). */
    loaded: ReadonlyMap<ContactId, ContactRecord>;
    created: ReadonlySet<ContactId>;
  },
): Promise<{ changes: StageChange[] }> {
  const { compiled } = options.doctrine;
  const records: Pick<ContactRecord, 'id' | 'stage' | 'stageSince' | 'userId' | 'state'>[] = [];
  const missing: ContactId[] = [];
  for (const id of eventsByContact.keys()) {
    const loaded = options.loaded.get(id);
    if (loaded) records.push(loaded);
    else if (options.created.has(id)) records.push({ id, stage: compiled.doctrine.fallback.key, stageSince: options.now, userId: null, state: emptyContactState() });
    else missing.push(id);
  }
  if (missing.length > 0) records.push(...(await tx.lockContacts(missing)));
  const batch = createEvaluationBatch();
  for (const record of records) {
    const fresh = (eventsByContact.get(record.id) ?? []).sort(compareEvents);
    const state =
      options.replay.has(record.id) || !canFoldIncrementally(record.state, fresh)
        ? foldEvents(emptyContactState(), await tx.historyOf(record.id), compiled.foldParams)
        : foldEvents(record.state, fresh, compiled.foldParams);
    // A brand-new contact has no previous stage: entering the fallback is not a change.
    const previous = options.created.has(record.id) ? null : record;
    batch.add(record.id, evaluateContact(record.id, previous, state, options.doctrine, options.now, options.cause(record.id), options.userIdOf.get(record.id) ?? null));
  }
  await batch.write(tx);
  return { changes: batch.changes };
}
