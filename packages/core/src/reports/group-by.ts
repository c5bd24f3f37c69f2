import type { ContactFacts } from './contact-facts.js';

/**
 * How a report splits contacts: a first- or last-touch dimension, the month of first contact, the band of the
 * predictive score (score-band), or any trait.
 */
export type GroupBy = 'none' | 'source' | 'medium' | 'campaign' | 'landing' | 'last-source' | 'last-medium' | 'last-campaign' | 'cohort' | 'score-band' | `trait:${string}`;

export const GROUP_BY_FIELDS = ['none', 'source', 'medium', 'campaign', 'landing', 'last-source', 'last-medium', 'last-campaign', 'cohort', 'score-band'] as const;

/** The bands of the predicted purchase probability, as [lower bound, label]; the tunnel groups by them. */
export const SCORE_BANDS: readonly (readonly [number, string])[] = [
  [0.6, '60–100 %'],
  [0.4, '40–60 %'],
  [0.2, '20–40 %'],
  [0.1, '10–20 %'],
  [0, '0–10 %'],
];

/** The band of a predicted probability; NO_VALUE without a model. Example: `scoreBandOf(0.25)` → "20–40 %". */
export function scoreBandOf(predicted: number | null | undefined): string {
  if (predicted === null || predicted === undefined) return NO_VALUE;
  return SCORE_BANDS.find(([lower]) => predicted >= lower)?.[1] ?? NO_VALUE;
}

/** The label of contacts without a value for the grouping (no UTM source, no such trait). */
export const NO_VALUE = '(none)';

export function isGroupBy(value: string): value is GroupBy {
  return (GROUP_BY_FIELDS as readonly string[]).includes(value) || /^trait:[\w.-]{1,64}$/.test(value);
}

/** Reads a contact's group for a grouping. */
export function groupKeyOf(by: GroupBy): (facts: ContactFacts) => string {
  const text = (value: unknown) => (value === null || value === undefined || value === '' ? NO_VALUE : String(value));
  switch (by) {
    case 'none':
      return () => 'all';
    case 'source':
      return (f) => text(f.firstSource);
    case 'medium':
      return (f) => text(f.firstMedium);
    case 'campaign':
      return (f) => text(f.firstCampaign);
    case 'landing':
      return (f) => text(f.firstLanding);
    case 'last-source':
      return (f) => text(f.lastSource);
    case 'last-medium':
      return (f) => text(f.lastMedium);
    case 'last-campaign':
      return (f) => text(f.lastCampaign);
    case 'cohort':
      return (f) => text(f.cohort);
    case 'score-band':
      return (f) => scoreBandOf(f.predicted);
    default: {
      const trait = by.slice('trait:'.length);
      return (f) => text(f.traits[trait]);
    }
  }
}

/** Groups rows by key, keeping first-seen order. */
export function groupRows<T>(rows: Iterable<T>, keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(row);
  }
  return groups;
}
