import { TEMPERATURES, type Temperature } from '../doctrine/doctrine.js';
import type { EpochMs } from '../shared/ids.js';
import type { ContactFacts } from './contact-facts.js';
import { costWithin, type CostKind, type CostLine } from './cost-line.js';
import { NO_VALUE } from './group-by.js';
import { rate } from './statistics.js';

export type CostChannelField = 'source' | 'medium';

export interface CostRow {
  readonly channel: string;
  readonly campaign: string | null;
  readonly kind: CostKind | null;
  readonly cost: number;
  readonly contacts: number;
  readonly reached: Readonly<Record<Temperature, number>>;
  /** Cost divided by the contacts that reached each temperature; null when none did. */
  readonly costPer: Readonly<Record<Temperature | 'contact', number | null>>;
  readonly revenue: number;
  /** Cost for each unit of revenue (0.25 means 25 cents spent per euro earned). */
  readonly costPerRevenue: number | null;
}

export interface CostReport {
  readonly channelField: CostChannelField;
  readonly currency: string | null;
  /** Currencies other than the main one are reported apart, never summed with it. */
  readonly otherCurrencies: readonly string[];
  readonly rows: readonly CostRow[];
  /** The seed question: which kind of prospecting brings hot leads and clients cheaper. */
  readonly byKind: readonly CostRow[];
}

/** Contacts brought by one channel and first-touch campaign, with how far they got: what costs are divided by. */
export interface ChannelCounts {
  readonly channel: string;
  readonly campaign: string | null;
  readonly contacts: number;
  readonly reached: Readonly<Record<Temperature, number>>;
  readonly revenue: number;
}

/** Channel counts from facts rows (the store computes the same in SQL). */
export function channelCounts(facts: readonly ContactFacts[], channelField: CostChannelField): ChannelCounts[] {
  const byKey = new Map<string, { channel: string; campaign: string | null; contacts: number; reached: Record<Temperature, number>; revenue: number }>();
  for (const f of facts) {
    const channel = (channelField === 'source' ? f.firstSource : f.firstMedium) ?? NO_VALUE;
    const k = `${channel}\u0000${f.firstCampaign ?? ''}`;
    let entry = byKey.get(k);
    if (!entry) byKey.set(k, (entry = { channel, campaign: f.firstCampaign, contacts: 0, reached: { cold: 0, warm: 0, hot: 0, client: 0 }, revenue: 0 }));
    entry.contacts++;
    entry.revenue += f.revenue;
    for (const t of TEMPERATURES) if (f.reachedAt[t] !== null) entry.reached[t]++;
  }
  return [...byKey.values()];
}

function sum(counts: readonly ChannelCounts[]): Omit<ChannelCounts, 'channel' | 'campaign'> {
  const reached = { cold: 0, warm: 0, hot: 0, client: 0 } as Record<Temperature, number>;
  for (const c of counts) for (const t of TEMPERATURES) reached[t] += c.reached[t];
  return { contacts: counts.reduce((s, c) => s + c.contacts, 0), reached, revenue: counts.reduce((s, c) => s + c.revenue, 0) };
}

function row(channel: string, campaign: string | null, kind: CostKind | null, cost: number, counts: Omit<ChannelCounts, 'channel' | 'campaign'>): CostRow {
  const { reached, revenue, contacts } = counts;
  // Without a cost line the cost is unknown, not zero.
  const per = (n: number) => (n === 0 || kind === null ? null : cost / n);
  return {
    channel,
    campaign,
    kind,
    cost,
    contacts,
    reached,
    costPer: { contact: per(contacts), cold: per(reached.cold), warm: per(reached.warm), hot: per(reached.hot), client: per(reached.client) },
    revenue,
    costPerRevenue: kind === null ? null : rate(cost, revenue),
  };
}

export function buildCostReport(counts: readonly ChannelCounts[], lines: readonly CostLine[], options: { from: EpochMs; to: EpochMs; channelField: CostChannelField; byCampaign: boolean }): CostReport {
  const currencies = new Map<string, number>();
  for (const line of lines) currencies.set(line.currency, (currencies.get(line.currency) ?? 0) + line.amount);
  const currency = [...currencies].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const used = lines.filter((l) => l.currency === currency);

  const key = (channel: string, campaign: string | null) => `${channel}\u0000${campaign ?? ''}`;
  const costs = new Map<string, { channel: string; campaign: string | null; kind: CostKind; cost: number }>();
  for (const line of used) {
    const campaign = options.byCampaign ? line.campaign : null;
    const k = key(line.channel, campaign);
    const entry = costs.get(k) ?? { channel: line.channel, campaign, kind: line.kind, cost: 0 };
    entry.cost += costWithin(line, options.from, options.to);
    costs.set(k, entry);
  }
  const ofChannel = (channel: string) => counts.filter((c) => c.channel === channel);
  const countsOf = (channel: string, campaign: string | null) => sum(ofChannel(channel).filter((c) => campaign === null || c.campaign === campaign));
  const rows = [...costs.values()].map((c) => row(c.channel, c.campaign, c.kind, c.cost, countsOf(c.channel, c.campaign)));
  // Channels that brought contacts at no recorded cost still show, so nothing is hidden.
  for (const channel of new Set(counts.map((c) => c.channel))) {
    if ([...costs.values()].some((c) => c.channel === channel)) continue;
    rows.push(row(channel, null, null, 0, countsOf(channel, null)));
  }
  rows.sort((a, b) => b.cost - a.cost || b.contacts - a.contacts);

  const byKind = (['field', 'digital'] as const).map((kind) => {
    const ofKind = used.filter((l) => l.kind === kind);
    const channels = new Set(ofKind.map((l) => l.channel));
    const cost = ofKind.reduce((total, l) => total + costWithin(l, options.from, options.to), 0);
    return row(kind, null, kind, cost, sum(counts.filter((c) => channels.has(c.channel))));
  });
  return { channelField: options.channelField, currency, otherCurrencies: [...currencies.keys()].filter((c) => c !== currency), rows, byKind };
}
