import type { ContactState } from '../fold/contact-state.js';
import type { FeatureSpecInput } from './feature-spec.js';

/** What the data holds, for featureSpecOf: everything of FeatureSpecInput but the doctrine. */
export type FeatureSurvey = Omit<FeatureSpecInput, 'doctrine' | 'maxEventNames'>;

export interface SurveyOptions {
  /** A level (trait value, source, medium) gets its own column when at least this share of contacts has it. */
  readonly minShare?: number;
  /** … and at least this many contacts. */
  readonly minContacts?: number;
  /** Traits never used as features (identifiers, free text the caller knows about). */
  readonly skipTraits?: readonly string[];
}

const byCountDescending = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/**
 * Surveys contacts' states for the columns worth having: track event names by how many contacts have them, first-touch
 * sources and mediums and trait values frequent enough to learn from (rare ones are grouped by the spec as "other").
 * A numeric trait whose every value is a distinct integer is an identifier (a lead number), not a measure: skipped.
 * Example: `featureSpecOf({ doctrine, ...surveyFeatures(states) })`.
 */
export function surveyFeatures(states: Iterable<ContactState>, options: SurveyOptions = {}): FeatureSurvey {
  const events = new Map<string, number>();
  const sources = new Map<string, number>();
  const mediums = new Map<string, number>();
  const traitLevels = new Map<string, Map<string, number>>();
  const traitNumbers = new Map<string, { count: number; distinct: Set<number>; integers: boolean }>();
  const skip = new Set(options.skipTraits ?? []);
  let contacts = 0;
  for (const state of states) {
    contacts += 1;
    for (const key in state.tallies) if (key.startsWith('e:') && !key.includes('?[')) bump(events, key.slice(2));
    if (state.firstTouch?.source) bump(sources, state.firstTouch.source);
    if (state.firstTouch?.medium) bump(mediums, state.firstTouch.medium);
    for (const [key, value] of Object.entries(state.traits)) {
      if (skip.has(key)) continue;
      if (typeof value === 'number' && Number.isFinite(value)) {
        const seen = traitNumbers.get(key) ?? { count: 0, distinct: new Set<number>(), integers: true };
        seen.count += 1;
        seen.distinct.add(value);
        seen.integers &&= Number.isInteger(value);
        traitNumbers.set(key, seen);
      } else if (typeof value === 'string' || typeof value === 'boolean') {
        let levels = traitLevels.get(key);
        if (!levels) traitLevels.set(key, (levels = new Map()));
        bump(levels, String(value));
      }
    }
  }
  const least = Math.max(options.minContacts ?? 20, (options.minShare ?? 0.01) * contacts);
  const frequent = (counts: Map<string, number>) => byCountDescending(counts).filter(([, n]) => n >= least).map(([level]) => level);
  const traits: FeatureSurvey['traits'][number][] = [];
  for (const [key, seen] of traitNumbers) {
    // A trait with both numbers and text is read as a category below.
    if (traitLevels.has(key)) continue;
    const identifier = seen.integers && seen.count >= 100 && seen.distinct.size === seen.count;
    if (!identifier && seen.distinct.size > 1) traits.push({ key, values: 'number' });
  }
  for (const [key, levels] of traitLevels) {
    const values = frequent(levels);
    if (values.length > 0) traits.push({ key, values });
  }
  traits.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { eventNames: byCountDescending(events).map(([name]) => name), traits, sources: frequent(sources), mediums: frequent(mediums) };
}
