import { STANDARD_EVENTS, isMachineEngagement, type ContactId, type EpochMs, type LeadEvent } from '@leadpulse/core';
import type { ActiveDoctrine } from '../active-doctrine.js';
import type { Clock, ContactUpdate, Logger, StageChange, Store, StoreTx } from '../ports.js';
import type { ContactActivity } from '../scenario-app.js';
import { createActiveScenarios } from './active-scenarios.js';
import { advanceDueEnrolments } from './advance-enrolments.js';
import { identityFieldsOf } from './contact-event.js';
import { createBounceReporter } from './bounce-outcome.js';
import type { TraitUpdate } from './effect-rows.js';
import { enrolContacts } from './enrol-contacts.js';
import { createOutbox, type Couriers } from './outbox.js';
import { createScenarioAdmin } from './scenario-admin.js';
import { createTasks } from './tasks.js';
import { recordSuppressions } from './record-suppressions.js';
import { createSendPermission } from './send-permission.js';
import { createUnsubscribe } from '../unsubscribe.js';
import { createSuppressionAdmin } from '../unsubscribe-suppressions.js';
import { createTemplateAdmin } from './template-admin.js';
import { createEmailEngagement } from '../email-engagement.js';
import type { EmailTokens } from '../../messaging/email-tokens.js';

export type FollowUpStore = Pick<Store, 'scenarios' | 'templates' | 'enrolments' | 'sends' | 'tasks' | 'contacts' | 'identities' | 'events' | 'transaction' | 'suppressions' | 'settings'>;

export interface FollowUpDeps {
  readonly store: FollowUpStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly doctrine: () => ActiveDoctrine;
  readonly couriers: Couriers;
  readonly publicUrl: string | null;
  /** LEADPULSE_TIME_ZONE: the zone of quiet hours and send windows when neither the contact nor the doctrine names one. */
  readonly timeZone?: string;
  /** Ingests events LeadPulse writes itself (trait updates, task completions) through the normal pipeline. */
  readonly ingestEvents: (events: readonly Record<string, unknown>[]) => Promise<void>;
  /** Seals and opens email tracking links (LEADPULSE_SECRET); without it email goes out untracked. */
  readonly tokens?: EmailTokens | null;
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
  // Without it, marketing email leaves with no List-Unsubscribe and a placeholder unsubscribe link (docs/email.md).
  if (!deps.publicUrl) deps.logger.warn({ hint: 'set LEADPULSE_PUBLIC_URL: marketing email has no working unsubscribe link without it' }, 'email.no_public_url');
  const stepContext = (now: EpochMs) => ({ now, scenarios: active, messageIdHost, doctrine: deps.doctrine().compiled, timeZone: deps.timeZone });
  const outbox = createOutbox({ store: deps.store, clock: deps.clock, logger: deps.logger, couriers: deps.couriers, composer: { doctrine: deps.doctrine, publicUrl: deps.publicUrl, tokens: deps.tokens ?? null, permission: createSendPermission({ store: deps.store }) }, reportBounce: createBounceReporter(deps), timeZone: deps.timeZone });

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
    unsubscribe: createUnsubscribe({ store: deps.store, clock: deps.clock, logger: deps.logger, tokens: deps.tokens ?? null, ingestEvents: deps.ingestEvents }),
    suppressions: createSuppressionAdmin({ store: deps.store, logger: deps.logger }),
    engagement: createEmailEngagement({ store: deps.store, clock: deps.clock, logger: deps.logger, tokens: deps.tokens ?? null, ingestEvents: deps.ingestEvents }),

    /**
     * Inside a write transaction: enrols and exits the contacts it touched, and runs steps due at once. Returns what to
     * do after the commit (trait updates to ingest); nothing at all while no scenario is active.
     */
    onWrite: (async (tx, written, now) => {
      await recordEngagement(tx, written);
      // The suppression list changes in the commit that stores the unsubscribe, bounce or complaint (issue 15).
      await recordSuppressions(tx, written);
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
        // Internal events are the product's own bookkeeping, except a segment entry: `segment_entered` triggers on it.
        events: (written.eventsByContact.get(record.id) ?? []).filter((e) => !e.internal || e.name === STANDARD_EVENTS.segmentEntered),
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
      // A machine's open or click (a proxy's prefetch, a link scanner) is evidence, not engagement: the send stays as it was.
      const status = event.name && !isMachineEngagement(event) ? ENGAGEMENT[event.name] : undefined;
      const messageId = event.properties['messageId'];
      if (status && typeof messageId === 'string') await tx.markEngagement(messageId, status, event.at);
    }
  }
}
