import { STANDARD_EVENTS, type ContactId, type EpochMs, type LeadEvent } from '@leadpulse/core';
import type { ActiveDoctrine } from '../active-doctrine.js';
import type { Clock, ContactUpdate, Logger, StageChange, Store, StoreTx } from '../ports.js';
import type { ContactActivity } from '../scenario-app.js';
import { createActiveScenarios } from './active-scenarios.js';
import { advanceDueEnrolments } from './advance-enrolments.js';
import { identityFieldsOf } from './contact-event.js';
import type { TraitUpdate } from './effect-rows.js';
import { enrolContacts } from './enrol-contacts.js';
import { createOutbox, type Couriers } from './outbox.js';
import { createScenarioAdmin } from './scenario-admin.js';
import { createTasks } from './tasks.js';
import { createTemplateAdmin } from './template-admin.js';

export type FollowUpStore = Pick<Store, 'scenarios' | 'templates' | 'enrolments' | 'sends' | 'tasks' | 'contacts' | 'identities' | 'events' | 'transaction'>;

export interface FollowUpDeps {
  readonly store: FollowUpStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly doctrine: () => ActiveDoctrine;
  readonly couriers: Couriers;
  readonly publicUrl: string | null;
  /** Ingests events LeadPulse writes itself (trait updates, task completions) through the normal pipeline. */
  readonly ingestEvents: (events: readonly Record<string, unknown>[]) => Promise<void>;
}

/** What a write transaction hands to the scenarios: the moves it stored and the events it appended, by contact. */
export interface WrittenActivity {
  readonly changes: readonly StageChange[];
  readonly eventsByContact: ReadonlyMap<ContactId, readonly LeadEvent[]>;
  /** The contacts the write classified, as it saved them. */
  readonly contacts: readonly ContactUpdate[];
}

/** The scenarios' share of a write transaction; returns what to do once it has committed. */
export type WriteFollowUp = (tx: StoreTx, written: WrittenActivity, now: EpochMs) => Promise<() => void>;

/**
 * The acting half of LeadPulse bound together: scenarios and templates as documents, enrolment inside the write
 * transaction that stores a trigger, the scheduler's advance of due steps, the outbox and the sales tasks.
 */
export function createFollowUps(deps: FollowUpDeps) {
  const active = createActiveScenarios(deps.store);
  const messageIdHost = deps.publicUrl ? new URL(deps.publicUrl).hostname : 'leadpulse.local';
  const stepContext = (now: EpochMs) => ({ now, scenarios: active, messageIdHost, doctrine: deps.doctrine().compiled });
  const outbox = createOutbox({ store: deps.store, clock: deps.clock, logger: deps.logger, couriers: deps.couriers, composer: { doctrine: deps.doctrine, publicUrl: deps.publicUrl } });

  /** Trait updates decided by committed steps; their messageIds make a repeat a duplicate. Failures are retried by nobody: logged. */
  const ingestTraitUpdates = async (updates: readonly TraitUpdate[]) => {
    if (updates.length === 0) return;
    const events: Record<string, unknown>[] = [];
    for (const update of updates) {
      const identity = await identityFieldsOf(deps.store, update.contactId);
      if (identity) events.push({ type: 'identify', messageId: update.messageId, ...identity, traits: update.traits, timestamp: new Date(update.at).toISOString() });
    }
    await deps.ingestEvents(events).catch((error: unknown) => deps.logger.error({ err: error, updates: updates.length }, 'scenarios.trait_update_failed'));
  };

  return {
    active,
    scenarios: createScenarioAdmin({ store: deps.store, clock: deps.clock, doctrine: deps.doctrine, active }),
    templates: createTemplateAdmin({ store: deps.store, clock: deps.clock, doctrine: deps.doctrine, publicUrl: deps.publicUrl }),
    outbox,
    tasks: createTasks({ store: deps.store, clock: deps.clock, ingestEvent: (event) => deps.ingestEvents([event]) }),

    /**
     * Inside a write transaction: enrols and exits the contacts it touched, and runs steps due at once. Returns what to
     * do after the commit (trait updates to ingest); nothing at all while no scenario is active.
     */
    onWrite: (async (tx, written, now) => {
      await recordEngagement(tx, written);
      // Nothing to enrol, end or wake while every scenario is a draft: ingestion pays nothing then.
      if (!active.anyRunning()) return () => {};
      // The write saved these contacts (under lock) a moment ago: their stage and traits are read from it, not again.
      const moves = new Map<ContactId, { at: EpochMs; from: string | null; to: string }[]>();
      for (const c of written.changes) moves.set(c.contactId, [...(moves.get(c.contactId) ?? []), { at: c.at, from: c.from, to: c.to }]);
      const activities: ContactActivity[] = written.contacts.map((record) => ({
        contactId: record.id,
        stage: record.classification.stage,
        traits: record.state.traits,
        moves: moves.get(record.id) ?? [],
        events: (written.eventsByContact.get(record.id) ?? []).filter((e) => !e.internal),
      }));
      const updates = await enrolContacts(tx, activities, stepContext(now));
      return () => void ingestTraitUpdates(updates);
    }) satisfies WriteFollowUp as WriteFollowUp,

    /** The scheduler's tick: due steps first (they may queue sends), then due sends. */
    async runFollowUps(options: { limit?: number } = {}) {
      await active.refresh();
      const limit = options.limit ?? 500;
      let advanced = 0;
      for (let round = 0; round < 20; round++) {
        const { ran, traitEvents } = await advanceDueEnrolments(deps.store, stepContext(deps.clock.now().getTime()), limit);
        advanced += ran;
        await ingestTraitUpdates(traitEvents);
        if (ran < limit) break;
      }
      // Each drain claims a bounded batch; a tick drains until nothing is due, within a bound of its own.
      let delivered = 0;
      for (let round = 0; round < 100; round++) {
        const n = await outbox.drain({ limit: 100 });
        delivered += n;
        if (n === 0) break;
      }
      return { advanced, delivered };
    },

    /** After an erase or anonymisation has committed: the local copies of what was sent to those contacts go too. */
    forgetMessages: async (messageIds: readonly string[]) => {
      if (messageIds.length > 0) await deps.couriers.forget?.(messageIds);
    },

    async contactFollowUps(id: ContactId, options: { limit?: number } = {}) {
      const limit = options.limit ?? 20;
      const [enrolments, sends] = await Promise.all([deps.store.enrolments.ofContact(id), deps.store.sends.list({ contactId: id, limit })]);
      return { enrolments: enrolments.slice(0, limit), sends: sends.sends };
    },
  };
}

export type FollowUps = ReturnType<typeof createFollowUps>;

const ENGAGEMENT: Readonly<Record<string, 'opened' | 'clicked'>> = { [STANDARD_EVENTS.emailOpened]: 'opened', [STANDARD_EVENTS.emailLinkClicked]: 'clicked' };

/** Opens and clicks come back as events naming the send's Message-ID; the send's status follows, in the same commit. */
async function recordEngagement(tx: StoreTx, written: WrittenActivity): Promise<void> {
  for (const events of written.eventsByContact.values()) {
    for (const event of events) {
      const status = event.name ? ENGAGEMENT[event.name] : undefined;
      const messageId = event.properties['messageId'];
      if (status && typeof messageId === 'string') await tx.markEngagement(messageId, status, event.at);
    }
  }
}
