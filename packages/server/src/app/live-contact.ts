import type { ContactId } from '@leadpulse/core';
import type { ContactRecord, Store } from './ports.js';

/** The live contact an id names: itself, or the contact it was merged into; null when there is none. */
export async function liveContact(store: Pick<Store, 'contacts'>, id: ContactId): Promise<ContactRecord | null> {
  let record = await store.contacts.get(id);
  for (let hops = 0; record?.mergedInto && hops < 16; hops++) record = await store.contacts.get(record.mergedInto);
  return record && !record.mergedInto ? record : null;
}
