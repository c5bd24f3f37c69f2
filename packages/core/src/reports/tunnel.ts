import type { Temperature } from '../doctrine/doctrine.js';
import type { EpochMs } from '../shared/ids.js';
import { TEMPERATURES, type ContactFacts } from './contact-facts.js';
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

export interface TunnelGroup {
  readonly group: string;
  readonly contacts: number;
  /** Contacts of the group that reached each temperature (reaching hot counts for cold and warm too). */
  readonly reached: Readonly<Record<Temperature, number>>;
  /** Share of contacts of the previous step that reached the next one, by step. */
  readonly conversion: Readonly<Record<StepKey, number | null>>;
  /** Time between the steps, in milliseconds, over contacts that made the step. */
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
}

const at = (f: ContactFacts, step: 'entry' | Temperature): EpochMs | null => (step === 'entry' ? f.firstSeenAt : f.reachedAt[step]);

function summarize(group: string, rows: readonly ContactFacts[], flags: { immature: boolean; uncovered: boolean }): TunnelGroup {
  const reached = { cold: 0, warm: 0, hot: 0, client: 0 } as Record<Temperature, number>;
  let revenue = 0;
  for (const row of rows) {
    for (const t of TEMPERATURES) if (row.reachedAt[t] !== null) reached[t]++;
    revenue += row.revenue;
  }
  const conversion = {} as Record<StepKey, number | null>;
  const time = {} as Record<StepKey, Spread>;
  for (const step of STEPS) {
    const base = step.from === 'entry' ? rows.length : reached[step.from];
    conversion[step.key] = rate(reached[step.to], base);
    const durations: number[] = [];
    for (const row of rows) {
      const start = at(row, step.from);
      const end = at(row, step.to);
      if (start !== null && end !== null && end >= start) durations.push(end - start);
    }
    time[step.key] = spreadOf(durations);
  }
  return { group, contacts: rows.length, reached, conversion, time, revenue, ...flags };
}

/**
 * The conversion tunnel as a cohort funnel: contacts first seen in the period, how many reached each
 * temperature, the conversion and time between steps, by group. Pure: it reads facts, nothing else.
 */
export function buildTunnel(facts: readonly ContactFacts[], options: { by: GroupBy; now: EpochMs }): Tunnel {
  let coverageStart: EpochMs | null = null;
  for (const row of facts) {
    const client = row.reachedAt.client;
    if (client !== null && (coverageStart === null || client < coverageStart)) coverageStart = client;
  }
  const overall = summarize('all', facts, { immature: false, uncovered: false });
  const maturityMs = overall.time['entry-client'].p75;
  // Conversions always start a little after the first contacts. Only a gap much longer than a conversion takes
  // means outcomes are missing from the data (a CRM export that starts later than the leads, for instance).
  let earliest = Number.POSITIVE_INFINITY;
  for (const row of facts) if (row.firstSeenAt !== null && row.firstSeenAt < earliest) earliest = row.firstSeenAt;
  const outcomeGap = coverageStart !== null && maturityMs !== null && coverageStart - earliest > 2 * Math.max(maturityMs, DAY_TOLERANCE);
  const groups = [...groupRows(facts, groupKeyOf(options.by))].map(([group, rows]) => {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      if (row.firstSeenAt === null) continue;
      first = Math.min(first, row.firstSeenAt);
      last = Math.max(last, row.firstSeenAt);
    }
    // Only cohorts have a meaningful age; other groupings mix old and new contacts.
    const isCohort = options.by === 'cohort';
    return summarize(group, rows, {
      immature: isCohort && maturityMs !== null && last + maturityMs > options.now,
      uncovered: isCohort && outcomeGap && first < coverageStart! - DAY_TOLERANCE,
    });
  });
  groups.sort((a, b) => (options.by === 'cohort' ? a.group.localeCompare(b.group) : b.contacts - a.contacts || a.group.localeCompare(b.group)));
  return { by: options.by, total: overall, groups, coverageStart, maturityMs };
}

// A conversion recorded on the first day of the data still covers that day's contacts.
const DAY_TOLERANCE = 24 * 3600 * 1000;
