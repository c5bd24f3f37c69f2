import { canFoldIncrementally, compareEvents, emptyContactState, type ContactId, type EpochMs, type LeadEvent } from '@leadpulse/core';
import type { ActiveDoctrine } from '../app/active-doctrine.js';
import { evaluateContact } from '../app/evaluate-contact.js';
import { createEvaluationBatch } from '../app/evaluation-batch.js';
import type { ContactRecord, ContactUpdate, StageChange, StageChangeCause, StoreTx, StoredEvent } from '../app/ports.js';
import type { LiveSegmentSet } from '../app/segments/active-segments.js';

/**
 * Step 5: walks each touched contact through its new events in event time up to `now` (evaluate-contact.ts), so every
 * move is dated when it became true. Events older than the state's last event or its last move, and merged
 * histories, walk the whole history again, so the state and the stage history are always what a walk of the whole
 * log gives.
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
    /** Records already loaded under lock in this transaction, and contacts created by it (empty state, row not stored yet). */
    loaded: ReadonlyMap<ContactId, ContactRecord>;
    created: ReadonlySet<ContactId>;
    /** The live segments, whose membership the batch keeps (none when absent). */
    segments?: () => LiveSegmentSet;
  },
): Promise<{ changes: StageChange[]; updates: readonly ContactUpdate[]; segmentEvents: readonly StoredEvent[] }> {
  const { compiled } = options.doctrine;
  const records: Pick<ContactRecord, 'id' | 'stage' | 'stageSince' | 'userId' | 'state' | 'updatedAt' | 'segments'>[] = [];
  const missing: ContactId[] = [];
  for (const id of eventsByContact.keys()) {
    const loaded = options.loaded.get(id);
    if (loaded) records.push(loaded);
    else if (options.created.has(id)) records.push({ id, stage: compiled.doctrine.fallback.key, stageSince: options.now, userId: null, state: emptyContactState(), updatedAt: options.now, segments: '' });
    else missing.push(id);
  }
  if (missing.length > 0) records.push(...(await tx.lockContacts(missing)));
  const batch = createEvaluationBatch(options.segments);
  for (const record of records) {
    const fresh = (eventsByContact.get(record.id) ?? []).sort(compareEvents);
    const userId = options.userIdOf.get(record.id) ?? null;
    const created = options.created.has(record.id);
    // New events after the stored stage's last move extend the walk; anything earlier (a late event, a merge, an
    // import out of order) walks the whole history again, so the moves are those a single walk of the log gives.
    const extends_ = !options.replay.has(record.id) && canFoldIncrementally(record.state, fresh) && (created || fresh.every((e) => e.at >= record.stageSince));
    // A contact created by this batch and not a merge's survivor has no recorded history to clear.
    const evaluation = extends_
      ? evaluateContact(record.id, created ? { kind: 'new', events: fresh, empty: record.state } : { kind: 'stored', record, events: fresh }, options.doctrine, options.now, userId)
      : evaluateContact(record.id, { kind: 'history', previous: created ? null : record, events: await tx.historyOf(record.id), empty: emptyContactState() }, options.doctrine, options.now, userId);
    batch.add(record.id, created ? { ...evaluation, update: { ...evaluation.update, createdAt: options.now } } : evaluation, record.segments);
  }
  await batch.write(tx);
  return { changes: batch.changes, updates: batch.updates, segmentEvents: batch.segmentEvents };
}
