import { contactId as toContactId, isEmailAddress, type ContactId, type ContactState, type EpochMs, type EventId, type LeadEvent } from '@leadpulse/core';
import { newId } from '../app/new-id.js';
import type { ContactRecord, Identity, IdentityRow, MergeRecord, StoreTx } from '../app/ports.js';

/** Who each event belongs to after identity resolution, and what that required. */
export interface Resolution {
  readonly contactOf: ReadonlyMap<EventId, ContactId>;
  /** Live contacts that received events. */
  readonly touched: ReadonlySet<ContactId>;
  /** Survivors of a merge: their merged history must be replayed, not folded incrementally. */
  readonly replay: ReadonlySet<ContactId>;
  readonly merges: readonly MergeRecord[];
  /** userId now known for a contact (newly attached or pre-existing). */
  readonly userIdOf: ReadonlyMap<ContactId, string | null>;
  /** Records loaded (and locked) while resolving, so classification does not read them again. */
  readonly records: ReadonlyMap<ContactId, ContactRecord>;
  /**
   * Contacts created by this batch and not merged away: their previous state is empty, and their row is not stored
   * yet. The batch's save inserts it once, whole, instead of a placeholder rewritten in the same transaction.
   */
  readonly created: ReadonlySet<ContactId>;
}

const keyOf = (identity: Identity) => `${identity.kind}:${identity.value}`;

export function emailOf(event: LeadEvent): string | null {
  const raw = event.traits['email'];
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  return isEmailAddress(email) ? email : null;
}

function identitiesIn(event: LeadEvent): { user: Identity | null; anonymous: Identity | null; email: Identity | null; previous: Identity[] } {
  const email = emailOf(event);
  return {
    user: event.userId ? { kind: 'user', value: event.userId } : null,
    anonymous: event.anonymousId ? { kind: 'anonymous', value: event.anonymousId } : null,
    email: email ? { kind: 'email', value: email } : null,
    // alias: the previous id may have been either an anonymousId or an older userId.
    previous: event.type === 'alias' && event.previousId ? [{ kind: 'user', value: event.previousId }, { kind: 'anonymous', value: event.previousId }] : [],
  };
}

/**
 * Step 3: anonymousId, userId and email resolve to one contact. Anonymous histories merge into the known
 * contact; two different known userIds are never merged. Runs inside the write transaction.
 */
