import type { EpochMs } from '../shared/ids.js';

/** Field prospecting (salespeople's time, visits, calls, trade shows) against digital campaigns. */
export const COST_KINDS = ['digital', 'field'] as const;
export type CostKind = (typeof COST_KINDS)[number];

/** What a channel (optionally one campaign of it) cost over a period. */
export interface CostLine {
  readonly id: string;
  /** Matched against the contacts' first-touch UTM source (or medium, as the report asks). */
  readonly channel: string;
  readonly campaign: string | null;
  readonly kind: CostKind;
  /** Inclusive start and exclusive end, epoch milliseconds. */
  readonly periodStart: EpochMs;
  readonly periodEnd: EpochMs;
  readonly amount: number;
  /** ISO 4217, e.g. EUR. */
  readonly currency: string;
  readonly note: string | null;
  readonly createdAt: EpochMs;
  /**
   * The segment the line is spent on (field prospecting aimed at one target group): the report by segment counts it
   * for that segment alone. Null or absent: a cost of the whole channel.
   */
  readonly segmentId?: string | null;
}

/** The part of a line's amount that falls in [from, to), spread evenly over its period. */
export function costWithin(line: CostLine, from: EpochMs, to: EpochMs): number {
  const start = Math.max(line.periodStart, from);
  const end = Math.min(line.periodEnd, to);
  if (end <= start) return 0;
  const span = line.periodEnd - line.periodStart;
  return span <= 0 ? line.amount : (line.amount * (end - start)) / span;
}
