import type { Condition } from '../doctrine/doctrine.js';
import { eventFilterOf, filteredTallyKey, type EventFilter } from '../fold/event-filter.js';
import type { FoldParams } from '../fold/contact-state.js';
import { DAY, parseDuration } from '../shared/duration.js';
import { issue, type Issue } from '../shared/issue.js';
import type { SegmentCondition, SegmentDefinition } from './segment.js';

/**
 * What the fold must keep for segments to be evaluated: the property-filtered event counts their `event` leaves read
 * (merged into FoldParams.eventFilters next to the doctrine's; a new filter needs a replay to count the past), and the
 * longest window they read (FoldParams.retentionMs must cover it).
 */
export function segmentEventFilters(defs: readonly SegmentDefinition[]): EventFilter[] {
  const found = new Map<string, EventFilter>();
  const visit = (condition: SegmentCondition): void => {
    if ('all' in condition) condition.all.forEach(visit);
    else if ('any' in condition) condition.any.forEach(visit);
    else if ('not' in condition) visit(condition.not);
    else if ('event' in condition && condition.where) found.set(filteredTallyKey(condition.event, condition.where), eventFilterOf(condition.event, condition.where));
  };
  defs.forEach((def) => visit(def.where));
  return [...found.values()];
}

const windowOf = (text: string | undefined): number => {
  if (text === undefined) return 0;
  const parsed = parseDuration(text);
  return parsed.ok ? parsed.value : 0;
};

/** The longest window (ms) any segment reads from the fold's tallies: signals, events, spend, purchasing power. */
export function longestSegmentWindow(defs: readonly SegmentDefinition[]): number {
  const longest = (condition: SegmentCondition): number => {
    if ('all' in condition) return Math.max(0, ...condition.all.map(longest));
    if ('any' in condition) return Math.max(0, ...condition.any.map(longest));
    if ('not' in condition) return longest(condition.not);
    if ('signal' in condition || 'event' in condition) return windowOf((condition as Extract<Condition, { within?: string }>).within);
    if ('spend' in condition) return windowOf(condition.spend.within);
    return 0;
  };
  return Math.max(
    0,
    ...defs.map((def) => longest(def.where)),
    ...defs.map((def) => (def.purchasingPower && 'spend' in def.purchasingPower.measure ? windowOf(def.purchasingPower.measure.spend.within) : 0)),
  );
}

/**
 * What a definition reads that the fold does not keep under these parameters, with paths: an event count filtered by
 * properties that no doctrine rule tracks, or a window longer than the history kept per contact. Such a condition
 * would silently count nothing (or too little), so a segment that needs one is refused with the reason.
 */
export function foldGaps(def: SegmentDefinition, fold: Pick<FoldParams, 'eventFilters' | 'retentionMs'>): Issue[] {
  const tracked = new Set((fold.eventFilters ?? []).map((f) => f.key));
  const issues: Issue[] = [];
  const checkWindow = (text: string | undefined, path: readonly (string | number)[]) => {
    if (windowOf(text) > fold.retentionMs) issues.push(issue('window_too_long', path, `the window ${text} is longer than the ${Math.round(fold.retentionMs / DAY)} days of history kept per contact (the doctrine's longest window)`));
  };
  const visit = (condition: SegmentCondition, path: readonly (string | number)[]): void => {
    if ('all' in condition) return condition.all.forEach((c, i) => visit(c, [...path, 'all', i]));
    if ('any' in condition) return condition.any.forEach((c, i) => visit(c, [...path, 'any', i]));
    if ('not' in condition) return visit(condition.not, [...path, 'not']);
    if ('event' in condition && condition.where && !tracked.has(filteredTallyKey(condition.event, condition.where)))
      issues.push(issue('untracked_filter', [...path, 'where'], `"${condition.event}" events are counted by their properties only for filters a doctrine rule uses; add this filter to a doctrine rule (then replay), or count every "${condition.event}"`));
    if ('signal' in condition || 'event' in condition) checkWindow((condition as Extract<Condition, { within?: string }>).within, [...path, 'within']);
    if ('spend' in condition) checkWindow(condition.spend.within, [...path, 'spend', 'within']);
  };
  visit(def.where, ['where']);
  if (def.purchasingPower && 'spend' in def.purchasingPower.measure) checkWindow(def.purchasingPower.measure.spend.within, ['purchasingPower', 'measure', 'spend', 'within']);
  return issues;
}
