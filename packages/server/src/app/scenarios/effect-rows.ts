import { campaignGroup, mayMessage, pickVariant, type Assignee, type ContactId, type EpochMs, type StepEffect } from '@leadpulse/core';
import { newId } from '../new-id.js';
import type { ContactRecord } from '../ports.js';
import type { EnrolmentRecord, SendChannel, SendRecord, TaskRecord } from '../scenario-ports.js';

/** What a decided effect becomes: an outbox row, a task, or a trait update that comes back as an event. */
export interface EffectRows {
  readonly sends: SendRecord[];
  readonly tasks: TaskRecord[];
  /** Identify events to ingest after the commit; their messageId makes a second try a duplicate. */
  readonly traitEvents: TraitUpdate[];
}

/** An `update_contact` step's traits, ingested as an identify event after the commit that decided it. */
export interface TraitUpdate {
  readonly messageId: string;
  readonly contactId: ContactId;
  readonly traits: Record<string, unknown>;
  readonly at: EpochMs;
}

export interface EffectContext {
  readonly now: EpochMs;
  /** Host part of Message-IDs (`<id@host>`): the public URL's host, or `leadpulse.local`. */
  readonly messageIdHost: string;
  /** When a message on this channel may first leave (send-timing.ts: the next window opening in quiet hours); now if absent. */
  readonly firstAttemptAt?: (channel: SendChannel) => EpochMs;
  /** The scenario's control group share (controlGroup.percent): its contacts' messages are held out, never sent. */
  readonly controlPercent?: number;
}

/** The contact's language for templates: `fr` when its locale trait says French, else English. */
export function contactLocale(traits: Readonly<Record<string, unknown>>): 'en' | 'fr' {
  const raw = traits['locale'] ?? traits['language'] ?? traits['lang'];
  return typeof raw === 'string' && raw.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}


/**
 * Turns one step's effects into rows. Each row's idempotency key is `enrolment:step:occurrence:run` (plus a suffix
 * when a step makes two rows), so deciding the same step of the same run twice writes one row; its Message-ID is fixed
 * here, for life.
 */
export function effectRows(effects: readonly StepEffect[], enrolment: EnrolmentRecord, contact: ContactRecord, ctx: EffectContext): EffectRows {
  const rows: EffectRows = { sends: [], tasks: [], traitEvents: [] };
  // The run's due instant tells apart two visits of one step in a journey that loops back through a wait (a monthly
  // nurture), which the occurrence alone would merge into one row: every visit is a new send, each decided once.
  const run = enrolment.position.dueAt ?? enrolment.enteredAt;
  const key = (stepId: string, suffix = '') => `${enrolment.id}:${stepId}:${enrolment.position.occurrence}:${run}${suffix}`;
  const traits = contact.state.traits;
  const send = (stepId: string, channel: SendChannel, recipient: string | null, payload: Record<string, unknown>, suffix = ''): SendRecord => {
    const id = newId('snd', ctx.now);
    const message = channel === 'email' || channel === 'sms';
    // A control contact runs the steps but receives nothing: its messages are kept as held out, for the report.
    const held = message && campaignGroup(enrolment.scenarioId, contact.id, ctx.controlPercent) === 'control';
    const suppressed = held ? CONTROL_GROUP_REASON : message ? suppression(contact, channel) : channel === 'alert' && !recipient ? NO_ONE_TO_ALERT : null;
    return {
      id,
      idempotencyKey: key(stepId, suffix),
      enrolmentId: enrolment.id,
      scenarioId: enrolment.scenarioId,
      contactId: contact.id,
      stepId,
      channel,
      status: suppressed ? 'suppressed' : 'queued',
      messageId: `<${id}@${ctx.messageIdHost}>`,
      recipient,
      payload: { ...payload, locale: contactLocale(traits), trigger: enrolment.context, ...(held ? { group: 'control' } : {}) },
      subject: null,
      attempts: 0,
      nextAttemptAt: suppressed ? null : (ctx.firstAttemptAt?.(channel) ?? ctx.now),
      lastError: suppressed,
      providerAnswer: null,
      createdAt: ctx.now,
      sentAt: null,
      updatedAt: ctx.now,
    };
  };
  for (const effect of effects) {
    switch (effect.kind) {
      // No address, no row: an anonymous visitor in a nurture scenario is not a failed send, just nobody to write to.
      case 'email':
        if (contact.email) rows.sends.push(send(effect.stepId, 'email', contact.email, messagePayload(effect, enrolment)));
        break;
      case 'sms': {
        const phone = phoneOf(traits);
        if (phone) rows.sends.push(send(effect.stepId, 'sms', phone, messagePayload(effect, enrolment)));
        break;
      }
      case 'alert': {
        const to = assigneeEmail(effect.to, traits);
        const details = { stage: contact.stage, score: contact.score, reasons: contact.reasons.flatMap((r) => r.conditions.map((c) => c.text)) };
        rows.sends.push(send(effect.stepId, 'alert', to, { ...details, template: effect.template ?? null }));
        if (effect.webhook) rows.sends.push(send(effect.stepId, 'webhook', effect.webhook, { type: 'contact.hot', ...details }, ':webhook'));
        break;
      }
      case 'webhook':
        rows.sends.push(send(effect.stepId, 'webhook', effect.url, { type: 'scenario.step', scenarioId: enrolment.scenarioId, stepId: effect.stepId }));
        break;
      case 'task':
        rows.tasks.push({
          id: newId('tsk', ctx.now),
          idempotencyKey: key(effect.stepId),
          contactId: contact.id,
          enrolmentId: enrolment.id,
          scenarioId: enrolment.scenarioId,
          title: effect.title,
          assignee: assigneeEmail(effect.assignee, traits) ?? UNASSIGNED,
          status: 'open',
          dueAt: effect.dueAt,
          createdAt: ctx.now,
          doneAt: null,
          snoozedUntil: null,
        });
        break;
      case 'update_contact':
        rows.traitEvents.push({ messageId: `upd_${key(effect.stepId)}`, contactId: contact.id, traits: { ...effect.traits }, at: ctx.now });
        break;
    }
  }
  return rows;
}

