import { walkStages } from '../classification/walk-stages.js';
import type { CompiledDoctrine } from '../doctrine/compile-doctrine.js';
import type { StageKey } from '../doctrine/doctrine.js';
import type { LeadEvent } from '../events/lead-event.js';
import type { ContactState } from '../fold/contact-state.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { parseDuration } from '../shared/duration.js';
import type { ContactId, EpochMs } from '../shared/ids.js';
import { advanceEnrolment, awaitedEvent, startEnrolment, type AdvanceOutcome } from './advance-enrolment.js';
import { exitRuleTriggered, mayEnrolAgain, type PastEnrolment } from './exit-rules.js';
import type { EnrolmentPosition, Scenario, StepEffect } from './scenario.js';
import { messageLeavesAt } from './send-window.js';
import { matchTriggers, type ActivityMove, type ScenarioActivity, type TriggerMatch } from './triggers.js';

/** One contact of a dry run: its whole history, in (at, id) order. */
export interface SimulatedContact {
  readonly contactId: ContactId;
  readonly events: readonly LeadEvent[];
}

export interface DryRunInput {
  readonly scenario: Scenario;
  readonly doctrine: CompiledDoctrine;
  readonly contacts: readonly SimulatedContact[];
  readonly from: EpochMs;
  readonly until: EpochMs;
}

/** One line of a dry run: who would enrol, what would be sent on which day, where they would wait or leave. */
export interface DryRunLine {
  readonly at: EpochMs;
  readonly contactId: ContactId;
  readonly what: 'enrolled' | 'send_email' | 'send_sms' | 'sales_alert' | 'task' | 'webhook' | 'update_contact' | 'waiting' | 'exited' | 'completed';
  readonly stepId: string | null;
  readonly detail: string;
}

export interface DryRunResult {
  readonly from: EpochMs;
  readonly until: EpochMs;
  readonly contacts: number;
  readonly enrolled: number;
  /** Emails and SMS that would be sent (capped ones excluded). */
  readonly sends: number;
  readonly lines: readonly DryRunLine[];
}

// A contact's run visits each due instant and each activity instant once; this bounds a pathological scenario.
const MAX_INSTANTS_PER_CONTACT = 20_000;

const EFFECT_LINE: Record<StepEffect['kind'], DryRunLine['what']> = { email: 'send_email', sms: 'send_sms', alert: 'sales_alert', task: 'task', webhook: 'webhook', update_contact: 'update_contact' };

function describeEffect(effect: StepEffect): string {
  switch (effect.kind) {
    case 'email':
    case 'sms':
      return `template ${effect.template}`;
    case 'alert':
      return `to ${effect.to === 'owner' ? 'the owner' : effect.to.email}${effect.template ? `, template ${effect.template}` : ''}${effect.webhook ? ', and a webhook' : ''}`;
    case 'task':
      return `"${effect.title}" for ${effect.assignee === 'owner' ? 'the owner' : effect.assignee.email}, due ${new Date(effect.dueAt).toISOString()}`;
    case 'webhook':
      return effect.url;
    case 'update_contact':
      return `set ${Object.entries(effect.traits).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}`;
  }
}

function describeTrigger(match: TriggerMatch): string {
  const c = match.context;
  if (c['trigger'] === 'stage_entered' || c['trigger'] === 'stage_left') return `${String(c['trigger']).replace('_', ' ')} ${String(c['stage'])} (${String(c['from'] ?? 'new')} → ${String(c['to'])})`;
  if (typeof c['event'] === 'string') return `event "${c['event']}"`;
  return `trait ${String(c['trait'])} = ${JSON.stringify(c['value'])}`;
}

/**
 * A dry run of one scenario over contacts' histories on a virtual clock: stage moves come from walking each
 * history through the doctrine, then triggers, exit rules and steps run at each activity and each due instant in
 * [from, until]. Nothing is sent and nothing reads the real clock. Contacts do not open emails in a dry run.
 * Example: `simulateScenario({ scenario, doctrine, contacts, from, until }).lines` → `[{ what: 'enrolled', … }, { what: 'send_email', … }]`.
 */
export function simulateScenario(input: DryRunInput): DryRunResult {
  const lines: DryRunLine[] = [];
  let enrolled = 0;
  let sends = 0;
  for (const contact of input.contacts) {
    const result = simulateContact(input, contact);
    lines.push(...result.lines);
    enrolled += result.enrolled;
    sends += result.sends;
  }
  lines.sort((a, b) => a.at - b.at);
  return { from: input.from, until: input.until, contacts: input.contacts.length, enrolled, sends, lines };
}

interface Running {
  enteredAt: EpochMs;
  triggerEventId: string | null;
  position: EnrolmentPosition;
}