export async function resolveContacts(
  tx: StoreTx,
  events: readonly LeadEvent[],
  options: { now: EpochMs; fallbackStage: string; doctrineVersion: number; emptyState: () => ContactState },
): Promise<Resolution> {
  const wanted = new Map<string, Identity>();
  for (const event of events) {
    const ids = identitiesIn(event);
    for (const identity of [ids.user, ids.anonymous, ids.email, ...ids.previous]) if (identity) wanted.set(keyOf(identity), identity);
  }
  await tx.lockIdentities([...wanted.values()]);
  const owner = new Map<string, ContactId>();
  for (const row of await tx.findIdentities([...wanted.values()])) owner.set(keyOf(row), row.contactId);
  const userIdOf = new Map<ContactId, string | null>();
  const records = new Map<ContactId, ContactRecord>();
  for (const record of await tx.lockContacts([...new Set(owner.values())])) {
    records.set(record.id, record);
    userIdOf.set(record.id, record.userId);
  }
  // A contact absent from lockContacts was merged away concurrently; its identities then point elsewhere.
  for (const [key, id] of owner) if (!userIdOf.has(id)) owner.delete(key);

  const created: ContactId[] = [];
  const merges: MergeRecord[] = [];
  const mergedInto = new Map<ContactId, ContactId>();
  const newIdentities = new Map<string, IdentityRow>();
  const contactOf = new Map<EventId, ContactId>();
  const replay = new Set<ContactId>();

  const create = (userId: string | null): ContactId => {
    const id = toContactId(newId('ct', options.now));
    created.push(id);
    userIdOf.set(id, userId);
    return id;
  };
  const merge = (from: ContactId, into: ContactId, event: LeadEvent) => {
    mergedInto.set(from, into);
    for (const [key, id] of owner) if (id === from) owner.set(key, into);
    for (const row of newIdentities.values()) if (row.contactId === from) newIdentities.set(keyOf(row), { ...row, contactId: into });
    userIdOf.set(into, userIdOf.get(into) ?? userIdOf.get(from) ?? null);
    replay.add(into);
    replay.delete(from);
    merges.push({
      id: newId('mg', options.now),
      into,
      from,
      at: options.now,
      reason: describeLink(event),
      eventId: event.id,
      identities: [],
    });
  };

  for (const event of events) {
    const ids = identitiesIn(event);
    const find = (identity: Identity | null) => (identity ? owner.get(keyOf(identity)) ?? null : null);
    const byUser = find(ids.user);
    const others = [find(ids.anonymous), ...ids.previous.map(find), find(ids.email)].filter((id): id is ContactId => id !== null);
    let target: ContactId;
    if (byUser) target = byUser;
    else if (event.userId) {
      // A new userId adopts the first anonymous contact it is linked to, else starts a new contact.
      const adoptable = others.find((id) => !userIdOf.get(id));
      target = adoptable ?? create(event.userId);
      userIdOf.set(target, event.userId);
    } else target = others[0] ?? create(null);

    for (const other of new Set(others)) {
      if (other === target || mergedInto.has(other)) continue;
      const otherUser = userIdOf.get(other) ?? null;
      const targetUser = userIdOf.get(target) ?? null;
      if (otherUser && targetUser && otherUser !== targetUser) continue;
      if (otherUser && !targetUser) {
        // The known contact survives: anonymous history flows into it, never the reverse.
        merge(target, other, event);
        target = other;
      } else merge(other, target, event);
    }
    for (const identity of [ids.user, ids.anonymous, ids.email]) {
      if (!identity || owner.has(keyOf(identity))) continue;
      // An anonymousId seen with a different known user stays with its first owner.
      owner.set(keyOf(identity), target);
      newIdentities.set(keyOf(identity), { ...identity, contactId: target });
    }
    contactOf.set(event.id, target);
  }

  const finalOf = (id: ContactId): ContactId => {
    let current = id;
    while (mergedInto.has(current)) current = mergedInto.get(current)!;
    return current;
  };
  // Only a contact merged away in this batch needs its row now: the merge turns it into a tombstone.
  await tx.createContacts(
    created
      .filter((id) => mergedInto.has(id))
      .map((id) => ({ id, createdAt: options.now, state: options.emptyState(), stage: options.fallbackStage, doctrineVersion: options.doctrineVersion })),
  );
  const moved = merges.length > 0 ? await tx.identitiesOf(merges.map((m) => m.from)) : [];
  const finalMerges = merges.map((m) => ({
    ...m,
    into: finalOf(m.into),
    identities: moved.filter((row) => row.contactId === m.from).map(({ kind, value }) => ({ kind, value })),
  }));
  for (const m of finalMerges) await tx.mergeContacts(m);
  // A merged-away contact leaves its segments (a move each, no event: it is a tombstone); the survivor's own
  // membership is evaluated again with its replay in this transaction.
  if (finalMerges.length > 0) await tx.dropMembership(finalMerges.map((m) => m.from), { at: options.now, forget: false });
  await tx.insertIdentities([...newIdentities.values()].map((row) => ({ ...row, contactId: finalOf(row.contactId) })));

  const finalContactOf = new Map<EventId, ContactId>();
  for (const [event, id] of contactOf) finalContactOf.set(event, finalOf(id));
  return {
    contactOf: finalContactOf,
    touched: new Set(finalContactOf.values()),
    replay: new Set([...replay].map(finalOf)),
    merges: finalMerges,
    userIdOf,
    records,
    created: new Set(created.filter((id) => !mergedInto.has(id))),
  };
}

function describeLink(event: LeadEvent): string {
  const parts: string[] = [event.type];
  if (event.userId) parts.push(`userId=${event.userId}`);
  if (event.anonymousId) parts.push(`anonymousId=${event.anonymousId}`);
  if (event.previousId) parts.push(`previousId=${event.previousId}`);
  if (emailOf(event)) parts.push('email');
  return parts.join(' ');
}
