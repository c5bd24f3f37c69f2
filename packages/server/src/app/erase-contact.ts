import { err, ok, type ContactId, type DomainError, type Result } from '@leadpulse/core';
import { erasedKeysOf, type ErasureHasher } from './erasure-keys.js';
import { findLinkedContacts } from './linked-contacts.js';
import { liveContact } from './live-contact.js';
import { hashSuppressedAddresses } from './suppression-erase.js';
import type { Clock, Store } from './ports.js';
import type { PurgeOutcome } from './privacy-ports.js';

export interface PrivacyOptions {
  /** Also the contacts linked by alias calls (the default); false for this contact alone. */
  readonly followAliases: boolean;
}

/** What an erase or an anonymisation did: how many contacts, and how far the deleted bytes are gone. */
export interface PrivacyOutcome {
  readonly contacts: number;
  readonly purge: PurgeOutcome;
}

export const contactNotFound = (id: ContactId): DomainError => ({ code: 'contact_not_found', message: `No contact matches id "${id}".` });

/**
 * GDPR erase. In one transaction: the contact and every contact linked to it by alias calls are deleted with
 * everything about them (events, identities, stage history, merges, facts, the rollup cells only they counted in),
 * and keyed hashes of their identities and messageIds are kept, so that re-sent old events are dropped (see
 * ingestion/drop-erased-events.ts for the comeback rule). Then the store purges what the deleted rows left in its files.
 */
export function createEraseContact(deps: { store: Pick<Store, 'contacts' | 'privacy' | 'transaction'>; clock: Clock; hasher: () => Promise<ErasureHasher>; forgetMessages: (messageIds: readonly string[]) => Promise<void> }) {
  return async function eraseContact(id: ContactId, options: PrivacyOptions = { followAliases: true }): Promise<Result<PrivacyOutcome, DomainError>> {
    const start = await liveContact(deps.store, id);
    if (!start) return err(contactNotFound(id));
    const hasher = await deps.hasher();
    const erasedAt = deps.clock.now().getTime();
    const erased = await deps.store.transaction(async (tx): Promise<Result<{ contacts: number; values: string[]; messageIds: string[] }, DomainError>> => {
      const linked = await findLinkedContacts(tx, start.id, options);
      if (!linked.ok) return linked;
      const { ids, unownedPreviousIds } = linked.value;
      const identities = await tx.identitiesOf(ids);
      // Ingestion takes the same locks before it checks the erased keys (drop-erased-events.ts) and keeps them to its commit.
      await tx.lockIdentities(identities);
      const eventIds = await tx.eventIdsOf(ids);
      const messageIds = await tx.messageIdsOfContacts(ids);
      await hashSuppressedAddresses(tx, { ids, identities, hasher, erasedAt });
      await tx.eraseContacts(ids);
      await tx.insertErasedKeys(erasedKeysOf(hasher, erasedAt, { identities, previousIds: unownedPreviousIds, eventIds }));
      return ok({ contacts: ids.length, values: [...identities.map((i) => i.value), ...unownedPreviousIds, ...eventIds], messageIds });
    });
    if (!erased.ok) return erased;
    await deps.forgetMessages(erased.value.messageIds);
    return ok({ contacts: erased.value.contacts, purge: await deps.store.privacy.purgeErased(erased.value.values) });
  };
}
