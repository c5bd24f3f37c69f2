import type { Condition, PropertyFilter, StageKey } from '../doctrine/doctrine.js';
import type { DurationText } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { SendVariant } from '../campaigns/assign-group.js';

/** A local time of day, `HH:MM` (24 h), in the scenario's time zone. */
export type LocalTime = string;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** What enrols a contact (DESIGN 3.5). `segment_entered` is accepted by the schema and added by the segments issue. */
export type ScenarioTrigger =
  | { readonly type: 'stage_entered'; readonly stage: StageKey }
  | { readonly type: 'stage_left'; readonly stage: StageKey }
  | { readonly type: 'event'; readonly event: string; readonly where?: PropertyFilter }
  /** An instant read from a date trait, moved by `offset` (`-7d`), at a local time: the reminder before a subscription ends. */
  | { readonly type: 'date'; readonly trait: string; readonly offset?: string; readonly at?: LocalTime }
  /**
   * Every `every` from a date trait or from enrolment (`from: "enrolment"`), at a local time; `times` caps occurrences.
   * With `from: "enrolment"`, `event` (and `where`) names what enrols: `Signed Up` starts a monthly email.
   */
  | { readonly type: 'recurring'; readonly every: DurationText; readonly from: string; readonly at?: LocalTime; readonly times?: number; readonly event?: string; readonly where?: PropertyFilter }
  | { readonly type: 'segment_entered'; readonly segment: string };

/** What a branch may test: the doctrine's condition language, plus the enrolment's own facts. */
export type BranchCondition =
  | Condition
  | { readonly stage: StageKey | readonly StageKey[] }
  /** A track event with this name happened since the enrolment started (or since its current occurrence). */
  | { readonly eventSince: string; readonly where?: PropertyFilter }
  /** A previous send of this enrolment (by step id, or any) was opened or clicked. */
  | { readonly sent: string | '*'; readonly engaged: 'opened' | 'clicked' }
  | { readonly all: readonly BranchCondition[] }
  | { readonly any: readonly BranchCondition[] }
  | { readonly not: BranchCondition };

/** Who receives a sales alert or a task: the contact's owner (trait `owner`, an email), or a fixed address. */
export type Assignee = 'owner' | { readonly email: string };

interface StepBase {
  readonly id: string;
  /** The step that follows; the next one in the list when absent, the end of the scenario after the last. */
  readonly next?: string;
}
export type ScenarioStep =
  | (StepBase & {
      readonly type: 'wait';
      /** A fixed delay, then (if set) the next `at` local time on one of `weekdays`. */
      readonly duration?: DurationText;
      readonly at?: LocalTime;
      readonly weekdays?: readonly Weekday[];
      /** Wait until this event happens, at most `timeout`; then go to `next` (event) or `onTimeout`. */
      readonly event?: string;
      readonly where?: PropertyFilter;
      readonly timeout?: DurationText;
      readonly onTimeout?: string;
    })
  | (StepBase & { readonly type: 'branch'; readonly if: BranchCondition; readonly then: string; readonly else: string })
  | (StepBase & { readonly type: 'send_email'; readonly template: string; readonly variants?: readonly SendVariant[] })
  | (StepBase & { readonly type: 'send_sms'; readonly template: string; readonly variants?: readonly SendVariant[] })
  | (StepBase & { readonly type: 'sales_alert'; readonly to: Assignee; readonly webhook?: string; readonly template?: string })
  | (StepBase & { readonly type: 'task'; readonly title: string; readonly assignee: Assignee; readonly due: DurationText })
  | (StepBase & { readonly type: 'webhook'; readonly url: string })
  | (StepBase & { readonly type: 'update_contact'; readonly traits: Readonly<Record<string, unknown>> })
  | (StepBase & { readonly type: 'exit' });
export type StepType = ScenarioStep['type'];

/** Ends an enrolment early: a goal event, a stage reached, the trigger's stage left, or the contact unsubscribed. */
export type ExitRule =
  | { readonly type: 'event'; readonly event: string; readonly where?: PropertyFilter }
  | { readonly type: 'stage'; readonly stage: StageKey }
  | { readonly type: 'trigger_stage_left' }
  | { readonly type: 'unsubscribed' };

export type ReentryPolicy = { readonly policy: 'never' } | { readonly policy: 'after'; readonly cooldown: DurationText } | { readonly policy: 'always' };

/** A follow-up journey (DESIGN 4: scenario). Stored as a versioned document like the doctrine. */
export interface Scenario {
  /** Stable slug, unique in a store: `cold-nurture`. */
  readonly key: string;
  readonly name: string;
  readonly description?: string;
  readonly trigger: ScenarioTrigger;
  readonly steps: readonly ScenarioStep[];
  readonly exit: readonly ExitRule[];
  readonly reentry: ReentryPolicy;
  /** IANA time zone for local times (`Europe/Paris`); UTC when absent. */
  readonly timezone?: string;
  /** At most this many messages (email and SMS) to one contact from this scenario within `frequencyCap.within`. */
  readonly frequencyCap?: { readonly messages: number; readonly within: DurationText };
  /** Holds out this share of contacts (by a hash of scenario and contact): they enrol, run the steps, receive nothing. */
  readonly controlGroup?: { readonly percent: number };
}

export type ScenarioStatus = 'draft' | 'active' | 'paused';

/** Where one contact stands in one scenario. */
export type EnrolmentStatus = 'active' | 'completed' | 'exited';
export interface EnrolmentPosition {
  /** The step to run when `dueAt` comes; null once finished. */
  readonly stepId: string | null;
  readonly dueAt: EpochMs | null;
  /** For recurring and date triggers: which occurrence this run is (0, 1, 2…), part of every send's idempotency key. */
  readonly occurrence: number;
  /** The instant the current wait began, for `wait.event` and `eventSince`. */
  readonly waitingSince: EpochMs | null;
}

/** An effect a step decides; it becomes one outbox row (or a task, or a trait update) in the same transaction. */
export type StepEffect =
  | { readonly kind: 'email'; readonly stepId: string; readonly template: string; readonly variants?: readonly SendVariant[] }
  | { readonly kind: 'sms'; readonly stepId: string; readonly template: string; readonly variants?: readonly SendVariant[] }
  | { readonly kind: 'alert'; readonly stepId: string; readonly to: Assignee; readonly webhook?: string; readonly template?: string }
  | { readonly kind: 'webhook'; readonly stepId: string; readonly url: string }
  | { readonly kind: 'task'; readonly stepId: string; readonly title: string; readonly assignee: Assignee; readonly dueAt: EpochMs }
  | { readonly kind: 'update_contact'; readonly stepId: string; readonly traits: Readonly<Record<string, unknown>> };

/** One line of an enrolment's history: a step run, a wait begun, an exit. */
export interface EnrolmentHistoryLine {
  readonly at: EpochMs;
  readonly stepId: string | null;
  readonly what: 'entered' | 'step' | 'waiting' | 'branch_then' | 'branch_else' | 'event_seen' | 'timeout' | 'exited' | 'completed' | 'capped';
  readonly detail?: string;
}
