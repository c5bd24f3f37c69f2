import type { LeadEvent } from '@leadpulse/core';
import type { ContactExport, ExportedContact } from '../app/export-contact.js';
import { toContactDocument, toStageChangeDocument } from './contact-document.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const toEventDocument = (event: LeadEvent) => ({ ...event, at: new Date(event.at).toISOString(), receivedAt: new Date(event.receivedAt).toISOString() });

function toExportedContactDocument(exported: ExportedContact, now: number) {
  const { view, facts } = exported;
  return {
    contact: toContactDocument(view, now),
    identities: view.identities.map(({ kind, value }) => ({ kind, value })),
    traits: view.record.state.traits,
    events: exported.events.map(toEventDocument),
    stageHistory: exported.stageHistory.map(toStageChangeDocument),
    merges: exported.merges.map((m) => ({ id: m.id, into: m.into, from: m.from, at: new Date(m.at).toISOString(), reason: m.reason, eventId: m.eventId, identities: m.identities.map(({ kind, value }) => ({ kind, value })) })),
    facts: {
      ...facts,
      firstSeenAt: iso(facts.firstSeenAt),
      lastSeenAt: iso(facts.lastSeenAt),
      reachedAt: Object.fromEntries(Object.entries(facts.reachedAt).map(([temperature, at]) => [temperature, iso(at)])),
    },
    absorbedContacts: exported.absorbed.map((record) => ({ id: record.id, userId: record.userId, email: record.email, traits: record.state.traits, createdAt: new Date(record.createdAt).toISOString() })),
  };
}

/** GET /api/v1/contacts/{id}/export (contract ContactExportSchema): the contact asked for first, then those linked to it by alias calls. */
export function toContactExportDocument(id: string, exported: ContactExport) {
  return {
    exportedAt: new Date(exported.exportedAt).toISOString(),
    contactId: id,
    contacts: exported.contacts.map((contact) => toExportedContactDocument(contact, exported.exportedAt)),
  };
}
