import { TEMPERATURES, type Temperature } from '../doctrine/doctrine.js';
import type { EpochMs } from '../shared/ids.js';
import { costWithin, type CostKind, type CostLine } from './cost-line.js';
import type { ChannelCounts, CostChannelField } from './cost-report.js';
import { rate } from './statistics.js';

/** A live segment as the cost report names it. */
export interface CostSegment {
  readonly id: string;
  readonly key: string;
  readonly name: string;
}

/**
 * The members of one segment first seen in the period who came by one first-touch channel, with how far they got:
 * what the store counts in SQL (segment_members ⋈ contact_facts, grouped by segment and channel).
 */
export interface SegmentChannelCounts {
  readonly segmentId: string;
  readonly channel: string;
  readonly contacts: number;
  readonly reached: Readonly<Record<Temperature, number>>;
  readonly revenue: number;
}

/** One target group's acquisition cost: the segment's row, or every contact's (segment null) to compare against. */
export interface SegmentCostRow {
  readonly segment: CostSegment | null;
  /** directCost + sharedCost. */
  readonly cost: number;
  /** The lines assigned to this segment. */
  readonly directCost: number;
  /** Its share of the lines of the channels its members came by. */
  readonly sharedCost: number;
  readonly costByKind: Readonly<Record<CostKind, number>>;
  readonly contacts: number;
  readonly reached: Readonly<Record<Temperature, number>>;
  /** Cost divided by the members that reached each temperature; null when none did or no line reaches the segment. */
  readonly costPer: Readonly<Record<Temperature | 'contact', number | null>>;
  readonly revenue: number;
  readonly costPerRevenue: number | null;
  /** Members who came by a channel without any cost line in the period: their share of cost is unknown, counted as 0. */
  readonly uncostedContacts: number;
}

export interface SegmentCostReport {
  readonly channelField: CostChannelField;
  readonly currency: string | null;
  readonly segments: readonly SegmentCostRow[];
  /** Every contact first seen in the period and every line: the baseline each segment is read against. */
  readonly allContacts: SegmentCostRow;
}

const zeroReached = (): Record<Temperature, number> => ({ cold: 0, warm: 0, hot: 0, client: 0 });

/**
 * Cost per segment. The attribution rule (docs/reports.md, "By segment"):
 * - a line assigned to a live segment counts, prorated to the period, for that segment alone;
 * - every other line (of the main currency) is a cost of its channel, shared among segments by their share of the
 *   contacts that channel brought in the period: a segment whose members are 30 of the 120 contacts google brought
 *   carries 30/120 of google's cost. A channel that brought nobody in the period passes its cost to no segment;
 * - a contact in two segments counts in both, so segment rows do not add up to the whole (allContacts is the whole).
 * Lines assigned to a segment that is deleted or not live are shared by channel like the others.
 */
export function buildSegmentCostReport(
  segments: readonly CostSegment[],
  segmentCounts: readonly SegmentChannelCounts[],
  channels: readonly ChannelCounts[],
  lines: readonly CostLine[],
  options: { from: EpochMs; to: EpochMs; channelField: CostChannelField; currency: string | null },
): SegmentCostReport {
  const live = new Set(segments.map((s) => s.id));
  const used = lines.filter((l) => l.currency === options.currency);
  const direct = new Map<string, Record<CostKind, number>>();
  const ofChannel = new Map<string, Record<CostKind, number>>();
  for (const line of used) {
    const cost = costWithin(line, options.from, options.to);
    const segmentId = line.segmentId ?? null;
    const [bucket, key] = segmentId !== null && live.has(segmentId) ? [direct, segmentId] : [ofChannel, line.channel];
    const entry = bucket.get(key) ?? { digital: 0, field: 0 };
    entry[line.kind] += cost;
    bucket.set(key, entry);
  }

  const brought = new Map<string, number>();
  for (const c of channels) brought.set(c.channel, (brought.get(c.channel) ?? 0) + c.contacts);

  const rows = segments.map((segment) => {
    const counts = segmentCounts.filter((c) => c.segmentId === segment.id);
    const own = direct.get(segment.id) ?? { digital: 0, field: 0 };
    const shared: Record<CostKind, number> = { digital: 0, field: 0 };
    let uncosted = 0;
    for (const c of counts) {
      const channelCost = ofChannel.get(c.channel);
      const total = brought.get(c.channel) ?? 0;
      if (!channelCost) uncosted += c.contacts;
      // The store counts both sides over the same facts; min() guards a membership written between the two reads.
      else if (total > 0) for (const kind of ['digital', 'field'] as const) shared[kind] += (channelCost[kind] * Math.min(c.contacts, total)) / total;
    }
    const reached = zeroReached();
    for (const c of counts) for (const t of TEMPERATURES) reached[t] += c.reached[t];
    const costed = direct.has(segment.id) || counts.some((c) => ofChannel.has(c.channel));
    return row(segment, own, shared, { contacts: counts.reduce((s, c) => s + c.contacts, 0), reached, revenue: counts.reduce((s, c) => s + c.revenue, 0), uncosted }, costed);
  });
  rows.sort((a, b) => b.cost - a.cost || b.contacts - a.contacts || a.segment!.key.localeCompare(b.segment!.key));

  const reached = zeroReached();
  for (const c of channels) for (const t of TEMPERATURES) reached[t] += c.reached[t];
  const channelsWithLines = new Set(used.map((l) => l.channel));
  const everyone = {
    contacts: channels.reduce((s, c) => s + c.contacts, 0),
    reached,
    revenue: channels.reduce((s, c) => s + c.revenue, 0),
    uncosted: channels.filter((c) => !channelsWithLines.has(c.channel)).reduce((s, c) => s + c.contacts, 0),
  };
  const sum = (bucket: Map<string, Record<CostKind, number>>) => {
    const total: Record<CostKind, number> = { digital: 0, field: 0 };
    for (const entry of bucket.values()) for (const kind of ['digital', 'field'] as const) total[kind] += entry[kind];
    return total;
  };
  // For everyone, "direct" is what was assigned to some segment and "shared" what belongs to the channels.
  const allContacts = row(null, sum(direct), sum(ofChannel), everyone, used.length > 0);
  return { channelField: options.channelField, currency: options.currency, segments: rows, allContacts };
}

function row(
  segment: CostSegment | null,
  own: Record<CostKind, number>,
  shared: Record<CostKind, number>,
  counts: { contacts: number; reached: Record<Temperature, number>; revenue: number; uncosted: number },
  costed: boolean,
): SegmentCostRow {
  const directCost = own.digital + own.field;
  const sharedCost = shared.digital + shared.field;
  const cost = directCost + sharedCost;
  // Without any line reaching the segment its cost is unknown, not zero.
  const per = (n: number) => (n === 0 || !costed ? null : cost / n);
  const { contacts, reached, revenue } = counts;
  return {
    segment,
    cost,
    directCost,
    sharedCost,
    costByKind: { digital: own.digital + shared.digital, field: own.field + shared.field },
    contacts,
    reached,
    costPer: { contact: per(contacts), cold: per(reached.cold), warm: per(reached.warm), hot: per(reached.hot), client: per(reached.client) },
    revenue,
    costPerRevenue: costed ? rate(cost, revenue) : null,
    uncostedContacts: counts.uncosted,
  };
}
