import { STANDARD_EVENTS, eventId, type CompiledSegments, type ContactId, type EpochMs, type LeadEvent, type SegmentSubject } from '@leadpulse/core';
import { newId } from '../new-id.js';
import type { ContactUpdate, StoreTx, StoredEvent } from '../ports.js';
import type { LiveSegmentSet } from './active-segments.js';
import type { MembershipMove, MembershipWrite } from './membership-ports.js';

/** A contact as a write leaves it, with the segments it was in before (`contacts.segments` of the row it replaced). */
export interface MembershipInput {
  readonly update: ContactUpdate;
  readonly previous: string;
}

export interface MembershipOutcome {
  /**
   * The updates to save: each one's next evaluation is the earlier of the doctrine's and its segments' windows, and a
   * contact whose membership changed carries its new `segments`.
   */
  readonly updates: readonly ContactUpdate[];
  readonly write: MembershipWrite;
}

type Enrolled = NonNullable<SegmentSubject['scenarios']>;
const NOT_ENROLLED: Enrolled = { active: new Set(), ever: new Set() };

/** Splits `contacts.segments` ('|'-joined ids) into ids. */
export const segmentIdsOf = (column: string): string[] => (column === '' ? [] : column.split('|'));

/**
 * Re-evaluates the live segments for the contacts a write is about to save, at the instant each was evaluated (its
 * `updatedAt`: the write's `now`), and diffs the result against what each was in before. Entering and leaving are
 * moves and internal `Segment Entered`/`Segment Left` events dated at that instant. A window that may move the contact
 * later (a quiet period ending, a birthday) is folded into its next evaluation, so the due-evaluation machinery comes
 * back exactly then. Ids of segments this process does not know (saved by another process a moment ago) are kept
 * as they are: not this set's to judge.
 */
export function diffMembership(set: LiveSegmentSet, contacts: readonly MembershipInput[], enrolments?: ReadonlyMap<ContactId, Enrolled>): MembershipOutcome {
  const compiled = set.compiled;
  if (!compiled) return { updates: contacts.map((c) => c.update), write: { contacts: [], moves: [], events: [] } };
  const byId = new Map(set.records.map((r) => [r.id, r]));
  const updates: ContactUpdate[] = [];
  const changed: { id: ContactId; segments: string }[] = [];
  const moves: MembershipMove[] = [];
  const events: StoredEvent[] = [];
  for (const { update, previous } of contacts) {
    const now = update.updatedAt;
    const subject: SegmentSubject = {
      state: update.state,
      stage: update.classification.stage,
      score: update.classification.score,
      predicted: update.predicted,
      ...(compiled.usesScenarios ? { scenarios: enrolments?.get(update.id) ?? NOT_ENROLLED } : {}),
    };
    const { members, next } = compiled.evaluate(subject, now);
    const inside = new Set<string>();
    for (const key of members) {
      const record = set.byKey.get(key);
      if (record) inside.add(record.id);
    }
    const before = segmentIdsOf(previous);
    const kept = before.filter((id) => !byId.has(id));
    const joined = [...new Set([...kept, ...inside])].sort().join('|');
    if (joined !== previous) {
      changed.push({ id: update.id, segments: joined });
      const was = new Set(before);
      const since = explainedByLastEvent(compiled, subject, now);
      for (const id of inside) if (!was.has(id)) record(byId.get(id)!, true, since);
      for (const id of was) if (byId.has(id) && !inside.has(id)) record(byId.get(id)!, false, since);
    }
    const sooner = next !== null && next > now && (update.classification.nextChangeAt === null || next < update.classification.nextChangeAt);
    const moved = joined !== previous;
    updates.push(sooner || moved ? { ...update, ...(moved ? { segments: joined } : {}), ...(sooner ? { classification: { ...update.classification, nextChangeAt: next } } : {}) } : update);

    function record(segment: { id: string; key: string; name: string }, entered: boolean, since: (key: string, entered: boolean) => EpochMs) {
      const at = since(segment.key, entered);
      moves.push({ segmentId: segment.id, contactId: update.id, at, entered });
      events.push({ contactId: update.id, event: segmentEvent(segment, entered, update.userId, at) });
    }
  }
  return { updates, write: { contacts: changed, moves, events } };
}

/**
 * When a change became true, in event time. An imported or late event is older than the write: when the contact's
 * membership at its latest event already is what it is now, that event made the change and dates it (an import of last
 * month's history enters last month). Otherwise time moved it (a window closed), and the evaluation's instant does.
 */
function explainedByLastEvent(compiled: CompiledSegments, subject: SegmentSubject, now: EpochMs): (key: string, entered: boolean) => EpochMs {
  const last = subject.state.lastEventAt;
  if (last === null || last >= now) return () => now;
  const then = new Set(compiled.evaluate(subject, last).members);
  return (key, entered) => (then.has(key) === entered ? last : now);
}

/** The internal event of a move, like `Stage Changed`: scenarios trigger on it (`segment_entered`), the timeline shows it. */
export function segmentEvent(segment: { id: string; key: string; name: string }, entered: boolean, userId: string | null, at: EpochMs): LeadEvent {
  return {
    id: eventId(newId('sg', at)),
    type: 'track',
    name: entered ? STANDARD_EVENTS.segmentEntered : STANDARD_EVENTS.segmentLeft,
    userId,
    anonymousId: null,
    previousId: null,
    groupId: null,
    at,
    receivedAt: at,
    properties: { segmentId: segment.id, segmentKey: segment.key, segmentName: segment.name },
    traits: {},
    context: {},
    bot: false,
    internal: true,
  };
}

/** Scenario enrolments of these contacts as segments read them (by scenario key), in one read: only when a segment asks. */
export async function enrolmentsFor(tx: Pick<StoreTx, 'enrolmentsOfContacts'>, set: LiveSegmentSet, ids: readonly ContactId[]): Promise<ReadonlyMap<ContactId, Enrolled> | undefined> {
  if (!set.compiled?.usesScenarios || ids.length === 0) return undefined;
  const out = new Map<ContactId, { active: Set<string>; ever: Set<string> }>();
  for (const enrolment of await tx.enrolmentsOfContacts(ids)) {
    const key = set.scenarioKeys.get(enrolment.scenarioId);
    if (!key) continue;
    let entry = out.get(enrolment.contactId);
    if (!entry) out.set(enrolment.contactId, (entry = { active: new Set(), ever: new Set() }));
    entry.ever.add(key);
    if (enrolment.status === 'active') entry.active.add(key);
  }
  return out;
}

/**
 * The write path's share: evaluates the batch's contacts and writes what changed, in the caller's transaction.
 * Returns the updates to save (next evaluation and new `segments` folded in: the caller must save them) and the
 * `Segment Entered`/`Left` events it stored.
 */
export async function applyLiveMembership(tx: StoreTx, set: LiveSegmentSet, contacts: readonly MembershipInput[]): Promise<MembershipOutcome> {
  if (!set.compiled || contacts.length === 0) return diffMembership(set, contacts);
  const outcome = diffMembership(set, contacts, await enrolmentsFor(tx, set, contacts.map((c) => c.update.id)));
  // The contacts' new `segments` travel with their updates: the save that follows writes them in the same statement.
  await tx.writeMembership({ ...outcome.write, contacts: [] });
  return outcome;
}
