import type { PropertyFilter, StageKey } from '../doctrine/doctrine.js';
import { STANDARD_EVENTS } from '../events/lead-event.js';
import { matchesFilter } from '../fold/event-filter.js';
import { DAY, parseDuration } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import { addDays, instantOfLocal, localDateTime, parseLocalTime } from './local-time.js';
import type { Scenario, ScenarioTrigger } from './scenario.js';

/** One event as the scenarios read it; a LeadEvent is one. */
export interface ActivityEvent {
  readonly id?: string;
  /** The track event's name (`Signed Up`); null for page views and identifies. */
  readonly name: string | null;
  readonly at: EpochMs;
  readonly properties: Readonly<Record<string, unknown>>;
  /** Traits the event sets (identify), for date and rhythm triggers. */
  readonly traits?: Readonly<Record<string, unknown>>;
}

/** A stage move, dated when it became true. */
export interface ActivityMove {
  readonly at: EpochMs;
  readonly from: StageKey | null;
  readonly to: StageKey;
}

/** What changed for one contact in one write (or one step of a dry run), in event time: moves and events in time order. */
export interface ScenarioActivity {
  readonly stage: StageKey;
  readonly traits: Readonly<Record<string, unknown>>;
  readonly moves: readonly ActivityMove[];
  readonly events: readonly ActivityEvent[];
}

/** An enrolment to start: the scenario, when its trigger fired, and what fired it (kept on the enrolment, passed to templates). */
export interface TriggerMatch {
  readonly scenarioKey: string;
  readonly at: EpochMs;
  readonly context: Readonly<Record<string, unknown>>;
}

/** The `n`-th instant a date or rhythm trigger fires. */
export interface Occurrence {
  readonly at: EpochMs;
  readonly index: number;
}

