import { STANDARD_EVENTS } from '../events/lead-event.js';
import { matchesFilter } from '../fold/event-filter.js';
import { parseDuration } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { EnrolmentStatus, ExitRule, ReentryPolicy, Scenario } from './scenario.js';
import type { ScenarioActivity } from './triggers.js';
import { unsubscribedTrait } from './unsubscribed.js';

/** An exit rule that holds, when it did, and why in words (the enrolment's end reason). */
export interface ExitDecision {
  readonly rule: ExitRule;
  readonly at: EpochMs;
  readonly reason: string;
}

/** The enrolment an exit check is about: when it started, and the event that started it (which never ends it). */
export interface EnrolmentStart {
  readonly enteredAt: EpochMs;
  readonly triggerEventId?: string | null;
}

const isUnsubscribed = (traits: Readonly<Record<string, unknown>>) => unsubscribedTrait(traits) === true;

/**
 * The first of the scenario's exit rules that this activity triggers for an active enrolment, or null. Moves and
 * events before the enrolment began do not count; the contact's current stage and `unsubscribed` trait do, so the
 * same check also refuses to start an enrolment that would end at once.
 * Example: an `Order Completed` event ends the warm follow-up with reason `goal: "Order Completed"`.
 */
export function exitRuleTriggered(scenario: Scenario, activity: ScenarioActivity, enrolment: EnrolmentStart): ExitDecision | null {
  const events = activity.events.filter((e) => e.at >= enrolment.enteredAt && (enrolment.triggerEventId == null || e.id !== enrolment.triggerEventId));
  const moves = activity.moves.filter((m) => m.at >= enrolment.enteredAt);
  const lastAt = Math.max(enrolment.enteredAt, ...activity.events.map((e) => e.at), ...activity.moves.map((m) => m.at));
  let found: ExitDecision | null = null;
  const consider = (decision: ExitDecision) => {
    if (found === null || decision.at < found.at) found = decision;
  };
  for (const rule of scenario.exit) {
    switch (rule.type) {
      case 'event': {
        const event = events.find((e) => e.name === rule.event && (rule.where === undefined || matchesFilter(e.properties, rule.where)));
        if (event) consider({ rule, at: event.at, reason: `goal: "${rule.event}"` });
        break;
      }
      case 'stage': {
        const move = moves.find((m) => m.to === rule.stage);
        if (move) consider({ rule, at: move.at, reason: `reached stage ${rule.stage}` });
        else if (activity.stage === rule.stage) consider({ rule, at: lastAt, reason: `reached stage ${rule.stage}` });
        break;
      }
      case 'trigger_stage_left': {
        if (scenario.trigger.type !== 'stage_entered') break;
        const stage = scenario.trigger.stage;
        const move = moves.find((m) => m.from === stage && m.to !== stage);
        if (move) consider({ rule, at: move.at, reason: `left stage ${stage}` });
        else if (activity.stage !== stage) consider({ rule, at: lastAt, reason: `left stage ${stage}` });
        break;
      }
      case 'unsubscribed': {
        const event = events.find((e) => e.name === STANDARD_EVENTS.unsubscribed || (e.traits !== undefined && isUnsubscribed(e.traits)));
        if (event) consider({ rule, at: event.at, reason: 'unsubscribed' });
        else if (isUnsubscribed(activity.traits)) consider({ rule, at: lastAt, reason: 'unsubscribed' });
        break;
      }
    }
  }
  return found;
}

/**
 * The end reason an activity gives an active enrolment, or null: `exitRuleTriggered` for an enrolment known by its
 * context (the event that started it never ends it) and, when given, its start.
 */
export function exitReasonFor(scenario: Scenario, context: Readonly<Record<string, unknown>>, activity: ScenarioActivity, enteredAt = Number.NEGATIVE_INFINITY): string | null {
  const triggerEventId = typeof context['eventId'] === 'string' ? context['eventId'] : null;
  return exitRuleTriggered(scenario, activity, { enteredAt, triggerEventId })?.reason ?? null;
}

/** The newest earlier enrolment of a contact in a scenario, as re-entry reads it. */
export interface PastEnrolment {
  readonly status: EnrolmentStatus;
  readonly enteredAt: EpochMs;
  readonly endedAt: EpochMs | null;
}

/**
 * Whether a contact may start this scenario again: never while an enrolment is active; then as the policy says
 * (`never`, `always`, or `after` a cool-down counted from the end of the last one).
 * Example: `mayEnrolAgain({ policy: 'after', cooldown: '30d' }, { status: 'completed', enteredAt, endedAt }, now)`.
 */
export function mayEnrolAgain(policy: ReentryPolicy, last: PastEnrolment | null, now: EpochMs): boolean {
  if (last === null) return true;
  if (last.status === 'active') return false;
  switch (policy.policy) {
    case 'never':
      return false;
    case 'always':
      return true;
    case 'after': {
      const cooldown = parseDuration(policy.cooldown);
      if (!cooldown.ok) throw new Error(`invalid cooldown "${policy.cooldown}" in a scenario that should have been validated`);
      return (last.endedAt ?? last.enteredAt) + cooldown.value <= now;
    }
  }
}
