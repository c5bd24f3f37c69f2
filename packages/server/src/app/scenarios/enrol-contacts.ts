import { createHash } from 'node:crypto';
import { DAY, awaitedEvent, exitRuleTriggered, isTimedTrigger, matchesFilter, matchTriggers, mayEnrolAgain, nextOccurrence, type ContactId, type EpochMs, type StageDefinition } from '@leadpulse/core';
import type { ContactActivity } from '../scenario-app.js';
import type { ContactRecord, StoreTx } from '../ports.js';
import type { EnrolmentRecord, ScenarioRecord } from '../scenario-ports.js';
import type { EffectRows } from './effect-rows.js';
import { end, runSteps, type StepRunContext } from './run-steps.js';

/**
 * Moves and events dated longer ago than this are history (an import, a late batch), not a prompt to act: following
 * up a two-week-old cart today would be wrong, and an import would otherwise email everyone it touches.
 */
export const LIVE_HORIZON_MS = DAY;

/**
 * Inside the write transaction that stored a contact's events and moves: ends the enrolments an exit rule closes,
 * enrols the contact in the active scenarios its activity triggers (once per trigger: the enrolment id is derived from
 * it, so a history walked again enrols nobody twice), and runs the first steps that are due at once, so a move to hot
 * and its sales alert commit together.
 */
export async function enrolContacts(tx: StoreTx, activities: readonly ContactActivity[], ctx: StepRunContext): Promise<EffectRows['traitEvents']> {
  const active = ctx.scenarios.list();
  if (activities.length === 0) return [];
  const ids = activities.map((a) => a.contactId);
  const current = await tx.enrolmentsOfContacts(ids);
  const ended: EnrolmentRecord[] = [];
  const stillActive = new Map<string, EnrolmentRecord>();
  const woken: EnrolmentRecord[] = [];
  for (const activity of activities) {
    for (const enrolment of current.filter((e) => e.contactId === activity.contactId && e.status === 'active')) {
      // Exit rules and awaited events are those of the version the enrolment runs on.
      const scenario = await ctx.scenarios.version(enrolment.scenarioId, enrolment.scenarioVersion, tx);
      const running = active.some((s) => s.id === enrolment.scenarioId);
      const decision = scenario ? exitRuleTriggered(scenario, activity, { enteredAt: enrolment.enteredAt, triggerEventId: triggerEventOf(enrolment.context) }) : null;
      if (decision) {
        ended.push(end(enrolment, ctx.now, decision.reason));
        continue;
      }
      stillActive.set(`${enrolment.scenarioId}:${enrolment.contactId}`, enrolment);
      // An enrolment waiting for an event that just arrived goes on now, not at its timeout (not while paused).
      const awaited = scenario && running ? awaitedEvent(scenario, enrolment.position) : null;
      if (awaited && activity.events.some((e) => e.name === awaited.event && e.at >= (enrolment.position.waitingSince ?? enrolment.enteredAt) && (!awaited.where || matchesFilter(e.properties, awaited.where)))) {
        woken.push({ ...enrolment, position: { ...enrolment.position, dueAt: ctx.now } });
      }
    }
  }
  if (ended.length > 0) await tx.saveEnrolments(ended);

  // A contact whose activity would end the enrolment at once (already a client, unsubscribed) is not enrolled.
  const candidates = activities.flatMap((activity) =>
    triggered(active, activity, ctx.now, ctx.doctrine.doctrine.stages).filter((c) => !stillActive.has(`${c.scenario.id}:${activity.contactId}`) && !exitRuleTriggered(c.scenario.scenario, activity, { enteredAt: c.record.enteredAt, triggerEventId: triggerEventOf(c.record.context) })),
  );
  if (candidates.length === 0) return runNow(tx, woken, ctx);
  const latest = await tx.latestEnrolments(candidates.map((c) => ({ scenarioId: c.scenario.id, contactId: c.contactId })));
  const fresh: EnrolmentRecord[] = [];
  const taken = new Set<string>();
  for (const candidate of candidates) {
    const pair = `${candidate.scenario.id}:${candidate.contactId}`;
    const last = latest.find((e) => `${e.scenarioId}:${e.contactId}` === pair) ?? null;
    if (taken.has(pair) || last?.id === candidate.id) continue;
    if (last && !mayEnrolAgain(candidate.scenario.scenario.reentry, { endedAt: last.endedAt, enteredAt: last.enteredAt, status: last.status }, ctx.now)) continue;
    taken.add(pair);
    fresh.push(candidate.record);
  }
  // Only those actually written run: an older enrolment from the same trigger (a history walked again) is left as it is.
  const written = new Set(fresh.length > 0 ? await tx.insertEnrolments(fresh) : []);
  return runNow(tx, [...woken, ...fresh.filter((e) => written.has(e.id) && e.position.dueAt !== null && e.position.dueAt <= ctx.now)], ctx);
}

