import { advanceEnrolment, applyChannelRooms, campaignGroup, channelRooms, parseDuration, type CappedChannel, type ChannelRooms, type CompiledDoctrine, type EpochMs, type LeadEvent, type Scenario, type ScopedCaps } from '@leadpulse/core';
import type { ContactRecord, StoreTx } from '../ports.js';
import type { EnrolmentRecord } from '../scenario-ports.js';
import type { ActiveScenarios } from './active-scenarios.js';
import { effectRows, type EffectRows } from './effect-rows.js';
import { DEFAULT_SERVER_TIME_ZONE, firstAttemptAt } from './send-timing.js';

/** The most events since enrolment a step reads: far more than any wait or branch needs to decide. */
const EVENTS_SINCE_ENROLMENT = 5000;

export interface StepRunContext {
  readonly now: EpochMs;
  readonly scenarios: ActiveScenarios;
  readonly messageIdHost: string;
  /** Branches on doctrine conditions (counts, windows, score) read the contact's state with the active doctrine. */
  readonly doctrine: CompiledDoctrine;
  /** LEADPULSE_TIME_ZONE: quiet hours are read in it when neither the contact nor the doctrine names a zone. */
  readonly timeZone?: string;
}

/**
 * Runs each enrolment from its current step until a wait that is not over, or its end, inside the caller's
 * transaction: the enrolment's new position and every row its steps decide (sends, tasks) commit together, so a crash
 * either keeps both or neither. Returns the identify events of `update_contact` steps to ingest after the commit.
 */
export async function runSteps(tx: StoreTx, items: readonly { enrolment: EnrolmentRecord; contact: ContactRecord }[], ctx: StepRunContext): Promise<EffectRows['traitEvents']> {
  const saved: EnrolmentRecord[] = [];
  const measured: Parameters<StoreTx['recordCampaignEnrolments']>[0][number][] = [];
  const rows: EffectRows = { sends: [], tasks: [], traitEvents: [] };
  // Messages this run already decided per contact: two scenarios due at once share one frequency cap.
  const decided = new Map<string, number>();
  const decidedByChannel = new Map<string, Record<CappedChannel, number>>();
  const sending = ctx.doctrine.doctrine.sending;
  const timing = { policy: sending, serverTimeZone: ctx.timeZone ?? DEFAULT_SERVER_TIME_ZONE };
  for (const { enrolment, contact } of items) {
    const scenario = await ctx.scenarios.version(enrolment.scenarioId, enrolment.scenarioVersion, tx);
    if (!scenario) {
      saved.push(end(enrolment, ctx.now, 'the scenario was deleted'));
      continue;
    }
    // Both the scenario's cap and the cap the doctrine sets for the contact's stage hold: the one with less room left decides.
    const stageFollowUp = ctx.doctrine.doctrine.stages.find((s) => s.key === contact.stage)?.followUp;
    const stageCap = stageFollowUp?.frequencyCap;
    // Caps per channel, every scenario together: the sending policy's and the stage's; the tighter one decides.
    const rooms = await roomsFor(tx, [{ scope: 'policy', caps: sending?.caps }, { scope: 'stage', caps: stageFollowUp?.caps }], enrolment.contactId, ctx.now, decidedByChannel.get(contact.id));
    const cap = await tightestCap(tx, [scenario.frequencyCap, stageCap], enrolment.contactId, ctx.now);
    const [events, engagement] = [await recentEvents(tx, scenario, enrolment), await engagementOf(tx, scenario, enrolment)];
    const step = applyChannelRooms(advanceEnrolment({
      scenario: { ...scenario, frequencyCap: cap?.cap },
      position: enrolment.position,
      enteredAt: enrolment.enteredAt,
      contact: { stage: contact.stage, score: contact.score, traits: contact.state.traits, state: contact.state },
      doctrine: ctx.doctrine,
      eventsSince: events,
      engagement,
      recentMessages: (cap?.sent ?? 0) + (decided.get(contact.id) ?? 0),
      now: ctx.now,
    }), rooms);
    // A message decided in quiet hours or outside the send window is queued for the window's next opening.
    const made = effectRows(step.effects, enrolment, contact, { now: ctx.now, messageIdHost: ctx.messageIdHost, firstAttemptAt: (channel) => firstAttemptAt(channel, contact, timing, ctx.now), controlPercent: scenario.controlGroup?.percent });
    rows.sends.push(...made.sends);
    measured.push({ enrolmentId: enrolment.id, scenarioId: enrolment.scenarioId, contactId: contact.id, group: campaignGroup(enrolment.scenarioId, contact.id, scenario.controlGroup?.percent), enteredAt: enrolment.enteredAt });
    const messages = made.sends.filter((s) => (s.channel === 'email' || s.channel === 'sms') && s.status === 'queued').length;
    if (messages > 0) decided.set(contact.id, (decided.get(contact.id) ?? 0) + messages);
    const byChannel = decidedByChannel.get(contact.id) ?? { email: 0, sms: 0 };
    for (const s of made.sends) if ((s.channel === 'email' || s.channel === 'sms') && s.status === 'queued') byChannel[s.channel] += 1;
    decidedByChannel.set(contact.id, byChannel);
    rows.tasks.push(...made.tasks);
    rows.traitEvents.push(...made.traitEvents);
    saved.push({
      ...enrolment,
      status: step.status,
      position: step.position,
      history: [...enrolment.history, ...step.history].slice(-200),
      endedAt: step.status === 'active' ? null : ctx.now,
      endReason: step.endReason,
      updatedAt: ctx.now,
    });
  }
  await tx.insertSends(rows.sends);
  // Each enrolment's side is kept for the campaign report's outcome (treated against control); a known one is skipped.
  await tx.recordCampaignEnrolments(measured);
  await tx.insertTasks(rows.tasks);
  await tx.saveEnrolments(saved);
  return rows.traitEvents;
}

