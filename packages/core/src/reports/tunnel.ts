import { TEMPERATURES, type Temperature } from '../doctrine/doctrine.js';
import { DAY } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import { held, type ContactFacts } from './contact-facts.js';
import { groupKeyOf, groupRows, type GroupBy } from './group-by.js';
import { rate, spreadOf, type Spread } from './statistics.js';

/** A step of the tunnel: from first contact to cold, cold to warm, and so on, and first contact to client. */
export const STEPS = [
  { key: 'entry-cold', from: 'entry', to: 'cold' },
  { key: 'cold-warm', from: 'cold', to: 'warm' },
  { key: 'warm-hot', from: 'warm', to: 'hot' },
  { key: 'hot-client', from: 'hot', to: 'client' },
  { key: 'entry-client', from: 'entry', to: 'client' },
] as const;
export type StepKey = (typeof STEPS)[number]['key'];

/**
 * What the tunnel needs from one group of contacts: counts and the durations of each step. The store computes it
 * in SQL; `tunnelInputs` computes it from facts rows, for tests and small sets.
 */
export interface TunnelInput {
  readonly group: string;
  readonly contacts: number;
  readonly reached: Readonly<Record<Temperature, number>>;
  /** Contacts that held each temperature, rather than skipping it on their way up (client: as reached). */
  readonly held: Readonly<Record<Temperature, number>>;
  /** Contacts that made each step for real: held its start (or entered) and held its end. */
  readonly through: Readonly<Record<StepKey, number>>;
  readonly revenue: number;
  /** The start of the UTC day of the group's earliest and latest first contact. */
  readonly firstSeenMin: EpochMs | null;
  readonly firstSeenMax: EpochMs | null;
  /** Durations in ms of each step made for real (as counted in `through`); a deterministic sample when the store says so. */
  readonly durations: Readonly<Record<StepKey, readonly number[]>>;
  /** Time in ms from first contact to each temperature, over the same contacts as `durations`. */
  readonly timeTo: Readonly<Record<Temperature, readonly number[]>>;
  /** Grouped by campaign: its first-touch source and medium (the lowest when they differ). Otherwise null. */
  readonly source: string | null;
  readonly medium: string | null;
}

export interface TunnelGroup {
  readonly group: string;
  readonly contacts: number;
  /** Contacts of the group that reached each temperature (reaching hot counts for cold and warm too). */
  readonly reached: Readonly<Record<Temperature, number>>;
  /** Contacts that reached a temperature without holding it: they went past it (cold straight to hot skips warm). */
  readonly skipped: Readonly<Record<Temperature, number>>;
  /** Contacts that made each step for real: held the step's start (or entered) and held its end. */
  readonly through: Readonly<Record<StepKey, number>>;
  /**
   * By step, `through` over the contacts that held the step's start (all contacts for entry): a contact that skipped
   * the step's end never counts as converting through it.
   */
  readonly conversion: Readonly<Record<StepKey, number | null>>;
  /** Time between the steps, in milliseconds, over contacts that made the step for real. */
  readonly time: Readonly<Record<StepKey, Spread>>;
  readonly revenue: number;
  /** First contacts too recent for most conversions to have happened: low rates here are not failures. */
  readonly immature: boolean;
  /** First contacts before the first recorded conversion: conversions before that date are not in the data. */
  readonly uncovered: boolean;
}

export interface Tunnel {
  readonly by: GroupBy;
  readonly total: TunnelGroup;
  readonly groups: readonly TunnelGroup[];
  /** The first conversion to client in the store: conversions are observed from then on. */
  readonly coverageStart: EpochMs | null;
  /** How long most conversions take (75th percentile, first contact to client), the maturity threshold. */
  readonly maturityMs: number | null;
  /** 1 when every duration was read; k when times come from a deterministic 1-in-k sample of the contacts. */
  readonly sampledOneIn: number;
}