const triggerEventOf = (context: Readonly<Record<string, unknown>>): string | null => (typeof context['eventId'] === 'string' ? context['eventId'] : null);

/** Runs the steps of enrolments due now, in the caller's transaction. */
async function runNow(tx: StoreTx, due: readonly EnrolmentRecord[], ctx: StepRunContext): Promise<EffectRows['traitEvents']> {
  if (due.length === 0) return [];
  const contacts = new Map<ContactId, ContactRecord>((await tx.lockContacts([...new Set(due.map((e) => e.contactId))])).map((c) => [c.id, c]));
  return runSteps(
    tx,
    due.flatMap((enrolment) => (contacts.has(enrolment.contactId) ? [{ enrolment, contact: contacts.get(enrolment.contactId)! }] : [])),
    ctx,
  );
}

interface Candidate {
  readonly id: string;
  readonly contactId: ContactId;
  readonly scenario: ScenarioRecord;
  readonly record: EnrolmentRecord;
}

/**
 * The enrolments this activity starts. Stage and event triggers count only within the live horizon; a date or a
 * rhythm starts at its next occurrence after now, whenever its trait arrived (a subscription end still ahead is worth
 * its reminder even if it came in an import), so a late joiner never gets a burst of catch-up sends.
 */
function triggered(active: readonly ScenarioRecord[], activity: ContactActivity, now: EpochMs, stages: readonly StageDefinition[]): Candidate[] {
  const out: Candidate[] = [];
  const byKey = new Map(active.map((s) => [s.scenario.key, s]));
  // Stage and event triggers read only what happened within the live horizon: a history walked again (a merge, a late
  // event) hands over every past move, and the first match must be today's, not one from last month.
  const horizon = now - LIVE_HORIZON_MS;
  const live: ContactActivity = { ...activity, moves: activity.moves.filter((m) => m.at >= horizon), events: activity.events.filter((e) => e.at >= horizon) };
  const timed = active.filter((s) => isTimedTrigger(s.scenario.trigger)).map((s) => s.scenario);
  const untimed = active.filter((s) => !isTimedTrigger(s.scenario.trigger)).map((s) => s.scenario);
  const matches = [...matchTriggers(untimed, live), ...matchTriggers(timed, activity)];
  // The doctrine's own follow-up of a stage: entering it enrols in the scenario it names, whatever that one's trigger.
  for (const move of activity.moves) {
    const named = stages.find((s) => s.key === move.to)?.followUp?.scenario;
    const scenario = named ? byKey.get(named) : undefined;
    if (!scenario || move.at < now - LIVE_HORIZON_MS) continue;
    out.push(candidate(scenario, activity.contactId, `${move.at}:${move.to}`, { enteredAt: move.at, dueAt: now, occurrence: 0 }, { trigger: 'stage_follow_up', stage: move.to, from: move.from, to: move.to }, now));
  }
  for (const match of matches) {
    const scenario = byKey.get(match.scenarioKey);
    if (!scenario) continue;
    const trigger = scenario.scenario.trigger;
    if (isTimedTrigger(trigger)) {
      const next = nextOccurrence(trigger, activity.traits, match.at, now, scenario.scenario.timezone);
      if (!next) continue;
      const anchor = trigger.type === 'recurring' && trigger.from === 'enrolment' ? String(match.context['eventId'] ?? match.at) : `${String(match.context['trait'])}=${String(match.context['value'])}`;
      out.push(candidate(scenario, activity.contactId, anchor, { enteredAt: match.at, dueAt: next.at, occurrence: next.index }, match.context, now));
      continue;
    }
    if (match.at < now - LIVE_HORIZON_MS) continue;
    const anchor = `${match.at}:${String(match.context['eventId'] ?? match.context['to'] ?? match.context['from'] ?? '')}`;
    out.push(candidate(scenario, activity.contactId, anchor, { enteredAt: match.at, dueAt: now, occurrence: 0 }, match.context, now));
  }
  return out;
}

function candidate(scenario: ScenarioRecord, contactId: ContactId, triggerKey: string, when: { enteredAt: EpochMs; dueAt: EpochMs; occurrence: number }, context: Readonly<Record<string, unknown>>, now: EpochMs): Candidate {
  const id = `enr_${createHash('sha256').update(`${scenario.id}\0${contactId}\0${triggerKey}`).digest('hex').slice(0, 26)}`;
  const first = scenario.scenario.steps[0]?.id ?? null;
  const record: EnrolmentRecord = {
    id,
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    contactId,
    status: 'active',
    position: { stepId: first, dueAt: when.dueAt, occurrence: when.occurrence, waitingSince: null },
    enteredAt: when.enteredAt,
    endedAt: null,
    endReason: null,
    history: [{ at: now, stepId: null, what: 'entered', detail: triggerKey }],
    context,
    updatedAt: now,
  };
  return { id, contactId, scenario, record };
}
