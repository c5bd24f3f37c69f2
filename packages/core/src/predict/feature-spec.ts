import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import type { Condition, Doctrine, SignalName } from '../doctrine/doctrine.js';
import { SIGNALS } from '../doctrine/doctrine.js';
import { SIGNAL_TALLIES } from '../doctrine/signal-tallies.js';
import { eventTallyKey, TALLY, type FoldParams } from '../fold/contact-state.js';
import { filteredTallyKey, type PropertyFilter } from '../fold/event-filter.js';
import { STANDARD_EVENTS } from '../events/lead-event.js';
import type { FeatureInfo } from './dataset.js';
import {
  eventNoun,
  FIXED_LABELS,
  filteredEventNoun,
  OTHER_EVENTS_NOUN,
  SIGNAL_NOUNS_FR,
  stageLabels,
  touchLabels,
  traitLevelLabels,
  traitNumberLabels,
  windowLabels,
  type FeatureLabels,
} from './feature-spec-labels.js';

/** The windows every count is read over, besides its lifetime total. */
export const FEATURE_WINDOWS_DAYS = [7, 30, 90] as const;
/** Track event names with their own columns, besides the doctrine's; rarer ones are summed as "other events". */
export const MAX_EVENT_FEATURES = 16;
/** Levels of a category (trait, source, medium) with their own column; the rest share an "other" column. */
export const MAX_LEVELS = 12;

/** One tally read as counts (or sums) over each window and over the contact's lifetime. */
export interface CountedTally {
  /** The fold's tally key (`offer`, `e:Form Submitted`, a doctrine's filtered key). */
  readonly tally: string;
  readonly measure: 'count' | 'sum';
  /** Start of the column keys: `count:offer`, `sum:engaged`, `event:Form Submitted`. */
  readonly stem: string;
  readonly noun: FeatureLabels;
}

export type TraitFeature =
  | { readonly key: string; readonly kind: 'number' }
  | { readonly key: string; readonly kind: 'category'; readonly levels: readonly string[] };

/**
 * Which feature columns exist, derived once per training from the doctrine and what the data holds. Plain JSON, stored
 * with the model, so that scoring online computes exactly the columns the model was trained on (predict/features.ts).
 */
export interface FeatureSpec {
  readonly v: 1;
  readonly windowsDays: readonly number[];
  readonly tallies: readonly CountedTally[];
  /** Whether rarer track events, summed, get columns of their own. */
  readonly otherEvents: boolean;
  /** Event tallies never summed into "other events": those above, and those that reveal a purchase. */
  readonly excludedTallies: readonly string[];
  /** An open cart past this delay counts as abandoned at the instant described, as the doctrine counts it. */
  readonly cartAbandonAfterMs: number;
  readonly sources: readonly string[];
  readonly mediums: readonly string[];
  readonly traits: readonly TraitFeature[];
  /** The doctrine's stages that can precede a purchase (client stages excluded), the fallback last. */
  readonly stages: readonly string[];
  /** One per column, in column order. */
  readonly features: readonly FeatureInfo[];
}

export interface FeatureSpecInput {
  readonly doctrine: Doctrine;
  /** Track event names seen in the data, most frequent first (predict/feature-spec-survey.ts). */
  readonly eventNames: readonly string[];
  /** Traits worth a column: numbers as is, categories with their frequent levels, most frequent first. */
  readonly traits: readonly { readonly key: string; readonly values: readonly string[] | 'number' }[];
  /** Frequent first-touch sources and mediums, most frequent first. */
  readonly sources?: readonly string[];
  readonly mediums?: readonly string[];
  readonly maxEventNames?: number;
  /**
   * Whether the doctrine's stages are columns (default true). False when the doctrine itself reads the prediction
   * (`predicted` conditions): the stage is then an output of the model, so it cannot be an input.
   */
  readonly stageColumns?: boolean;
}

/** What reveals a purchase: the purchase itself, and whatever defines a client stage (an event, a signal, a trait). */
interface OutcomeMarkers {
  readonly tallies: Set<string>;
  readonly signals: Set<SignalName>;
  readonly traits: Set<string>;
}

function outcomeMarkersOf(doctrine: Doctrine): OutcomeMarkers {
  const markers: OutcomeMarkers = {
    tallies: new Set([eventTallyKey(STANDARD_EVENTS.orderCompleted)]),
    signals: new Set<SignalName>(['purchases', 'revenue']),
    traits: new Set(),
  };
  const visit = (condition: Condition): void => {
    if ('all' in condition) condition.all.forEach(visit);
    else if ('any' in condition) condition.any.forEach(visit);
    else if ('not' in condition) visit(condition.not);
    else if ('signal' in condition) {
      markers.signals.add(condition.signal);
      markers.tallies.add(SIGNAL_TALLIES[condition.signal].tally);
    } else if ('event' in condition) markers.tallies.add(condition.where ? filteredTallyKey(condition.event, condition.where) : eventTallyKey(condition.event));
    else if ('trait' in condition) markers.traits.add(condition.trait);
  };
  for (const stage of doctrine.stages) if (stage.temperature === 'client') visit(stage.when);
  return markers;
}

const describeFilter = (where: PropertyFilter): string =>
  Object.entries(where)
    .map(([property, value]) => `${property} = ${Array.isArray(value) ? value.join(' | ') : String(value)}`)
    .join(', ');

