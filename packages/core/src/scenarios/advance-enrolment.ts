import type { PropertyFilter } from '../doctrine/doctrine.js';
import { matchesFilter } from '../fold/event-filter.js';
import { parseDuration } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { CompiledDoctrine } from '../doctrine/compile-doctrine.js';
import type { StageKey } from '../doctrine/doctrine.js';
import type { ContactState } from '../fold/contact-state.js';
import { conditionEvaluator, evaluateBranch, type BranchFacts, type ConditionEvaluator, type SendEngagement } from './evaluate-branch.js';
import { nextLocalTime } from './local-time.js';
import type { EnrolmentHistoryLine, EnrolmentPosition, EnrolmentStatus, Scenario, ScenarioStep, StepEffect } from './scenario.js';
import { followingStepId } from './step-graph.js';
import { isTimedTrigger, nextOccurrence, occurrenceAt, type ActivityEvent } from './triggers.js';

/** The contact as branches see it. With `state` and the input's `doctrine`, doctrine conditions read exactly what classification reads. */
export interface AdvanceContact {
  readonly stage: StageKey;
  readonly traits: Readonly<Record<string, unknown>>;
  /** The score after decay, for `score` conditions without a doctrine. */
  readonly score?: number;
  readonly state?: ContactState;
}

/** Everything one advance of one enrolment needs; nothing is read from anywhere else. */
export interface AdvanceInput {
  readonly scenario: Scenario;
  readonly position: EnrolmentPosition;
  readonly enteredAt: EpochMs;
  readonly contact: AdvanceContact;
  /** The compiled doctrine, to evaluate doctrine conditions in branches against `contact.state`. */
  readonly doctrine?: CompiledDoctrine;
  /** Or any evaluator of doctrine conditions; without either, only `trait` and `score` conditions see the contact. */
  readonly evaluate?: ConditionEvaluator;
  /** The contact's events since the enrolment began (or at least since its current occurrence), in time order. */
  readonly eventsSince: readonly ActivityEvent[];
  /** Engagement of this enrolment's earlier sends, by step id. */
  readonly engagement: SendEngagement;
  /** Email and SMS already sent to the contact within the scenario's `frequencyCap.within` before now. */
  readonly recentMessages?: number;
  readonly now: EpochMs;
}

/** What an advance decided: effects to write with the new position, in one transaction. */
export interface AdvanceOutcome {
  readonly effects: StepEffect[];
  readonly position: EnrolmentPosition;
  readonly status: EnrolmentStatus;
  /** Lines to append to the enrolment's history. */
  readonly history: EnrolmentHistoryLine[];
  /** Why the enrolment ended (null while active). */
  readonly endReason: string | null;
}

/** More steps than this in one advance is a loop that validation should have refused: the enrolment exits. */
export const MAX_STEPS_PER_ADVANCE = 200;

const ms = (text: string): number => {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`invalid duration "${text}" in a scenario that should have been validated`);
  return parsed.value;
};
const iso = (at: EpochMs) => new Date(at).toISOString();

/**
 * When a wait that began at `since` is over: after its duration, then at the next local `at` (on one of
 * `weekdays`), strictly later than `since` so that every wait moves the clock; an event wait ends at its timeout
 * (null: none, it waits for the event alone).
 */
export function waitDueAt(step: Extract<ScenarioStep, { type: 'wait' }>, since: EpochMs, timeZone = 'UTC'): EpochMs | null {
  if (step.event !== undefined) return step.timeout === undefined ? null : since + ms(step.timeout);
  const after = since + (step.duration === undefined ? 0 : ms(step.duration));
  if (step.at === undefined) return after;
  return nextLocalTime(step.duration === undefined ? after + 1 : after, step.at, timeZone, step.weekdays);
}

/** The event an enrolment waits for at this position, so that ingestion knows to advance it when one arrives. */
export function awaitedEvent(scenario: Scenario, position: EnrolmentPosition): { event: string; where?: PropertyFilter } | null {
  const step = scenario.steps.find((s) => s.id === position.stepId);
  return step?.type === 'wait' && step.event !== undefined ? { event: step.event, where: step.where } : null;
}