export function end(enrolment: EnrolmentRecord, now: EpochMs, reason: string): EnrolmentRecord {
  return {
    ...enrolment,
    status: 'exited',
    position: { ...enrolment.position, stepId: null, dueAt: null },
    endedAt: now,
    endReason: reason,
    history: [...enrolment.history, { at: now, stepId: enrolment.position.stepId, what: 'exited' as const, detail: reason }].slice(-200),
    updatedAt: now,
  };
}

/** Events since the enrolment entered (core reads the slice each wait or branch needs), only when one looks at them. */
async function recentEvents(tx: StoreTx, scenario: Scenario, enrolment: EnrolmentRecord): Promise<LeadEvent[]> {
  const needs = scenario.steps.some((s) => (s.type === 'wait' && s.event) || (s.type === 'branch' && JSON.stringify(s.if).includes('"eventSince"')));
  if (!needs) return [];
  // Waits and branches read what happened since the enrolment entered; a bound keeps a runaway contact cheap.
  return tx.historySince(enrolment.contactId, enrolment.enteredAt, EVENTS_SINCE_ENROLMENT);
}

/** Opens and clicks of this enrolment's sends, by step, when a branch asks for them. */
async function engagementOf(tx: StoreTx, scenario: Scenario, enrolment: EnrolmentRecord): Promise<Record<string, { opened: boolean; clicked: boolean }>> {
  const needs = scenario.steps.some((s) => s.type === 'branch' && JSON.stringify(s.if).includes('"engaged"'));
  if (!needs) return {};
  const out: Record<string, { opened: boolean; clicked: boolean }> = {};
  for (const send of await tx.sendsOfEnrolment(enrolment.id)) {
    if (!send.stepId) continue;
    const clicked = send.status === 'clicked';
    const opened = clicked || send.status === 'opened';
    const seen = out[send.stepId] ?? { opened: false, clicked: false };
    out[send.stepId] = { opened: seen.opened || opened, clicked: seen.clicked || clicked };
  }
  return out;
}

type Cap = NonNullable<Scenario['frequencyCap']>;
/** Of several caps, the one with the fewest messages left for this contact now, with how many it already counts. */
async function tightestCap(tx: StoreTx, caps: readonly (Cap | undefined)[], contactId: EnrolmentRecord['contactId'], now: EpochMs): Promise<{ cap: Cap; sent: number } | null> {
  let best: { cap: Cap; sent: number } | null = null;
  for (const cap of caps) {
    const within = cap ? parseDuration(cap.within) : null;
    if (!cap || !within?.ok) continue;
    const sent = await tx.countMessagesSince(contactId, now - within.value);
    if (!best || cap.messages - sent < best.cap.messages - best.sent) best = { cap, sent };
  }
  return best;
}

/** The room each channel has left for this contact now: messages already sent or queued (every scenario) plus this run's. */
async function roomsFor(tx: StoreTx, scoped: readonly ScopedCaps[], contactId: EnrolmentRecord['contactId'], now: EpochMs, decided: Record<CappedChannel, number> | undefined): Promise<ChannelRooms> {
  const counts = new Map<string, number>();
  for (const { caps } of scoped) {
    for (const channel of ['email', 'sms'] as const) {
      const cap = caps?.[channel];
      const within = cap ? parseDuration(cap.within) : null;
      const key = `${channel}:${cap?.within}`;
      if (!cap || !within?.ok || counts.has(key)) continue;
      counts.set(key, await tx.countMessagesSince(contactId, now - within.value, channel));
    }
  }
  return channelRooms(scoped, (channel, cap) => (counts.get(`${channel}:${cap.within}`) ?? 0) + (decided?.[channel] ?? 0));
}
