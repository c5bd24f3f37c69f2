import { emptyContactState, type ContactId, type EpochMs, type StageKey } from '@leadpulse/core';
import type { ActiveDoctrine } from './active-doctrine.js';
import { evaluateContact } from './evaluate-contact.js';
import type { DoctrinePreview } from './leadpulse-app.js';
import { createEvaluationBatch } from './evaluation-batch.js';
import type { Clock, Store } from './ports.js';
import type { LiveSegmentSet } from './segments/active-segments.js';

export interface ReplayOutcome extends DoctrinePreview {
  readonly events: number;
}

/**
 * Rebuilds every contact from the event log under a doctrine, a chunk of contacts at a time: each history is walked in
 * event time, so the stage history says when each move would have happened under this doctrine. With `save: false`
 * it is a dry run (preview); with `save: true` states, stages and the rewritten history are written.
 */
export async function replayContacts(
  store: Pick<Store, 'contacts' | 'events' | 'transaction'>,
  doctrine: ActiveDoctrine,
  options: { now: EpochMs; clock: Clock; save: boolean; chunkSize?: number; onProgress?: (done: number, total: number) => void; segments?: () => LiveSegmentSet },
): Promise<ReplayOutcome> {
  const chunkSize = options.chunkSize ?? 1000;
  const total = Object.values(await store.contacts.countByStage()).reduce((a, b) => a + b, 0);
  const before: Record<StageKey, number> = {};
  const after: Record<StageKey, number> = {};
  const moves = new Map<string, number>();
  let contacts = 0;
  let events = 0;
  let cursor: ContactId | null = null;
  for (;;) {
    const ids = await store.contacts.idsAfter(cursor, chunkSize);
    if (ids.length === 0) break;
    cursor = ids[ids.length - 1]!;
    const readAt = options.clock.now().getTime();
    const histories = await store.events.historiesOf(ids);
    await store.transaction(async (tx) => {
      const batch = createEvaluationBatch(options.segments);
      for (const record of await tx.lockContacts(ids)) {
        // A contact written by ingestion since its history was read is re-read under the lock.
        const history = record.updatedAt >= readAt ? await tx.historyOf(record.id) : histories.get(record.id) ?? [];
        events += history.length;
        const evaluation = evaluateContact(record.id, { kind: 'history', previous: record, events: history, empty: emptyContactState() }, doctrine, options.now, record.userId);
        const to = evaluation.update.classification.stage;
        before[record.stage] = (before[record.stage] ?? 0) + 1;
        after[to] = (after[to] ?? 0) + 1;
        if (to !== record.stage) moves.set(`${record.stage}\u0000${to}`, (moves.get(`${record.stage}\u0000${to}`) ?? 0) + 1);
        batch.add(record.id, evaluation, record.segments);
        contacts++;
      }
      if (options.save) await batch.write(tx);
    });
    options.onProgress?.(contacts, total);
  }
  const moveList = [...moves].map(([key, count]) => {
    const [from, to] = key.split('\u0000') as [string, string];
    return { from, to, count };
  });
  moveList.sort((a, b) => b.count - a.count);
  return { contacts, events, moved: moveList.reduce((n, m) => n + m.count, 0), moves: moveList, before, after };
}