const SEGMENT_ENTERED = STANDARD_EVENTS.segmentEntered;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A trait read as a date: epoch ms, an ISO instant, or a calendar date (`2025-06-30`, read in the scenario's zone). */
function dateTraitOf(value: unknown, timeZone: string): { instant: EpochMs; calendar: { year: number; month: number; day: number } } | null {
  if (typeof value === 'string') {
    const match = DATE_ONLY.exec(value.trim());
    if (match) {
      const calendar = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
      return { instant: instantOfLocal(calendar, 0, 0, timeZone), calendar };
    }
  }
  const instant = typeof value === 'number' && Number.isFinite(value) ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(instant) ? { instant, calendar: localDateTime(instant, timeZone) } : null;
}

const msOf = (text: string): number => {
  const negative = text.trim().startsWith('-');
  const parsed = parseDuration(negative ? text.trim().slice(1) : text);
  if (!parsed.ok) throw new Error(`invalid duration "${text}" in a scenario that should have been validated`);
  return negative ? -parsed.value : parsed.value;
};

/** `base` moved by `shift`, then (with `at`) put at that local time of day: whole days move the calendar, so DST never shifts the day. */
function shifted(base: NonNullable<ReturnType<typeof dateTraitOf>>, shift: number, at: string | undefined, timeZone: string): EpochMs {
  if (at === undefined) return base.instant + shift;
  const time = parseLocalTime(at)!;
  const calendar = shift % DAY === 0 ? addDays(base.calendar, shift / DAY) : localDateTime(base.instant + shift, timeZone);
  return instantOfLocal(calendar, time.hour, time.minute, timeZone);
}

/**
 * The instant of occurrence `index` of a date trigger (only index 0) or a rhythm (index k: k + 1 periods after its
 * start), or null when the trigger is not timed, its date trait is missing or not a date, or `times` is reached.
 */
export function occurrenceAt(trigger: ScenarioTrigger, traits: Readonly<Record<string, unknown>>, enrolledAt: EpochMs, index: number, timeZone = 'UTC'): EpochMs | null {
  if (trigger.type === 'date') {
    const base = dateTraitOf(traits[trigger.trait], timeZone);
    return base && index === 0 ? shifted(base, trigger.offset ? msOf(trigger.offset) : 0, trigger.at, timeZone) : null;
  }
  if (trigger.type !== 'recurring' || index < 0 || (trigger.times !== undefined && index >= trigger.times)) return null;
  const base = trigger.from === 'enrolment' ? { instant: enrolledAt, calendar: localDateTime(enrolledAt, timeZone) } : dateTraitOf(traits[trigger.from], timeZone);
  return base ? shifted(base, (index + 1) * msOf(trigger.every), trigger.at, timeZone) : null;
}

/**
 * The first occurrence strictly after `after`, with its index: a contact who joins late starts at the next one, so
 * missed instants are skipped, never sent in a burst. Null when there is none (not timed, no date, all passed).
 * Example: a rhythm `every: "30d"` from a sign-up 100 days ago gives index 3, at day 120.
 */
export function nextOccurrence(trigger: ScenarioTrigger, traits: Readonly<Record<string, unknown>>, enrolledAt: EpochMs, after: EpochMs, timeZone = 'UTC'): Occurrence | null {
  if (trigger.type === 'date') {
    const at = occurrenceAt(trigger, traits, enrolledAt, 0, timeZone);
    return at !== null && at > after ? { at, index: 0 } : null;
  }
  if (trigger.type !== 'recurring') return null;
  const first = occurrenceAt(trigger, traits, enrolledAt, 0, timeZone);
  if (first === null) return null;
  const every = msOf(trigger.every);
  // Occurrences are `every` apart, give or take a DST hour: start two periods before the estimate.
  let index = Math.max(0, Math.floor((after - first) / every) - 2);
  for (let at = occurrenceAt(trigger, traits, enrolledAt, index, timeZone); at !== null; at = occurrenceAt(trigger, traits, enrolledAt, ++index, timeZone)) {
    if (at > after) return { at, index };
  }
  return null;
}

/** The first move, event or trait that fires a trigger in this activity. */
function firstMatch(trigger: ScenarioTrigger, activity: ScenarioActivity): { at: EpochMs; context: Record<string, unknown> } | null {
  switch (trigger.type) {
    case 'stage_entered':
    case 'stage_left': {
      const entered = trigger.type === 'stage_entered';
      const move = activity.moves.find((m) => (entered ? m.to === trigger.stage && m.from !== trigger.stage : m.from === trigger.stage && m.to !== trigger.stage));
      return move ? { at: move.at, context: { trigger: trigger.type, stage: trigger.stage, from: move.from, to: move.to } } : null;
    }
    case 'event':
      return eventMatch(activity, trigger.event, trigger.where, trigger.type);
    case 'date':
    case 'recurring': {
      if (trigger.type === 'recurring' && trigger.from === 'enrolment') return trigger.event ? eventMatch(activity, trigger.event, trigger.where, trigger.type) : null;
      const trait = trigger.type === 'date' ? trigger.trait : trigger.from;
      // The trait being set enrols; one that is not a date enrols nobody.
      const event = activity.events.find((e) => e.traits?.[trait] !== undefined && dateTraitOf(e.traits[trait], 'UTC') !== null);
      return event ? { at: event.at, context: { trigger: trigger.type, trait, value: event.traits![trait] } } : null;
    }
    case 'segment_entered': {
      // The write path appends `Segment Entered` (properties segmentId, segmentKey, segmentName) when a contact enters.
      const event = activity.events.find((e) => e.name === SEGMENT_ENTERED && e.properties['segmentKey'] === trigger.segment);
      return event ? { at: event.at, context: { trigger: trigger.type, segment: trigger.segment, eventId: event.id ?? null, properties: event.properties } } : null;
    }
  }
}

function eventMatch(activity: ScenarioActivity, name: string, where: PropertyFilter | undefined, type: string) {
  const event = activity.events.find((e) => e.name === name && (where === undefined || matchesFilter(e.properties, where)));
  return event ? { at: event.at, context: { trigger: type, event: name, eventId: event.id ?? null, properties: event.properties } } : null;
}

/**
 * The enrolments one contact's activity starts: for each scenario, the first move or event that fires its trigger
 * (whether the contact may enrol again is `mayEnrolAgain`'s call). Example: a move to `hot` starts the hot alert.
 */
export function matchTriggers(scenarios: readonly Scenario[], activity: ScenarioActivity): TriggerMatch[] {
  const matches: TriggerMatch[] = [];
  for (const scenario of scenarios) {
    const found = firstMatch(scenario.trigger, activity);
    if (found) matches.push({ scenarioKey: scenario.key, at: found.at, context: found.context });
  }
  return matches;
}

/** Date and rhythm triggers run at their occurrences; the others start at once. */
export const isTimedTrigger = (trigger: ScenarioTrigger): trigger is Extract<ScenarioTrigger, { type: 'date' | 'recurring' }> => trigger.type === 'date' || trigger.type === 'recurring';