/** The template of a message, or of the A/B variant this enrolment gets at this step (with its subject, if it has one). */
function messagePayload(effect: Extract<StepEffect, { kind: 'email' | 'sms' }>, enrolment: EnrolmentRecord): Record<string, unknown> {
  const variant = effect.variants ? pickVariant(effect.variants, enrolment.id, effect.stepId) : null;
  if (!variant) return { template: effect.template };
  return { template: variant.template, variant: variant.id, ...(variant.subject ? { subject: variant.subject } : {}) };
}

/** Why a control contact's message was not sent (a suppressed send, held out of the scenario to measure it). */
export const CONTROL_GROUP_REASON = 'control group: held out to measure the scenario';
/** A task for a contact without an owner waits in the team's list until someone takes it. */
export const UNASSIGNED = 'unassigned';
/** Why a message was not sent, or will not leave: the contact unsubscribed (suppressed, never a dead letter). */
export const UNSUBSCRIBED_REASON = 'the contact unsubscribed';
const NO_ONE_TO_ALERT = 'no one to alert: the contact has no owner (trait owner) and the step names no address';

/**
 * Why a marketing message must not go, as the step decides it: the contact refused the channel's purpose (consent, in
 * core). Consent and the suppression list are checked again as the message leaves (send-permission.ts).
 */
function suppression(contact: ContactRecord, channel: SendChannel): string | null {
  return mayMessage(contact.state, channel === 'sms' ? 'sms_marketing' : 'email_marketing') ? null : UNSUBSCRIBED_REASON;
}

function phoneOf(traits: Readonly<Record<string, unknown>>): string | null {
  const raw = traits['phone'] ?? traits['mobile'];
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
}

/** The owner's address (trait `owner`, an email), or a fixed one. */
function assigneeEmail(to: Assignee, traits: Readonly<Record<string, unknown>>): string | null {
  if (to === 'owner') {
    const owner = traits['owner'] ?? traits['ownerEmail'];
    return typeof owner === 'string' && owner.includes('@') ? owner.toLowerCase() : null;
  }
  return to.email.trim().toLowerCase();
}
