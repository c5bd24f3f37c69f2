import { emptyContactState, type ContactId, type EpochMs, type LeadEvent } from '@leadpulse/core';
import type { ActiveDoctrine } from '../app/active-doctrine.js';
import type { ErasureHasher } from '../app/erasure-keys.js';
import type { StageChange, StoreTx } from '../app/ports.js';
import type { WriteFollowUp } from '../app/scenarios/follow-ups.js';
import type { LiveSegmentSet } from '../app/segments/active-segments.js';
import { findErasedEvents } from './drop-erased-events.js';
import { reclassifyContacts } from './reclassify-contacts.js';
import { resolveContacts } from './resolve-contacts.js';

export type WriteOutcome = { readonly status: 'accepted'; readonly contactId: ContactId } | { readonly status: 'duplicate' };

/**
 * One write transaction for a group of validated events. The order matters:
 * 1. drop events already in the log (a retried batch changes nothing), and those an erase forbids
 *    (drop-erased-events.ts; both answer `duplicate`);
 * 2. resolve identities, which may create or merge contacts, before events get their contact id;
 * 3. append the events, so a replay of a merged contact sees them;
 * 4. fold and classify the touched contacts, writing stage changes and `Stage Changed` events, and their live
 *    segments' membership with `Segment Entered`/`Segment Left` events;
 * 5. enrol them in the scenarios their moves and events trigger, and run the steps due at once (a sales alert).
 * Everything commits together: a 2xx means the events and the classification they caused are stored.
 */
export async function writeBatch(
  tx: StoreTx,
  events: readonly LeadEvent[],
  options: {
    now: EpochMs;
    doctrine: ActiveDoctrine;
    erasure: ErasureHasher;
    /** Step 5, the scenarios: enrolments and the steps due at once, in this transaction; returns what to do after the commit. */
    followUp?: WriteFollowUp;
    /** The live segments, whose membership step 4 keeps in this transaction. */
    segments?: () => LiveSegmentSet;
    /**
     * With several processes on one database: the doctrine as committed now, read once this write holds its contacts'
     * locks. A doctrine saved by another process since `doctrine` was loaded then classifies this write, so its replay,
     * which locks contacts too, is never undone by an older version.
     */
    latestDoctrine?: (tx: StoreTx) => Promise<ActiveDoctrine>;
  },
): Promise<{ outcomes: WriteOutcome[]; changes: StageChange[]; afterCommit?: () => void }> {
  const existing = await tx.existingEventIds(events.map((e) => e.id));
  for (const id of await findErasedEvents(tx, events.filter((e) => !existing.has(e.id)), options.erasure)) existing.add(id);
  const fresh: LeadEvent[] = [];
  const outcomes: (WriteOutcome | null)[] = events.map((event) => {
    if (existing.has(event.id)) return { status: 'duplicate' };
    existing.add(event.id);
    fresh.push(event);
    return null;
  });
  if (fresh.length === 0) return { outcomes: outcomes as WriteOutcome[], changes: [] };

  const { compiled } = options.doctrine;
  const resolution = await resolveContacts(tx, fresh, {
    now: options.now,
    fallbackStage: compiled.doctrine.fallback.key,
    doctrineVersion: options.doctrine.version,
    emptyState: emptyContactState,
  });
  await tx.insertEvents(fresh.map((event) => ({ event, contactId: resolution.contactOf.get(event.id)! })));
  const doctrine = options.latestDoctrine ? await options.latestDoctrine(tx) : options.doctrine;

  const byContact = new Map<ContactId, LeadEvent[]>();
  for (const event of fresh) {
    const id = resolution.contactOf.get(event.id)!;
    const list = byContact.get(id);
    if (list) list.push(event);
    else byContact.set(id, [event]);
  }
  for (const id of resolution.replay) if (!byContact.has(id)) byContact.set(id, []);
  const { changes, updates, segmentEvents } = await reclassifyContacts(tx, byContact, {
    now: options.now,
    doctrine,
    replay: resolution.replay,
    userIdOf: resolution.userIdOf,
    cause: (id) => (resolution.replay.has(id) ? 'merge' : 'event'),
    loaded: resolution.records,
    created: resolution.created,
    segments: options.segments,
  });
  // Segment entries are activity too: a `segment_entered` trigger reads them with the batch's events.
  for (const { event, contactId } of segmentEvents) byContact.set(contactId, [...(byContact.get(contactId) ?? []), event]);
  const afterCommit = options.followUp ? await options.followUp(tx, { changes, eventsByContact: byContact, contacts: updates }, options.now) : undefined;
  return {
    outcomes: outcomes.map((o, i) => o ?? { status: 'accepted', contactId: resolution.contactOf.get(events[i]!.id)! }),
    changes,
    afterCommit,
  };
}
