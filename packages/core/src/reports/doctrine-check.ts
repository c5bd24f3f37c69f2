import type { EpochMs } from '../shared/ids.js';
import { PAGE_SIGNAL, TEMPERATURES, type ContactFacts } from './contact-facts.js';
import { rate, wilsonInterval } from './statistics.js';

export interface ConversionCell {
  readonly contacts: number;
  readonly converted: number;
  readonly rate: number | null;
  /** 95 % Wilson interval of the rate. */
  readonly interval: readonly [number, number] | null;
}

export interface SignalCheck extends ConversionCell {
  readonly signal: string;
  /** Rate with the signal divided by the rate without it. */
  readonly lift: number | null;
  readonly without: ConversionCell;
  /** The intervals with and without the signal do not overlap. */
  readonly significant: boolean;
  readonly verdict: 'predicts buying' | 'predicts not buying' | 'no clear effect' | 'too few contacts';
}

export interface DoctrineCheck {
  readonly horizonMs: number;
  /** Contacts first seen long enough ago for the outcome to be known. */
  readonly known: number;
  readonly converted: number;
  /** Conversion by the highest temperature reached before buying (or ever, for those who did not buy). */
  readonly byStage: readonly (ConversionCell & { readonly stage: string })[];
  /** Stages from the best real conversion to the worst (those with enough contacts to say). */
  readonly ranking: readonly string[];
  /** True when each warmer stage converts at least as well as the one before it. */
  readonly ordered: boolean;
  readonly disorders: readonly string[];
  readonly signals: readonly SignalCheck[];
}

const cell = (contacts: number, converted: number): ConversionCell => ({ contacts, converted, rate: rate(converted, contacts), interval: wilsonInterval(converted, contacts) });

// Events that are the outcome itself, not a signal before it.
const OUTCOME_SIGNALS = new Set(['Order Completed', 'Subscription Started', 'Stage Changed']);
const MIN_CONTACTS = 30;

/**
 * Does the doctrine sort people by how likely they are to buy? Over contacts whose outcome is known (first seen at
 * least `horizon` ago), the real conversion to client within the horizon, by stage reached before buying and by signal.
 */
export function buildDoctrineCheck(facts: readonly ContactFacts[], options: { now: EpochMs; horizonMs: number }): DoctrineCheck {
  const known = facts.filter((f) => f.firstSeenAt !== null && f.firstSeenAt + options.horizonMs <= options.now);
  const convertedOf = (f: ContactFacts) => f.reachedAt.client !== null && f.reachedAt.client - f.firstSeenAt! <= options.horizonMs;
  const stageBefore = (f: ContactFacts): string => {
    const limit = convertedOf(f) ? f.reachedAt.client! : Number.POSITIVE_INFINITY;
    let stage = 'none';
    for (const t of ['cold', 'warm', 'hot'] as const) {
      const at = f.reachedAt[t];
      // Reached before buying; on the day of the purchase itself it may be the purchase that warmed them.
      if (at !== null && at < limit) stage = t;
    }
    return stage;
  };
  const stages = ['none', ...TEMPERATURES.slice(0, 3)];
  const counts = new Map(stages.map((s) => [s, { contacts: 0, converted: 0 }]));
  let converted = 0;
  for (const f of known) {
    const c = counts.get(stageBefore(f))!;
    c.contacts++;
    if (convertedOf(f)) {
      c.converted++;
      converted++;
    }
  }
  const byStage = stages.map((stage) => ({ stage, ...cell(counts.get(stage)!.contacts, counts.get(stage)!.converted) }));
  const disorders: string[] = [];
  const populated = byStage.filter((s) => s.contacts >= MIN_CONTACTS);
  for (let i = 1; i < populated.length; i++) {
    const lower = populated[i - 1]!;
    const higher = populated[i]!;
    if ((higher.rate ?? 0) < (lower.rate ?? 0)) disorders.push(`${higher.stage} converts less (${pct(higher.rate)}) than ${lower.stage} (${pct(lower.rate)})`);
  }

  const withSignal = new Map<string, { contacts: number; converted: number }>();
  for (const f of known) {
    const isConverted = convertedOf(f);
    for (const signal of f.signals) {
      // Pages are read by the blocking-points report; here, the doctrine's events and derived signals.
      if (OUTCOME_SIGNALS.has(signal) || signal.startsWith(PAGE_SIGNAL)) continue;
      const c = withSignal.get(signal) ?? { contacts: 0, converted: 0 };
      c.contacts++;
      if (isConverted) c.converted++;
      withSignal.set(signal, c);
    }
  }
  const signals = [...withSignal]
    .map(([signal, c]): SignalCheck => {
      const yes = cell(c.contacts, c.converted);
      const no = cell(known.length - c.contacts, converted - c.converted);
      const lift = yes.rate !== null && no.rate ? yes.rate / no.rate : null;
      const significant = yes.interval !== null && no.interval !== null && (yes.interval[0] > no.interval[1] || yes.interval[1] < no.interval[0]);
      const verdict = c.contacts < MIN_CONTACTS || no.contacts < MIN_CONTACTS ? 'too few contacts' : !significant ? 'no clear effect' : (yes.rate ?? 0) > (no.rate ?? 0) ? 'predicts buying' : 'predicts not buying';
      return { signal, ...yes, lift, without: no, significant, verdict };
    })
    .sort((a, b) => (b.lift ?? 0) - (a.lift ?? 0) || a.signal.localeCompare(b.signal));
  const ranking = [...populated].sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0)).map((s) => s.stage);
  return { horizonMs: options.horizonMs, known: known.length, converted, byStage, ranking, ordered: disorders.length === 0, disorders, signals };
}

const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)} %`);