function simulateContact(input: DryRunInput, contact: SimulatedContact) {
  const { scenario, doctrine, from, until } = input;
  const events = contact.events.filter((e) => e.at <= until);
  const walk = walkStages(doctrine, { state: emptyContactState(), stage: null, stageSince: null, settledAt: null }, events, until);
  const moves = walk.moves.map((m): ActivityMove => ({ at: m.at, from: m.from, to: m.to }));
  const fallback = doctrine.doctrine.fallback.key;
  const stageAt = (t: EpochMs): StageKey => moves.reduce<StageKey>((stage, m) => (m.at <= t ? m.to : stage), fallback);
  const capWithin = scenario.frequencyCap ? parseDuration(scenario.frequencyCap.within) : null;

  // The folded state follows the virtual clock, one event at a time.
  let state: ContactState = emptyContactState();
  let folded = 0;
  const foldUntil = (t: EpochMs) => {
    const start = folded;
    while (folded < events.length && events[folded]!.at <= t) folded++;
    if (folded > start) state = foldEvents(state, events.slice(start, folded), doctrine.foldParams);
  };

  // Activity instants inside the period, each with its moves and events.
  const byInstant = new Map<EpochMs, { moves: ActivityMove[]; events: LeadEvent[] }>();
  const slot = (t: EpochMs) => byInstant.get(t) ?? byInstant.set(t, { moves: [], events: [] }).get(t)!;
  for (const m of moves) if (m.at >= from) slot(m.at).moves.push(m);
  for (const e of events) if (e.at >= from) slot(e.at).events.push(e);
  const instants = [...byInstant.keys()].sort((a, b) => a - b);
  const lines: DryRunLine[] = [];
  const sentAt: EpochMs[] = [];
  let enrolled = 0;
  let running: Running | null = null;
  let last: PastEnrolment | null = null;
  const line = (at: EpochMs, what: DryRunLine['what'], stepId: string | null, detail: string) => lines.push({ at, contactId: contact.contactId, what, stepId, detail });

  const settle = (outcome: AdvanceOutcome, at: EpochMs) => {
    for (const effect of outcome.effects) {
      const message = effect.kind === 'email' || effect.kind === 'sms';
      if (message) sentAt.push(at);
      // A message decided in quiet hours is shown when it would leave: the window's next opening on the contact's clock.
      line(message ? messageLeavesAt(at, state, doctrine.doctrine.sending, 'UTC') : at, EFFECT_LINE[effect.kind], effect.stepId, describeEffect(effect));
    }
    for (const h of outcome.history) {
      if (h.what === 'waiting') line(h.at, 'waiting', h.stepId, h.detail ?? '');
      if (h.what === 'capped') {
        const step = scenario.steps.find((s) => s.id === h.stepId);
        line(h.at, step?.type === 'send_sms' ? 'send_sms' : 'send_email', h.stepId, `skipped: frequency cap (${h.detail ?? ''})`);
      }
    }
    if (outcome.status === 'active') running!.position = outcome.position;
    else {
      line(at, outcome.status === 'exited' ? 'exited' : 'completed', null, outcome.endReason ?? '');
      last = { status: outcome.status, enteredAt: running!.enteredAt, endedAt: at };
      running = null;
    }
  };
  const advanceAt = (t: EpochMs) => {
    const current = running!;
    const recentMessages = capWithin?.ok ? sentAt.filter((s) => s > t - capWithin.value).length : 0;
    const outcome = advanceEnrolment({
      scenario,
      position: current.position,
      enteredAt: current.enteredAt,
      contact: { stage: stageAt(t), traits: state.traits, state },
      doctrine,
      eventsSince: events.slice(0, folded).filter((e) => e.at >= current.enteredAt),
      engagement: {},
      recentMessages,
      now: t,
    });
    settle(outcome, t);
  };
  const tryEnrol = (activity: ScenarioActivity, t: EpochMs) => {
    const match = matchTriggers([scenario], activity)[0];
    if (!match || !mayEnrolAgain(scenario.reentry, last, t)) return;
    const triggerEventId = typeof match.context['eventId'] === 'string' ? match.context['eventId'] : null;
    // A contact for whom an exit rule already holds (unsubscribed, the goal's stage) never starts.
    if (exitRuleTriggered(scenario, activity, { enteredAt: match.at, triggerEventId })) return;
    enrolled++;
    line(match.at, 'enrolled', null, describeTrigger(match));
    const started = startEnrolment(scenario, match.at, state.traits);
    running = { enteredAt: match.at, triggerEventId, position: started.position };
    if (started.status !== 'active' || (started.position.dueAt !== null && started.position.dueAt > t)) settle(started, t);
    else advanceAt(t);
  };

  // Date and rhythm triggers read a trait the contact may already carry when the period starts.
  foldUntil(from);
  const timed = scenario.trigger.type === 'date' ? scenario.trigger.trait : scenario.trigger.type === 'recurring' && scenario.trigger.from !== 'enrolment' ? scenario.trigger.from : null;
  if (timed !== null && state.traits[timed] !== undefined && !instants.includes(from)) {
    tryEnrol({ stage: stageAt(from), traits: state.traits, moves: [], events: [{ name: null, at: from, properties: {}, traits: { [timed]: state.traits[timed] } }] }, from);
  }

  let next = 0;
  for (let guard = 0; guard < MAX_INSTANTS_PER_CONTACT; guard++) {
    const due = (running as Running | null)?.position.dueAt ?? Number.POSITIVE_INFINITY;
    const activityAt = instants[next] ?? Number.POSITIVE_INFINITY;
    const t = Math.min(due, activityAt);
    if (t > until || t === Number.POSITIVE_INFINITY) break;
    foldUntil(t);
    if (activityAt !== t) {
      advanceAt(t);
      continue;
    }
    next++;
    // Activity before due steps at the same instant: an exit rule that holds wins over the step.
    const activity: ScenarioActivity = { stage: stageAt(t), traits: state.traits, ...byInstant.get(t)! };
    const active = running as Running | null;
    if (active) {
      const exit = exitRuleTriggered(scenario, activity, { enteredAt: active.enteredAt, triggerEventId: active.triggerEventId });
      if (exit) {
        line(exit.at, 'exited', active.position.stepId, exit.reason);
        last = { status: 'exited', enteredAt: active.enteredAt, endedAt: exit.at };
        running = null;
      } else {
        const awaited = awaitedEvent(scenario, active.position);
        if (awaited && activity.events.some((e) => e.name === awaited.event)) advanceAt(t);
      }
    }
    if (running === null) tryEnrol(activity, t);
  }
  return { lines, enrolled, sends: sentAt.length };
}