const stepAt = (f: Pick<ContactFacts, 'firstSeenAt' | 'reachedAt'>, step: 'entry' | Temperature): EpochMs | null => (step === 'entry' ? f.firstSeenAt : f.reachedAt[step]);
const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const lowest = (a: string | null, b: string | null) => (a === null ? b : b === null || a <= b ? a : b);
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Tunnel inputs from facts rows, one per group. */
export function tunnelInputs(facts: readonly ContactFacts[], by: GroupBy): TunnelInput[] {
  return [...groupRows(facts, groupKeyOf(by))].map(([group, rows]) => {
    const reached = { cold: 0, warm: 0, hot: 0, client: 0 } as Record<Temperature, number>;
    const heldCount = { cold: 0, warm: 0, hot: 0, client: 0 } as Record<Temperature, number>;
    const through = Object.fromEntries(STEPS.map((s) => [s.key, 0])) as Record<StepKey, number>;
    const durations = Object.fromEntries(STEPS.map((s) => [s.key, [] as number[]])) as Record<StepKey, number[]>;
    const timeTo = { cold: [], warm: [], hot: [], client: [] } as Record<Temperature, number[]>;
    let revenue = 0;
    let source: string | null = null;
    let medium: string | null = null;
    let firstSeenMin: number | null = null;
    let firstSeenMax: number | null = null;
    for (const row of rows) {
      for (const t of TEMPERATURES) if (row.reachedAt[t] !== null) reached[t]++;
      for (const t of TEMPERATURES) if (held(row.reachedAt, t)) heldCount[t]++;
      for (const step of STEPS) if (madeStep(row.reachedAt, step)) through[step.key]++;
      revenue += row.revenue;
      firstSeenMin = minOf(firstSeenMin, dayOf(row.firstSeenAt));
      firstSeenMax = maxOf(firstSeenMax, dayOf(row.firstSeenAt));
      if (by === 'campaign') {
        source = lowest(source, row.firstSource);
        medium = lowest(medium, row.firstMedium);
      }
      addTimings(row, durations, timeTo);
    }
    return { group, contacts: rows.length, reached, held: heldCount, through, revenue, firstSeenMin, firstSeenMax, durations, timeTo, source, medium };
  });
}

/**
 * The contact made the step for real: it held the step's start (entry always) and held its end. Entry to client
 * asks only for client, the tunnel's overall yield.
 */
export function madeStep(reachedAt: ContactFacts['reachedAt'], step: (typeof STEPS)[number]): boolean {
  if (step.key === 'entry-client') return reachedAt.client !== null;
  return (step.from === 'entry' || held(reachedAt, step.from)) && held(reachedAt, step.to);
}

/** Adds one contact's step durations and times since first contact to the lists; the store's sample uses it too. */
export function addTimings(row: Pick<ContactFacts, 'firstSeenAt' | 'reachedAt'>, durations: Record<StepKey, number[]>, timeTo: Record<Temperature, number[]>): void {
  for (const step of STEPS) {
    const start = stepAt(row, step.from);
    const end = stepAt(row, step.to);
    if (start !== null && end !== null && end >= start && madeStep(row.reachedAt, step)) durations[step.key].push(end - start);
  }
  for (const t of TEMPERATURES) {
    const at = row.reachedAt[t];
    if (at !== null && row.firstSeenAt !== null && at >= row.firstSeenAt) timeTo[t].push(at - row.firstSeenAt);
  }
}

function summarize(input: TunnelInput, flags: { immature: boolean; uncovered: boolean }): TunnelGroup {
  const { reached, through } = input;
  const conversion = {} as Record<StepKey, number | null>;
  const time = {} as Record<StepKey, Spread>;
  for (const step of STEPS) {
    conversion[step.key] = rate(through[step.key], step.from === 'entry' ? input.contacts : input.held[step.from]);
    time[step.key] = spreadOf([...input.durations[step.key]]);
  }
  const skipped = Object.fromEntries(TEMPERATURES.map((t) => [t, reached[t] - input.held[t]])) as Record<Temperature, number>;
  return { group: input.group, contacts: input.contacts, reached, skipped, through, conversion, time, revenue: input.revenue, ...flags };
}