/**
 * The position of a new enrolment: the first step, due at once, or for date and rhythm triggers at their next
 * occurrence (a late joiner starts at the next one; none left completes the enrolment at once).
 */
export function startEnrolment(scenario: Scenario, at: EpochMs, traits: Readonly<Record<string, unknown>>): AdvanceOutcome {
  const first = scenario.steps[0]!.id;
  const entered: EnrolmentHistoryLine = { at, stepId: null, what: 'entered' };
  if (!isTimedTrigger(scenario.trigger)) {
    return { effects: [], position: { stepId: first, dueAt: at, occurrence: 0, waitingSince: null }, status: 'active', history: [entered], endReason: null };
  }
  const next = nextOccurrence(scenario.trigger, traits, at, at - 1, scenario.timezone);
  if (next === null) {
    const endReason = 'no occurrence ahead: the date has passed or is not a date';
    return { effects: [], position: { stepId: null, dueAt: null, occurrence: 0, waitingSince: null }, status: 'completed', history: [entered, { at, stepId: null, what: 'completed', detail: endReason }], endReason };
  }
  return {
    effects: [],
    position: { stepId: first, dueAt: next.at, occurrence: next.index, waitingSince: null },
    status: 'active',
    history: [entered, { at, stepId: first, what: 'waiting', detail: `occurrence ${next.index} at ${iso(next.at)}` }],
    endReason: null,
  };
}

/**
 * Runs an enrolment's steps from its position until a wait that is not over, the end, or an exit. Pure: the
 * caller stores the position, the history lines and one outbox row (or task) per effect in one transaction.
 * Calling it again at the same instant decides nothing new. Example: a warm follow-up at its first step returns
 * `{ effects: [{ kind: 'email', stepId: 'first-email', template: 'warm-follow-up' }], status: 'active', … }`.
 */
