import type { EventId, LeadEvent } from '@leadpulse/core';
import type { ErasureHasher } from '../app/erasure-keys.js';
import type { Identity, StoreTx } from '../app/ports.js';
import { emailOf } from './resolve-contacts.js';

/** Every identity an event names: userId, anonymousId, email trait, and an alias's previousId (either kind). */
function identitiesNamedBy(event: LeadEvent): Identity[] {
  const email = emailOf(event);
  const named: Identity[] = [];
  if (event.userId) named.push({ kind: 'user', value: event.userId });
  if (event.anonymousId) named.push({ kind: 'anonymous', value: event.anonymousId });
  if (email) named.push({ kind: 'email', value: email });
  if (event.previousId) named.push({ kind: 'user', value: event.previousId }, { kind: 'anonymous', value: event.previousId });
  return named;
}

/**
 * Step 1b: the events an erase forbids, which the batch answers as duplicates (a tracker must not retry them).
 * - An event whose messageId belonged to an erased or anonymised contact: a re-sent old event, whenever it claims to be.
 * - An event that names an erased identity and is timed at or before that identity's erase: old data arriving late.
 * The comeback rule: an event with a new messageId, timed after the erase, is the person's own new activity and
 * creates a contact as any first event does. The keys stay, so the person's pre-erase events stay out for good.
 * With no erase ever made this is one indexed statement per batch. An event timed before the latest erase first locks
 * the identities it names, as resolve-contacts does, so an erase committing meanwhile cannot let it through. (On
 * PostgreSQL, an event timed a few milliseconds before an erase that starts while its batch is being written can
 * still slip through; SQLite writes one transaction at a time.)
 */
export async function findErasedEvents(tx: StoreTx, events: readonly LeadEvent[], hasher: ErasureHasher): Promise<Set<EventId>> {
  const horizon = await tx.erasureHorizon();
  if (horizon.identitiesUntil === null && !horizon.messages) return new Set();
  const until = horizon.identitiesUntil;
  const checks = events.map((event) => ({
    event,
    message: horizon.messages ? hasher.message(event.id) : null,
    // An event timed after every erase cannot fall under an identity's key: its identities need no hashing.
    identities: until !== null && event.at <= until ? identitiesNamedBy(event) : [],
  }));
  const named = checks.flatMap((check) => check.identities);
  if (named.length > 0) await tx.lockIdentities(named);
  // A batch names the same few identities again and again: each is hashed once.
  const hashOf = new Map<string, string>();
  const hash = (identity: Identity) => {
    const key = `${identity.kind}:${identity.value}`;
    let found = hashOf.get(key);
    if (found === undefined) hashOf.set(key, (found = hasher.identity(identity)));
    return found;
  };
  const hashed = checks.map((check) => ({ ...check, hashes: check.identities.map(hash) }));
  const found = await tx.findErasedKeys(hashed.flatMap((check) => (check.message ? [check.message, ...check.hashes] : check.hashes)));
  const dropped = new Set<EventId>();
  for (const { event, message, hashes } of hashed) {
    if ((message && found.has(message)) || hashes.some((hash) => event.at <= (found.get(hash)?.erasedAt ?? Number.NEGATIVE_INFINITY))) dropped.add(event.id);
  }
  return dropped;
}
