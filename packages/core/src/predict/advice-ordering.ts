import type { StageKey } from '../doctrine/doctrine.js';
import { rate } from '../reports/statistics.js';

/** Real conversion of the contacts a doctrine puts in one stage. */
export interface StageConversion {
  readonly stage: StageKey;
  readonly contacts: number;
  readonly converted: number;
  readonly rate: number | null;
}

// As in the doctrine check: a stage with fewer contacts says too little to call its rank wrong.
const MIN_CONTACTS = 30;

/** Stage conversions from counts laid out in precedence order (the fallback last). */
export function stageConversions(stageKeys: readonly StageKey[], contacts: ArrayLike<number>, converted: ArrayLike<number>): StageConversion[] {
  return stageKeys.map((stage, s) => ({ stage, contacts: contacts[s]!, converted: converted[s]!, rate: rate(converted[s]!, contacts[s]!) }));
}

/**
 * Somers' D of conversion on the stage, as the doctrine fit's `concordance`, for stages in precedence order (the
 * first is the warmest): over every pair of a buyer and a non-buyer, the share where the buyer sits in a higher stage
 * minus the share where the non-buyer does. 1 when stages separate buyers perfectly, 0 for one stage for all, null
 * without both buyers and non-buyers. Reads `contacts` and `converted` from `offset`, `length` stages long.
 */
export function stageConcordance(contacts: ArrayLike<number>, converted: ArrayLike<number>, offset = 0, length = contacts.length): number | null {
  let concordant = 0;
  let discordant = 0;
  let buyersBelow = 0;
  let othersBelow = 0;
  for (let s = offset + length - 1; s >= offset; s--) {
    const buyers = converted[s]!;
    const others = contacts[s]! - buyers;
    concordant += buyers * othersBelow;
    discordant += others * buyersBelow;
    buyersBelow += buyers;
    othersBelow += others;
  }
  const pairs = buyersBelow * othersBelow;
  return pairs === 0 ? null : (concordant - discordant) / pairs;
}

/**
 * Where a warmer stage converts less than the next colder one, in the doctrine check's words: "hot converts less
 * (10.6 %) than warm (43.5 %)". Stages under 30 contacts are skipped, as there.
 */
export function stageDisorders(stages: readonly StageConversion[]): string[] {
  const populated = stages.filter((s) => s.contacts >= MIN_CONTACTS).reverse();
  const disorders: string[] = [];
  for (let i = 1; i < populated.length; i++) {
    const lower = populated[i - 1]!;
    const higher = populated[i]!;
    if ((higher.rate ?? 0) < (lower.rate ?? 0)) disorders.push(`${higher.stage} converts less (${percent(higher.rate, 'en')}) than ${lower.stage} (${percent(lower.rate, 'en')})`);
  }
  return disorders;
}

/** `8.6 %` in English, `8,6 %` in French, as the doctrine check writes rates. */
export function percent(value: number | null, lang: 'en' | 'fr'): string {
  if (value === null) return 'n/a';
  const text = `${(value * 100).toFixed(1)} %`;
  return lang === 'fr' ? text.replace('.', ',') : text;
}