function talliesOf(input: FeatureSpecInput, markers: OutcomeMarkers, foldParams: FoldParams): CountedTally[] {
  const tallies: CountedTally[] = [];
  const taken = new Set<string>();
  const push = (tally: CountedTally) => {
    if (taken.has(tally.tally) || markers.tallies.has(tally.tally)) return false;
    taken.add(tally.tally);
    tallies.push(tally);
    return true;
  };
  const seen = new Set(input.eventNames.map(eventTallyKey));
  const derived = new Set<string>(Object.values(TALLY));
  for (const signal of SIGNALS) {
    const { tally, measure, noun } = SIGNAL_TALLIES[signal];
    // Signals the fold derives (pages, sessions…) always count; event signals only when the data holds the event.
    if (markers.signals.has(signal) || (!derived.has(tally) && !seen.has(tally))) continue;
    push({ tally, measure, stem: derived.has(tally) ? `${measure}:${tally}` : `event:${tally.slice(2)}`, noun: { en: noun, fr: SIGNAL_NOUNS_FR[signal] } });
  }
  for (const filter of foldParams.eventFilters ?? []) {
    if (filter.event === STANDARD_EVENTS.orderCompleted) continue;
    push({ tally: filter.key, measure: 'count', stem: `event:${filter.key.slice(2)}`, noun: filteredEventNoun(filter.event, describeFilter(filter.where)) });
  }
  let named = 0;
  const maxNamed = input.maxEventNames ?? MAX_EVENT_FEATURES;
  for (const name of input.eventNames) {
    if (named >= maxNamed) break;
    if (push({ tally: eventTallyKey(name), measure: 'count', stem: `event:${name}`, noun: eventNoun(name) })) named += 1;
  }
  return tallies;
}

/**
 * The feature columns for a doctrine and the data at hand. Example:
 * `featureSpecOf({ doctrine, eventNames: ['Form Submitted'], traits: [{ key: 'plan', values: ['pro', 'free'] }] })`.
 * Purchases (Order Completed counts, revenue) and whatever defines a client stage are never features: they would
 * reveal the outcome the model predicts.
 */
export function featureSpecOf(input: FeatureSpecInput): FeatureSpec {
  const markers = outcomeMarkersOf(input.doctrine);
  const { foldParams } = compileDoctrine(input.doctrine);
  const tallies = talliesOf(input, markers, foldParams);
  const namedEvents = new Set(input.eventNames.map(eventTallyKey));
  const otherEvents = [...namedEvents].some((key) => !markers.tallies.has(key) && !tallies.some((t) => t.tally === key));
  const traits: TraitFeature[] = input.traits
    .filter((trait) => !markers.traits.has(trait.key))
    .map((trait) => (trait.values === 'number' ? { key: trait.key, kind: 'number' } : { key: trait.key, kind: 'category', levels: trait.values.slice(0, MAX_LEVELS) }));
  const stages = input.stageColumns === false ? [] : [...input.doctrine.stages.filter((stage) => stage.temperature !== 'client').map((stage) => stage.key), input.doctrine.fallback.key];
  const base = {
    v: 1 as const,
    windowsDays: [...FEATURE_WINDOWS_DAYS],
    tallies,
    otherEvents,
    excludedTallies: [...new Set([...tallies.map((t) => t.tally), ...markers.tallies])],
    cartAbandonAfterMs: foldParams.cartAbandonAfterMs,
    sources: (input.sources ?? []).slice(0, MAX_LEVELS),
    mediums: (input.mediums ?? []).slice(0, MAX_LEVELS),
    traits,
    stages,
  };
  const stageNames = new Map([...input.doctrine.stages.map((s) => [s.key, s.labels] as const), [input.doctrine.fallback.key, input.doctrine.fallback.labels]]);
  return { ...base, features: featureInfosOf(base, (key) => stageNames.get(key) ?? { en: key, fr: key }) };
}

/** The columns of a spec, in the order predict/features.ts fills them. */
function featureInfosOf(spec: Omit<FeatureSpec, 'features'>, stageName: (key: string) => FeatureLabels): FeatureInfo[] {
  const infos: FeatureInfo[] = [];
  const counts = (stem: string, kind: 'count' | 'sum', noun: FeatureLabels) => {
    for (const days of spec.windowsDays) infos.push({ key: `${stem}:${days}d`, kind, labels: windowLabels(noun, days) });
    infos.push({ key: `${stem}:all`, kind, labels: windowLabels(noun, null) });
  };
  for (const tally of spec.tallies) counts(tally.stem, tally.measure, tally.noun);
  if (spec.otherEvents) counts('event:*', 'count', OTHER_EVENTS_NOUN);
  infos.push({ key: 'recency:days', kind: 'days', labels: FIXED_LABELS.recency }, { key: 'age:days', kind: 'days', labels: FIXED_LABELS.age });
  for (const [part, levels] of [['source', spec.sources], ['medium', spec.mediums]] as const) {
    if (levels.length === 0) continue;
    for (const level of levels) infos.push({ key: `${part}=${level}`, kind: 'flag', labels: touchLabels(part, level) });
    infos.push({ key: `${part}:other`, kind: 'flag', labels: touchLabels(part, null) });
  }
  for (const trait of spec.traits) {
    if (trait.kind === 'number') {
      infos.push({ key: `trait:${trait.key}`, kind: 'number', labels: traitNumberLabels(trait.key) });
      continue;
    }
    for (const level of trait.levels) infos.push({ key: `trait:${trait.key}=${level}`, kind: 'flag', labels: traitLevelLabels(trait.key, level) });
    infos.push({ key: `trait:${trait.key}:other`, kind: 'flag', labels: traitLevelLabels(trait.key, null) });
  }
  for (const stage of spec.stages) infos.push({ key: `stage=${stage}`, kind: 'flag', labels: stageLabels(stageName(stage)) });
  infos.push({ key: 'stage:days', kind: 'days', labels: FIXED_LABELS.stageDays });
  return infos;
}