export function advanceEnrolment(input: AdvanceInput): AdvanceOutcome {
  const { scenario, now, contact } = input;
  const evaluate = input.evaluate ?? (input.doctrine && contact.state ? conditionEvaluator(input.doctrine, contact.state) : undefined);
  const facts: BranchFacts = { stage: contact.stage, traits: contact.traits, score: contact.score, evaluate };
  const steps = scenario.steps;
  const indexOf = new Map(steps.map((step, i) => [step.id, i] as const));
  const timeZone = scenario.timezone ?? 'UTC';
  const effects: StepEffect[] = [];
  const history: EnrolmentHistoryLine[] = [];
  const line = (stepId: string | null, what: EnrolmentHistoryLine['what'], detail?: string) => history.push(detail === undefined ? { at: now, stepId, what } : { at: now, stepId, what, detail });
  const occurrence = input.position.occurrence;
  let { stepId, waitingSince } = input.position;

  const current = stepId === null ? undefined : steps[indexOf.get(stepId) ?? -1];
  const waitingOnEvent = current?.type === 'wait' && current.event !== undefined && waitingSince !== null;
  const idle = (): AdvanceOutcome => ({ effects, position: input.position, status: stepId === null ? 'completed' : 'active', history, endReason: null });
  if (stepId === null) return idle();
  if (input.position.dueAt !== null && input.position.dueAt > now && !waitingOnEvent) return idle();

  const cap = scenario.frequencyCap;
  let messages = input.recentMessages ?? 0;
  const capped = () => cap !== undefined && messages >= cap.messages;
  const occurrenceStart = () => (occurrence > 0 ? (occurrenceAt(scenario.trigger, facts.traits, input.enteredAt, occurrence, timeZone) ?? input.enteredAt) : input.enteredAt);
  const end = (status: EnrolmentStatus, endReason: string, stepIdOfLine: string | null): AdvanceOutcome => {
    line(stepIdOfLine, status === 'exited' ? 'exited' : 'completed', endReason);
    return { effects, position: { stepId: null, dueAt: null, occurrence, waitingSince: null }, status, history, endReason };
  };

  for (let count = 0; count < MAX_STEPS_PER_ADVANCE; count++) {
    if (stepId === null) {
      // The end of the steps: a rhythm starts again at its next occurrence, anything else is complete.
      if (scenario.trigger.type === 'recurring') {
        const after = Math.max(now, occurrenceAt(scenario.trigger, facts.traits, input.enteredAt, occurrence, timeZone) ?? now);
        const next = nextOccurrence(scenario.trigger, facts.traits, input.enteredAt, after, timeZone);
        if (next !== null && next.index > occurrence) {
          const first = steps[0]!.id;
          line(first, 'waiting', `occurrence ${next.index} at ${iso(next.at)}`);
          return { effects, position: { stepId: first, dueAt: next.at, occurrence: next.index, waitingSince: null }, status: 'active', history, endReason: null };
        }
        return end('completed', 'all occurrences done', null);
      }
      return end('completed', 'end of the steps', null);
    }
    const index = indexOf.get(stepId);
    if (index === undefined) return end('completed', `step "${stepId}" no longer exists in this version`, stepId);
    const step = steps[index]!;
    const following = followingStepId(steps, index);
    switch (step.type) {
      case 'wait': {
        const fresh = waitingSince === null;
        const since: EpochMs = waitingSince ?? now;
        const due = waitDueAt(step, since, timeZone);
        if (step.event !== undefined) {
          const seen = fresh ? undefined : input.eventsSince.find((e) => e.name === step.event && e.at >= since && e.at <= now && (step.where === undefined || matchesFilter(e.properties, step.where)));
          if (seen) {
            line(step.id, 'event_seen', step.event);
            stepId = following;
            waitingSince = null;
            continue;
          }
          if (due !== null && due <= now) {
            line(step.id, 'timeout', step.event);
            stepId = step.onTimeout ?? following;
            waitingSince = null;
            continue;
          }
        } else if (due !== null && due <= now) {
          stepId = following;
          waitingSince = null;
          continue;
        }
        if (fresh) line(step.id, 'waiting', due === null ? `for "${step.event}"` : `until ${iso(due)}`);
        return { effects, position: { stepId: step.id, dueAt: due, occurrence, waitingSince: since }, status: 'active', history, endReason: null };
      }
      case 'branch': {
        const holds = evaluateBranch(step.if, { facts, events: input.eventsSince, since: occurrenceStart(), engagement: input.engagement, now });
        line(step.id, holds ? 'branch_then' : 'branch_else');
        stepId = holds ? step.then : step.else;
        continue;
      }
      case 'send_email':
      case 'send_sms':
        if (capped()) line(step.id, 'capped', `${cap!.messages} messages within ${cap!.within}`);
        else {
          messages += 1;
          effects.push({ kind: step.type === 'send_email' ? 'email' : 'sms', stepId: step.id, template: step.template, ...(step.variants ? { variants: step.variants } : {}) });
          line(step.id, 'step', `${step.type === 'send_email' ? 'email' : 'sms'} ${step.template}`);
        }
        break;
      case 'sales_alert':
        effects.push({ kind: 'alert', stepId: step.id, to: step.to, ...(step.webhook === undefined ? {} : { webhook: step.webhook }), ...(step.template === undefined ? {} : { template: step.template }) });
        line(step.id, 'step', `sales alert to ${step.to === 'owner' ? 'the owner' : step.to.email}`);
        break;
      case 'task':
        effects.push({ kind: 'task', stepId: step.id, title: step.title, assignee: step.assignee, dueAt: now + ms(step.due) });
        line(step.id, 'step', `task "${step.title}"`);
        break;
      case 'webhook':
        effects.push({ kind: 'webhook', stepId: step.id, url: step.url });
        line(step.id, 'step', 'webhook');
        break;
      case 'update_contact':
        effects.push({ kind: 'update_contact', stepId: step.id, traits: step.traits });
        line(step.id, 'step', `set ${Object.keys(step.traits).join(', ')}`);
        break;
      case 'exit':
        return end('exited', `exit step "${step.id}"`, step.id);
    }
    stepId = following;
    waitingSince = null;
  }
  return end('exited', `more than ${MAX_STEPS_PER_ADVANCE} steps in one run: a loop without a wait`, stepId);
}
