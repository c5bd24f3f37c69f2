import { contactFacts, err, ok, type ContactFacts, type ContactId, type DomainError, type EpochMs, type LeadEvent, type Result } from '@leadpulse/core';
import type { ActiveDoctrine } from './active-doctrine.js';
import { contactNotFound, type PrivacyOptions } from './erase-contact.js';
import type { ContactView } from './leadpulse-app.js';
import { findLinkedContacts } from './linked-contacts.js';
import { liveContact } from './live-contact.js';
import type { Clock, ContactRecord, MergeRecord, StageChange, Store } from './ports.js';

/** Everything held about one contact. */
export interface ExportedContact {
  readonly view: ContactView;
  /** Every event, LeadPulse's own included, oldest first. */
  readonly events: readonly LeadEvent[];
  readonly stageHistory: readonly StageChange[];
  readonly merges: readonly MergeRecord[];
  /** The row the reports read, as derived from the stored state. */
  readonly facts: ContactFacts;
  /** Contacts merged into this one: hidden, but still holding what they held. */
  readonly absorbed: readonly ContactRecord[];
}

/** A person's data (GDPR access and portability): the contact and every contact linked to it by alias calls. */
export interface ContactExport {
  readonly exportedAt: EpochMs;
  readonly contacts: readonly ExportedContact[];
}

export function createExportContact(deps: { store: Pick<Store, 'contacts' | 'transaction'>; clock: Clock; doctrine: () => ActiveDoctrine }) {
  return async function exportContact(id: ContactId, options: PrivacyOptions = { followAliases: true }): Promise<Result<ContactExport, DomainError>> {
    const start = await liveContact(deps.store, id);
    if (!start) return err(contactNotFound(id));
    const exportedAt = deps.clock.now().getTime();
    // Store reads wait for an open transaction on SQLite (one connection), so the transaction reads only through tx.
    const held = await deps.store.transaction(async (tx) => {
      const linked = await findLinkedContacts(tx, start.id, options);
      if (!linked.ok) return linked;
      const { ids } = linked.value;
      return ok({ ids, identities: await tx.identitiesOf(ids), events: await tx.eventsOfContacts(ids), absorbed: await tx.absorbedInto(ids) });
    });
    if (!held.ok) return held;
    const { ids, identities, events, absorbed } = held.value;
    const { compiled } = deps.doctrine();
    const contacts: ExportedContact[] = [];
    for (const contactId of ids) {
      const record = await deps.store.contacts.get(contactId);
      if (!record) continue;
      contacts.push({
        view: {
          record,
          identities: identities.filter((row) => row.contactId === contactId),
          stageLabels: compiled.labelsOf(record.stage) ?? { en: record.stage, fr: record.stage },
        },
        events: events.filter((stored) => stored.contactId === contactId).map((stored) => stored.event),
        stageHistory: await deps.store.contacts.stageHistoryOf(contactId),
        merges: await deps.store.contacts.mergesOf(contactId),
        facts: contactFacts(record.state, record.stage, compiled.temperatureOf),
        absorbed: absorbed.filter((other) => other.mergedInto === contactId),
      });
    }
    return ok({ exportedAt, contacts });
  };
}