/** All groups as one, for the total line. */
function merged(inputs: readonly TunnelInput[]): TunnelInput {
  const reached = { cold: 0, warm: 0, hot: 0, client: 0 } as Record<Temperature, number>;
  const durations = Object.fromEntries(STEPS.map((s) => [s.key, inputs.flatMap((i) => i.durations[s.key])])) as Record<StepKey, number[]>;
  for (const input of inputs) for (const t of TEMPERATURES) reached[t] += input.reached[t];
  const sum = <K extends string>(keys: readonly K[], pick: (i: TunnelInput) => Readonly<Record<K, number>>) => Object.fromEntries(keys.map((k) => [k, inputs.reduce((s, i) => s + pick(i)[k], 0)])) as Record<K, number>;
  return {
    group: 'all',
    contacts: inputs.reduce((s, i) => s + i.contacts, 0),
    reached,
    held: sum(TEMPERATURES, (i) => i.held),
    through: sum(STEPS.map((s) => s.key), (i) => i.through),
    revenue: inputs.reduce((s, i) => s + i.revenue, 0),
    firstSeenMin: inputs.reduce<number | null>((m, i) => minOf(m, i.firstSeenMin), null),
    firstSeenMax: inputs.reduce<number | null>((m, i) => maxOf(m, i.firstSeenMax), null),
    durations,
    timeTo: Object.fromEntries(TEMPERATURES.map((t) => [t, inputs.flatMap((i) => i.timeTo[t])])) as Record<Temperature, number[]>,
    source: inputs.reduce<string | null>((m, i) => lowest(m, i.source), null),
    medium: inputs.reduce<string | null>((m, i) => lowest(m, i.medium), null),
  };
}

/**
 * The conversion tunnel as a cohort funnel: contacts first seen in the period, how many reached each temperature,
 * the conversion and time between steps, by group, with maturity and coverage flags on cohorts.
 */
export function assembleTunnel(inputs: readonly TunnelInput[], options: { by: GroupBy; now: EpochMs; coverageStart: EpochMs | null; sampledOneIn?: number }): Tunnel {
  const all = merged(inputs);
  const overall = summarize(all, { immature: false, uncovered: false });
  const coverageStart = options.coverageStart;
  const maturityMs = overall.time['entry-client'].p75;
  // Conversions always start a little after the first contacts. Only a gap much longer than a conversion takes
  // means outcomes are missing from the data (a CRM export that starts later than the leads, for instance).
  const outcomeGap = coverageStart !== null && maturityMs !== null && all.firstSeenMin !== null && coverageStart - all.firstSeenMin > 2 * Math.max(maturityMs, DAY);
  // Only cohorts have a meaningful age; other groupings mix old and new contacts.
  const isCohort = options.by === 'cohort';
  const groups = inputs.map((input) =>
    summarize(input, {
      immature: isCohort && maturityMs !== null && input.firstSeenMax !== null && input.firstSeenMax + maturityMs > options.now,
      // A conversion recorded on the first day of the data still covers that day's contacts.
      uncovered: isCohort && outcomeGap && input.firstSeenMin !== null && input.firstSeenMin < coverageStart! - DAY,
    }),
  );
  groups.sort((a, b) => (isCohort ? a.group.localeCompare(b.group) : b.contacts - a.contacts || a.group.localeCompare(b.group)));
  return { by: options.by, total: overall, groups, coverageStart, maturityMs, sampledOneIn: options.sampledOneIn ?? 1 };
}

/** The tunnel straight from facts rows. */
export function buildTunnel(facts: readonly ContactFacts[], options: { by: GroupBy; now: EpochMs }): Tunnel {
  return assembleTunnel(tunnelInputs(facts, options.by), { ...options, coverageStart: firstConversion(facts) });
}

/** The earliest client milestone: conversions are observed from then on. */
export const firstConversion = (facts: readonly Pick<ContactFacts, 'reachedAt'>[]): EpochMs | null => facts.reduce<number | null>((m, f) => minOf(m, f.reachedAt.client), null);

/** The start of the UTC day of an instant. */
export const dayOf = (at: EpochMs | null): EpochMs | null => (at === null ? null : Math.floor(at / DAY) * DAY);
