import { anonymiseEvent, anonymiseState, contactFacts, eventId, err, ok, type ContactId, type DomainError, type EpochMs, type EventId, type Result } from '@leadpulse/core';
import type { ActiveDoctrine } from './active-doctrine.js';
import { contactNotFound, type PrivacyOptions, type PrivacyOutcome } from './erase-contact.js';
import { erasedKeysOf, type ErasureHasher } from './erasure-keys.js';
import { findLinkedContacts } from './linked-contacts.js';
import { liveContact } from './live-contact.js';
import { newId } from './new-id.js';
import type { Clock, ContactRecord, ContactUpdate, Store, StoredEvent } from './ports.js';
import { hashSuppressedAddresses } from './suppression-erase.js';

/**
 * Anonymises a contact and those linked to it by alias calls: every count in the reports stays (stage, stage history,
 * milestones, facts and rollup, events by name, time, page and campaign), every identifier goes (identities, userId,
 * email, traits, merges, the reasons that cite traits and events, and from the events what anonymiseEvent removes,
 * their messageIds included). The identities and messageIds are remembered as keyed hashes, as by an erase.
 * Classification stays as it was; the next time-driven evaluation classifies what is left, which has no traits.
 */
export function createAnonymiseContact(deps: { store: Pick<Store, 'contacts' | 'privacy' | 'transaction'>; clock: Clock; hasher: () => Promise<ErasureHasher>; doctrine: () => ActiveDoctrine; forgetMessages: (messageIds: readonly string[]) => Promise<void> }) {
  return async function anonymiseContact(id: ContactId, options: PrivacyOptions = { followAliases: true }): Promise<Result<PrivacyOutcome, DomainError>> {
    const start = await liveContact(deps.store, id);
    if (!start) return err(contactNotFound(id));
    const hasher = await deps.hasher();
    const at = deps.clock.now().getTime();
    const done = await deps.store.transaction(async (tx): Promise<Result<{ contacts: number; values: string[]; messageIds: string[] }, DomainError>> => {
      const linked = await findLinkedContacts(tx, start.id, options);
      if (!linked.ok) return linked;
      const { ids, unownedPreviousIds } = linked.value;
      const identities = await tx.identitiesOf(ids);
      await tx.lockIdentities(identities);
      const records = await tx.lockContacts(ids);
      const stored = await tx.eventsOfContacts(ids);
      const renamed = renameEvents(stored, at);
      const rename = (old: EventId) => renamed.get(old) ?? eventId('an_gone');
      await tx.replaceEvents(ids, stored.map(({ event, contactId }) => ({ contactId, event: anonymiseEvent(event, event.internal ? event.id : rename(event.id)) })));
      await tx.saveContacts(records.map((record) => anonymisedUpdate(record, rename, deps.doctrine(), at)));
      const messageIds = await tx.messageIdsOfContacts(ids);
      // The suppression list keeps working on a keyed hash of their addresses, as after an erase.
      await hashSuppressedAddresses(tx, { ids, identities, hasher, erasedAt: at });
      await tx.stripIdentifiers(ids);
      await tx.insertErasedKeys(erasedKeysOf(hasher, at, { identities, previousIds: unownedPreviousIds, eventIds: [...renamed.keys()] }));
      return ok({ contacts: ids.length, values: [...identities.map((i) => i.value), ...unownedPreviousIds, ...renamed.keys()], messageIds });
    });
    if (!done.ok) return done;
    await deps.forgetMessages(done.value.messageIds);
    return ok({ contacts: done.value.contacts, purge: await deps.store.privacy.purgeErased(done.value.values) });
  };
}

/**
 * New ids for the contacts' own events (LeadPulse's internal ones keep theirs, which no sender knows). Within a
 * contact they sort as the old ones did at equal instants, so the history folds in the same order.
 */
function renameEvents(stored: readonly StoredEvent[], at: EpochMs): Map<EventId, EventId> {
  const renamed = new Map<EventId, EventId>();
  const prefixOf = new Map<string, string>();
  let index = 0;
  for (const { event, contactId } of stored) {
    if (event.internal) continue;
    let prefix = prefixOf.get(contactId);
    if (!prefix) prefixOf.set(contactId, (prefix = newId('an', at)));
    renamed.set(event.id, eventId(`${prefix}_${(index++).toString(36).padStart(7, '0')}`));
  }
  return renamed;
}

function anonymisedUpdate(record: ContactRecord, rename: (id: EventId) => EventId, doctrine: ActiveDoctrine, now: EpochMs): ContactUpdate {
  const state = anonymiseState(record.state, rename);
  return {
    id: record.id,
    userId: null,
    email: null,
    state,
    // The stored classification stands: its reasons go, as they cite traits and events.
    classification: { stage: record.stage, score: record.score, reasons: [], scoreLines: record.scoreLines, nextChangeAt: record.nextEvalAt },
    stageSince: record.stageSince,
    doctrineVersion: record.doctrineVersion,
    updatedAt: now,
    facts: contactFacts(state, record.stage, doctrine.compiled.temperatureOf),
    // What is left of the contact predicts nothing worth keeping.
    predicted: null,
  };
}
