import type { EpochMs } from '../shared/ids.js';
import { PAGE_SIGNAL, type ContactFacts } from './contact-facts.js';
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
  /** `in every contact: no contrast` when no contact lacks the signal: nothing to compare it with. */
  readonly verdict: 'predicts buying' | 'predicts not buying' | 'no clear effect' | 'too few contacts' | 'in every contact: no contrast';
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
  /** 1 when signals were counted over every known contact; k when over a deterministic 1-in-k sample. */
  readonly signalsSampledOneIn: number;
}

const cell = (contacts: number, converted: number): ConversionCell => ({ contacts, converted, rate: rate(converted, contacts), interval: wilsonInterval(converted, contacts) });

// Events that are the outcome itself, not a signal before it.
const OUTCOME_SIGNALS = new Set(['Order Completed', 'Subscription Started', 'Stage Changed']);
const MIN_CONTACTS = 30;

export const CHECKED_STAGES = ['none', 'cold', 'warm', 'hot'] as const;
export type CheckedStage = (typeof CHECKED_STAGES)[number];

export interface Outcome {
  readonly contacts: number;
  readonly converted: number;
}

/** Conversion with each signal, over all known contacts or a deterministic 1-in-k sample of them. */
export interface SignalOutcomes {
  readonly known: number;
  readonly converted: number;
  readonly bySignal: Readonly<Record<string, Outcome>>;
  readonly sampledOneIn: number;
}

/** What the doctrine check needs: the store counts stages in SQL and signals over a sample. */
export interface DoctrineCheckInputs {
  readonly byStage: Readonly<Record<CheckedStage, Outcome>>;
  readonly signals: SignalOutcomes;
}

export type OutcomeFacts = Pick<ContactFacts, 'firstSeenAt' | 'reachedAt' | 'signals'>;
export interface OutcomeWindow {
  readonly now: EpochMs;
  readonly horizonMs: number;
}

/** First seen at least `horizon` ago: whether they bought within the horizon is known. */
export const isKnown = (f: OutcomeFacts, w: OutcomeWindow) => f.firstSeenAt !== null && f.firstSeenAt + w.horizonMs <= w.now;
export const convertedWithin = (f: OutcomeFacts, w: OutcomeWindow) => f.reachedAt.client !== null && f.reachedAt.client - f.firstSeenAt! <= w.horizonMs;

/** The highest temperature reached before buying (or ever, for those who did not buy). */
export function stageBefore(f: OutcomeFacts, w: OutcomeWindow): CheckedStage {
  const limit = convertedWithin(f, w) ? f.reachedAt.client! : Number.POSITIVE_INFINITY;
  let stage: CheckedStage = 'none';
  for (const t of ['cold', 'warm', 'hot'] as const) {
    const at = f.reachedAt[t];
    // Reached before buying; on the day of the purchase itself it may be the purchase that warmed them.
    if (at !== null && at < limit) stage = t;
  }
  return stage;
}

/** Known contacts by stage reached before buying, and how many of them bought within the horizon. */
export function stageOutcomes(facts: readonly OutcomeFacts[], w: OutcomeWindow): Record<CheckedStage, Outcome> {
  const counts = Object.fromEntries(CHECKED_STAGES.map((s) => [s, { contacts: 0, converted: 0 }])) as Record<CheckedStage, { contacts: number; converted: number }>;
  for (const f of facts) {
    if (!isKnown(f, w)) continue;
    const c = counts[stageBefore(f, w)];
    c.contacts++;
    if (convertedWithin(f, w)) c.converted++;
  }
  return counts;
}

/** Conversion with each signal among known contacts; pages are left to the blocking-points report. */
export function signalOutcomes(facts: readonly OutcomeFacts[], w: OutcomeWindow, sampledOneIn = 1): SignalOutcomes {
  const bySignal: Record<string, { contacts: number; converted: number }> = {};
  let known = 0;
  let converted = 0;
  for (const f of facts) {
    if (!isKnown(f, w)) continue;
    known++;
    const isConverted = convertedWithin(f, w);
    if (isConverted) converted++;
    for (const signal of f.signals) {
      if (OUTCOME_SIGNALS.has(signal) || signal.startsWith(PAGE_SIGNAL)) continue;
      const c = (bySignal[signal] ??= { contacts: 0, converted: 0 });
      c.contacts++;
      if (isConverted) c.converted++;
    }
  }
  return { known, converted, bySignal, sampledOneIn };
}

/**
 * Does the doctrine sort people by how likely they are to buy? Over contacts whose outcome is known (first seen at
 * least `horizon` ago), the real conversion to client within the horizon, by stage reached before buying and by signal.
 */
export function assembleDoctrineCheck(inputs: DoctrineCheckInputs, horizonMs: number): DoctrineCheck {
  const byStage = CHECKED_STAGES.map((stage) => ({ stage, ...cell(inputs.byStage[stage].contacts, inputs.byStage[stage].converted) }));
  const known = byStage.reduce((s, c) => s + c.contacts, 0);
  const converted = byStage.reduce((s, c) => s + c.converted, 0);
  const disorders: string[] = [];
  const populated = byStage.filter((s) => s.contacts >= MIN_CONTACTS);
  for (let i = 1; i < populated.length; i++) {
    const lower = populated[i - 1]!;
    const higher = populated[i]!;
    if ((higher.rate ?? 0) < (lower.rate ?? 0)) disorders.push(`${higher.stage} converts less (${pct(higher.rate)}) than ${lower.stage} (${pct(lower.rate)})`);
  }
  const all = inputs.signals;
  const signals = Object.entries(all.bySignal)
    .map(([signal, c]): SignalCheck => {
      const yes = cell(c.contacts, c.converted);
      const no = cell(all.known - c.contacts, all.converted - c.converted);
      const lift = yes.rate !== null && no.rate ? yes.rate / no.rate : null;
      const significant = yes.interval !== null && no.interval !== null && (yes.interval[0] > no.interval[1] || yes.interval[1] < no.interval[0]);
      const verdict = no.contacts === 0 && c.contacts > 0 ? 'in every contact: no contrast' : c.contacts < MIN_CONTACTS || no.contacts < MIN_CONTACTS ? 'too few contacts' : !significant ? 'no clear effect' : (yes.rate ?? 0) > (no.rate ?? 0) ? 'predicts buying' : 'predicts not buying';
      return { signal, ...yes, lift, without: no, significant, verdict };
    })
    .sort((a, b) => (b.lift ?? 0) - (a.lift ?? 0) || a.signal.localeCompare(b.signal));
  const ranking = [...populated].sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0)).map((s) => s.stage);
  return { horizonMs, known, converted, byStage, ranking, ordered: disorders.length === 0, disorders, signals, signalsSampledOneIn: all.sampledOneIn };
}

/** The doctrine check straight from facts rows. */
export function buildDoctrineCheck(facts: readonly OutcomeFacts[], w: OutcomeWindow): DoctrineCheck {
  return assembleDoctrineCheck({ byStage: stageOutcomes(facts, w), signals: signalOutcomes(facts, w) }, w.horizonMs);
}

const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)} %`);
