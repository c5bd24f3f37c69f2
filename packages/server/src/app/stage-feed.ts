import type { EpochMs } from '@leadpulse/core';
import type { ActiveDoctrine } from './active-doctrine.js';
import type { StageChange, Store } from './ports.js';

type Labels = { readonly en: string; readonly fr: string };

/** One line of the live feed: who moved, from where to where, in the active doctrine's words. */
export interface FeedItem {
  readonly change: StageChange;
  readonly email: string | null;
  readonly labels: { readonly from: Labels | null; readonly to: Labels };
}

export type FeedCursor = { readonly at: EpochMs; readonly id: string };

/** Stage changes of every contact after a cursor (the newest ones without one), labelled and with the contact's email. */
export function createStageFeed(deps: { store: Pick<Store, 'contacts' | 'identities'>; doctrine: () => ActiveDoctrine }) {
  return async function stageFeed(cursor: FeedCursor | null, limit: number): Promise<FeedItem[]> {
    const changes = await deps.store.contacts.stageChangesAfter(cursor, limit);
    if (changes.length === 0) return [];
    const identities = await deps.store.identities.of([...new Set(changes.map((c) => c.contactId))]);
    const emails = new Map(identities.filter((i) => i.kind === 'email').map((i) => [i.contactId, i.value]));
    const { compiled } = deps.doctrine();
    const labelsOf = (stage: string): Labels => compiled.labelsOf(stage) ?? { en: stage, fr: stage };
    return changes.map((change) => ({ change, email: emails.get(change.contactId) ?? null, labels: { from: change.from === null ? null : labelsOf(change.from), to: labelsOf(change.to) } }));
  };
}
