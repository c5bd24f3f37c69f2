import { DAY, compareEvents, contactId, err, normalizeEvent, ok, simulateScenario, type ContactId, type DomainError, type Issue, type LeadEvent, type Result, type Scenario } from '@leadpulse/core';
import type { ActiveDoctrine } from '../active-doctrine.js';
import type { Clock, Store } from '../ports.js';
import type { SimulationInput, SimulationResult } from '../scenario-app.js';

/** Contacts a dry run reads from the store when none are named: enough to see a pattern, bounded in cost. */
export const DEFAULT_SIMULATED_CONTACTS = 500;
export const MAX_SIMULATED_CONTACTS = 5000;

/**
 * A dry run of a scenario on a virtual clock (core's simulateScenario) over stored contacts' histories, or over a
 * given list of Segment events (grouped into contacts by userId, else anonymousId). Nothing is written or sent. The
 * period starts by default 30 days before now (recent moves and events are replayed) and lasts 90 days.
 */
export async function simulateStored(
  deps: { store: Pick<Store, 'contacts' | 'events'>; clock: Clock; doctrine: () => ActiveDoctrine },
  scenario: Scenario,
  input: SimulationInput,
): Promise<Result<SimulationResult, DomainError>> {
  const now = deps.clock.now().getTime();
  const from = input.from ?? now - 30 * DAY;
  const until = input.until ?? from + 90 * DAY;
  if (!(from < until)) return err({ code: 'invalid_query', message: 'The dry run needs `from` before `until`.' });
  const contacts = input.events ? fromEvents(input.events, now) : await fromStore(deps.store, input);
  if (!contacts.ok) return contacts;
  return ok(simulateScenario({ scenario, doctrine: deps.doctrine().compiled, contacts: contacts.value, from, until }));
}

async function fromStore(store: Pick<Store, 'contacts' | 'events'>, input: SimulationInput): Promise<Result<{ contactId: ContactId; events: LeadEvent[] }[], DomainError>> {
  const limit = Math.min(input.limit ?? DEFAULT_SIMULATED_CONTACTS, MAX_SIMULATED_CONTACTS);
  const ids = input.contactIds?.slice(0, MAX_SIMULATED_CONTACTS) ?? (await store.contacts.list({ limit })).contacts.map((c) => c.id);
  const histories = await store.events.historiesOf(ids);
  return ok(ids.map((contactId) => ({ contactId, events: histories.get(contactId) ?? [] })));
}

function fromEvents(raw: readonly unknown[], now: number): Result<{ contactId: ContactId; events: LeadEvent[] }[], DomainError> {
  const issues: Issue[] = [];
  const byContact = new Map<string, LeadEvent[]>();
  raw.forEach((item, index) => {
    const event = normalizeEvent(item, { receivedAt: now, fallbackId: `sim-${index}`, isBot: () => false });
    if (!event.ok) return void issues.push(...event.error.map((i) => ({ ...i, path: ['events', index, ...i.path] })));
    const who = event.value.userId ?? event.value.anonymousId ?? `event-${index}`;
    const list = byContact.get(who) ?? [];
    list.push(event.value);
    byContact.set(who, list);
  });
  if (issues.length > 0) return err({ code: 'invalid_body', message: `${issues.length} event(s) of the dry run are invalid; each issue names its path.`, issues });
  return ok([...byContact].map(([who, events]) => ({ contactId: contactId(who), events: events.sort(compareEvents) })));
}
