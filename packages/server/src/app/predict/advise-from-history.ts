import { DAY, adviseDoctrine, labelOf, snapshotsOfContact, type AdviceSnapshot, type ContactId, type ContactState, type DoctrineAdvice, type EpochMs } from '@leadpulse/core';
import type { ActiveDoctrine } from '../active-doctrine.js';
import type { Store } from '../ports.js';

export interface AdviceOptions {
  readonly horizonDays: number;
  readonly now: EpochMs;
  /** Contacts replayed: the first ones by id, a fair sample since ids are random (default 20,000). */
  readonly sampleContacts?: number;
}

const SAMPLE_CONTACTS = 20_000;
const CHUNK = 500;

/**
 * The doctrine advisor over the company's own history: each sampled contact as it stood at its last weekly picture
 * whose horizon has passed (just before it bought, for a buyer), and whether it bought within the horizon after. The
 * advisor (core's adviseDoctrine) then proposes edits that order the stages by that conversion, cross-validated.
 */
export async function adviseFromHistory(store: Pick<Store, 'contacts' | 'events'>, doctrine: ActiveDoctrine, options: AdviceOptions): Promise<DoctrineAdvice & { readonly contacts: number }> {
  const compiled = doctrine.compiled;
  const stageAt = (state: ContactState, at: EpochMs) => compiled.stageOf(state, at).stage;
  const snapshots: AdviceSnapshot[] = [];
  const limit = options.sampleContacts ?? SAMPLE_CONTACTS;
  let cursor: ContactId | null = null;
  let contacts = 0;
  while (contacts < limit) {
    const ids = await store.contacts.idsAfter(cursor, Math.min(CHUNK, limit - contacts));
    if (ids.length === 0) break;
    cursor = ids[ids.length - 1]!;
    contacts += ids.length;
    const histories = await store.events.historiesOf(ids);
    for (const id of ids) {
      const pictures = snapshotsOfContact(id, histories.get(id) ?? [], compiled.foldParams, { every: 7 * DAY, until: options.now, stageAt });
      for (let i = pictures.length - 1; i >= 0; i--) {
        const label = labelOf(pictures[i]!, options.horizonDays);
        if (label === null) continue;
        snapshots.push({ state: pictures[i]!.state, at: pictures[i]!.at, converted: label === 1 });
        break;
      }
    }
  }
  return { ...adviseDoctrine({ doctrine: compiled.doctrine, snapshots }), contacts: snapshots.length };
}
