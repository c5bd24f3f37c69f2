import { err, ok, type Classification, type ContactId, type DomainError, type EpochMs, type Result } from '@leadpulse/core';
import type { ActiveDoctrine } from './active-doctrine.js';
import type { ContactView, TimelineEntry } from './leadpulse-app.js';
import { liveContact } from './live-contact.js';
import type { Clock, ContactQuery, ContactRecord, Identity, StageChange, Store } from './ports.js';

const notFound = (what: string): DomainError => ({ code: 'contact_not_found', message: `No contact matches ${what}.` });

/** Contacts as the API shows them: with their identities and their stage's labels. */
export async function contactViews(deps: { store: Pick<Store, 'identities'>; doctrine: () => ActiveDoctrine }, records: readonly ContactRecord[]): Promise<ContactView[]> {
  const identities = await deps.store.identities.of(records.map((r) => r.id));
  const { compiled } = deps.doctrine();
  return records.map((record) => ({
    record,
    identities: identities.filter((row) => row.contactId === record.id),
    stageLabels: compiled.labelsOf(record.stage) ?? { en: record.stage, fr: record.stage },
  }));
}

/** Read-side use cases for contacts. A merged contact id answers with the contact it was merged into. */
export function createContactQueries(deps: { store: Pick<Store, 'contacts' | 'events' | 'identities' | 'sends'>; clock: Clock; doctrine: () => ActiveDoctrine }) {
  const live = (id: ContactId) => liveContact(deps.store, id);

  const views = (records: readonly ContactRecord[]) => contactViews(deps, records);

  async function getContact(id: ContactId): Promise<Result<ContactView, DomainError>> {
    const record = await live(id);
    return record ? ok((await views([record]))[0]!) : err(notFound(`id "${id}"`));
  }

  async function lookupContact(by: { userId?: string; anonymousId?: string; email?: string }): Promise<Result<ContactView, DomainError>> {
    const identity: Identity | null = by.userId
      ? { kind: 'user', value: by.userId }
      : by.anonymousId
        ? { kind: 'anonymous', value: by.anonymousId }
        : by.email
          ? { kind: 'email', value: by.email.trim().toLowerCase() }
          : null;
    if (!identity) return err({ code: 'invalid_query', message: 'Give exactly one of userId, anonymousId or email.' });
    const record = await deps.store.contacts.findByIdentity(identity);
    return record ? getContact(record.id) : err(notFound(`${identity.kind} "${identity.value}"`));
  }

  async function listContacts(query: ContactQuery) {
    const page = await deps.store.contacts.list(query);
    return { page, views: await views(page.contacts) };
  }

  async function contactTimeline(id: ContactId, options: { limit: number; before?: EpochMs }): Promise<Result<readonly TimelineEntry[], DomainError>> {
    const record = await live(id);
    if (!record) return err(notFound(`id "${id}"`));
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    const [events, changes, merges, sent] = await Promise.all([
      deps.store.events.of(record.id, { limit: options.limit, before: options.before }),
      deps.store.contacts.stageHistoryOf(record.id),
      deps.store.contacts.mergesOf(record.id),
      deps.store.sends.list({ contactId: record.id, limit: options.limit }),
    ]);
    const entries: TimelineEntry[] = [
      ...events.filter((e) => !e.internal).map((event) => ({ kind: 'event' as const, at: event.at, event })),
      ...changes.filter((c) => c.at < before).map((change) => ({ kind: 'stage_change' as const, at: change.at, change })),
      ...merges.filter((m) => m.at < before).map((merge) => ({ kind: 'merge' as const, at: merge.at, merge })),
      // Messages that left (or were decided and are waiting), at the instant they left.
      ...sent.sends.map((send) => ({ kind: 'send' as const, at: send.sentAt ?? send.createdAt, send })).filter((entry) => entry.at < before),
    ];
    entries.sort((a, b) => b.at - a.at);
    return ok(entries.slice(0, options.limit));
  }

  async function contactHistory(id: ContactId): Promise<Result<readonly StageChange[], DomainError>> {
    const record = await live(id);
    return record ? ok(await deps.store.contacts.stageHistoryOf(record.id)) : err(notFound(`id "${id}"`));
  }

  async function explainContact(id: ContactId): Promise<Result<Classification, DomainError>> {
    const record = await live(id);
    return record ? ok(deps.doctrine().compiled.classify(record.state, deps.clock.now().getTime())) : err(notFound(`id "${id}"`));
  }

  return { getContact, lookupContact, listContacts, contactTimeline, contactHistory, explainContact };
}
