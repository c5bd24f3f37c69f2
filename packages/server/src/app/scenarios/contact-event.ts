import type { ContactId } from '@leadpulse/core';
import type { Store } from '../ports.js';

/**
 * The identity fields that make an event LeadPulse writes about a contact (a task completed, a trait a scenario set)
 * land on that contact: its userId, else one of its anonymous ids. Null when the contact is gone.
 */
export async function identityFieldsOf(store: Pick<Store, 'contacts' | 'identities'>, contactId: ContactId): Promise<{ userId: string } | { anonymousId: string } | null> {
  const contact = await store.contacts.get(contactId);
  if (!contact) return null;
  if (contact.userId) return { userId: contact.userId };
  const anonymous = (await store.identities.of([contactId])).find((i) => i.kind === 'anonymous');
  return anonymous ? { anonymousId: anonymous.value } : null;
}
