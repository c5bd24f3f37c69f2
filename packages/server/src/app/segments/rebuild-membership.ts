import type { ContactId, EpochMs, SegmentSubject } from '@leadpulse/core';
import type { Clock, Logger, Store } from '../ports.js';
import type { ActiveSegments } from './active-segments.js';
import { enrolmentsFor, segmentEvent, segmentIdsOf } from './live-membership.js';
import type { LiveSegmentRecord, MembershipMove } from './membership-ports.js';
import { segmentReferences } from './segment-admin.js';

export interface RebuildDeps {
  readonly store: Pick<Store, 'transaction' | 'segmentMembership'>;
  readonly active: ActiveSegments;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Pages of the contacts that may be members of the segment at `now` (find-members.ts: its SQL prefilter). A superset
   * is fine: each one is evaluated again under its row lock before anything is written.
   */
  readonly candidates: (segment: LiveSegmentRecord, now: EpochMs) => AsyncIterable<readonly ContactId[]>;
  /** Contacts per transaction; small enough that ingestion never waits long for their locks. */
  readonly chunkSize?: number;
}

export interface RebuildOutcome {
  readonly entered: number;
  readonly left: number;
  /** False when the segment was deleted or edited again meanwhile (a newer rebuild finishes the job). */
  readonly live: boolean;
}

/**
 * Computes the membership of a newly saved or edited segment at `now` and writes the difference with what is stored,
 * a chunk of contacts per transaction: the candidates its prefilter finds, then the stored members no longer in
 * (an edit narrowed it). Each chunk locks its contacts and evaluates them again, so a write that raced the read is
 * never undone; the live write path keeps the segment meanwhile ('building' segments are live there too). Entries
 * and exits are moves and `Segment Entered`/`Left` events dated `now`; they do not enrol in scenarios: a rebuild is
 * bookkeeping like an import, and `segment_entered` reacts to people entering, not to a segment being saved.
 * Idempotent: run again, it finds nothing to change. Marks the segment live at the end.
 */
export async function rebuildSegmentMembership(deps: RebuildDeps, segmentId: string, now: EpochMs): Promise<RebuildOutcome> {
  await deps.active.refresh();
  const set = deps.active.current();
  const segment = set.records.find((r) => r.id === segmentId);
  const compiled = set.compiled;
  if (!segment || !compiled) return { entered: 0, left: 0, live: false };
  const chunkSize = deps.chunkSize ?? 500;
  const seen = new Set<ContactId>();
  let entered = 0;
  let left = 0;

  const settle = async (ids: readonly ContactId[]) => {
    const fresh = ids.filter((id) => !seen.has(id));
    for (const id of fresh) seen.add(id);
    for (let i = 0; i < fresh.length; i += chunkSize) {
      const part = fresh.slice(i, i + chunkSize);
      await deps.store.transaction(async (tx) => {
        const records = await tx.lockContacts(part);
        const enrolments = await enrolmentsFor(tx, set, part);
        const contacts: { id: ContactId; segments: string }[] = [];
        const wakeBy: { id: ContactId; at: EpochMs }[] = [];
        const moves: MembershipMove[] = [];
        const events: { contactId: ContactId; event: ReturnType<typeof segmentEvent> }[] = [];
        for (const record of records) {
          const subject: SegmentSubject = { state: record.state, stage: record.stage, score: record.score, predicted: record.predicted, ...(compiled.usesScenarios ? { scenarios: enrolments?.get(record.id) ?? { active: new Set(), ever: new Set() } } : {}) };
          const { members, next } = compiled.evaluate(subject, now);
          if (next !== null && next > now) wakeBy.push({ id: record.id, at: next });
          const inside = members.includes(segment.key);
          const ids = segmentIdsOf(record.segments);
          if (inside === ids.includes(segment.id)) continue;
          contacts.push({ id: record.id, segments: (inside ? [...ids, segment.id] : ids.filter((id) => id !== segment.id)).sort().join('|') });
          moves.push({ segmentId: segment.id, contactId: record.id, at: now, entered: inside });
          events.push({ contactId: record.id, event: segmentEvent(segment, inside, record.userId, now) });
          if (inside) entered++;
          else left++;
        }
        await tx.writeMembership({ contacts, moves, events, wakeBy });
      });
    }
  };

  for await (const page of deps.candidates(segment, now)) await settle(page);
  // Stored members the candidates did not name: an edit that narrowed the segment lets them go.
  let after: ContactId | null = null;
  for (;;) {
    const page: ContactId[] = await deps.store.transaction((tx) => tx.segmentMemberIds(segment.id, after, 5000));
    if (page.length === 0) break;
    after = page[page.length - 1]!;
    await settle(page);
  }
  const live = await deps.store.segmentMembership.markLive(segment.id, segment.version, deps.clock.now().getTime());
  await deps.active.refresh();
  deps.logger.info({ segment: segment.key, version: segment.version, entered, left, live }, 'segments.rebuilt');
  return { entered, left, live };
}

/**
 * Rebuilds in the background, one at a time, so a save answers at once and two rebuilds never fight over the same
 * rows. A segment that refers to the rebuilt one is rebuilt after it (its members may have changed with it). At
 * start-up, segments left 'building' by a stop or a crash are rebuilt (`resume`).
 */
export function createMembershipRebuilds(deps: RebuildDeps) {
  let queue: Promise<void> = Promise.resolve();
  const pending = new Set<string>();

  function schedule(segmentId: string): void {
    if (pending.has(segmentId)) return;
    pending.add(segmentId);
    queue = queue.then(async () => {
      pending.delete(segmentId);
      try {
        const outcome = await rebuildSegmentMembership(deps, segmentId, deps.clock.now().getTime());
        if (outcome.entered + outcome.left === 0) return;
        const key = deps.active.current().records.find((r) => r.id === segmentId)?.key;
        for (const dependent of deps.active.current().records) if (key && segmentReferences(dependent.definition.where).includes(key)) schedule(dependent.id);
      } catch (error) {
        // Left 'building': the next start-up (or the next save) rebuilds it.
        deps.logger.error({ err: error, segmentId }, 'segments.rebuild_failed');
      }
    });
  }

  return {
    schedule,
    /** After a segment was deleted: the live set forgets it at once. */
    async removed(): Promise<void> {
      await deps.active.refresh();
    },
    async resume(): Promise<void> {
      await deps.active.refresh();
      for (const record of deps.active.current().records) if (record.status === 'building') schedule(record.id);
    },
    /** Resolves once every scheduled rebuild has finished (tests, shutdown). */
    idle: async (): Promise<void> => {
      for (let previous: Promise<void> | null = null; previous !== queue; ) {
        previous = queue;
        await queue;
      }
    },
  };
}

export type MembershipRebuilds = ReturnType<typeof createMembershipRebuilds>;

/** What the composition root hands the use cases: the live set and the background rebuilds. */
export interface SegmentMembership {
  readonly active: ActiveSegments;
  readonly rebuilds: MembershipRebuilds;
}
