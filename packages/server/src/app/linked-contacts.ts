import { err, ok, type ContactId, type DomainError, type Result } from '@leadpulse/core';
import type { PrivacyTx } from './privacy-ports.js';

/** Above this many contacts linked by alias calls, an erase refuses: one shared previousId (a tracking bug) can link thousands. */
export const MAX_LINKED_CONTACTS = 100;

export interface LinkedContacts {
  /** The contact asked for first, then those reached through alias calls. */
  readonly ids: readonly ContactId[];
  /** previousIds of their alias calls that no contact owns: identifiers of the person all the same. */
  readonly unownedPreviousIds: readonly string[];
}

/**
 * The contacts one person is, following alias calls in both directions until nothing new is reached. Merges need no
 * following: a merged contact's events and identities already belong to the survivor. With `followAliases: false`,
 * only the contact itself (and the previousIds nobody owns).
 */
export async function findLinkedContacts(tx: Pick<PrivacyTx, 'aliasLinks'>, start: ContactId, options: { followAliases: boolean }): Promise<Result<LinkedContacts, DomainError>> {
  const ids: ContactId[] = [start];
  const previousIds = new Set<string>();
  let frontier: ContactId[] = [start];
  while (frontier.length > 0) {
    const links = await tx.aliasLinks(frontier);
    for (const value of links.unownedPreviousIds) previousIds.add(value);
    if (!options.followAliases) break;
    frontier = links.contacts.filter((id) => !ids.includes(id));
    ids.push(...frontier);
    if (ids.length > MAX_LINKED_CONTACTS) {
      return err({
        code: 'too_many_linked_contacts',
        message: `Contact "${start}" is linked by alias calls to more than ${MAX_LINKED_CONTACTS} contacts, which looks like a tracking bug (one previousId shared by many people). Check them, then repeat with ?followAliases=false for each contact that is this person.`,
      });
    }
  }
  return ok({ ids, unownedPreviousIds: [...previousIds] });
}
