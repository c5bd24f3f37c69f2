import type { Temperature } from '../doctrine/doctrine.js';
import type { EpochMs } from '../shared/ids.js';
import { TEMPERATURES, type ContactFacts } from './contact-facts.js';
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

function row(channel: string, campaign: string | null, kind: CostKind | null, cost: number, contacts: readonly ContactFacts[]): CostRow {
  const reached = { cold: 0, warm: 0, hot: 0, client: 0 } as Record<Temperature, number>;
  let revenue = 0;
  for (const c of contacts) {
    for (const t of TEMPERATURES) if (c.reachedAt[t] !== null) reached[t]++;
    revenue += c.revenue;
  }
  // Without a cost line the cost is unknown, not zero.
  const per = (n: number) => (n === 0 || kind === null ? null : cost / n);
  return {
    channel,
    campaign,
    kind,
    cost,
    contacts: contacts.length,
    reached,
    costPer: { contact: per(contacts.length), cold: per(reached.cold), warm: per(reached.warm), hot: per(reached.hot), client: per(reached.client) },
    revenue,
    costPerRevenue: kind === null ? null : rate(cost, revenue),
  };
}

/**
 * Cost per contact, per stage reached, per client and per unit of revenue, by channel (and campaign where the cost
 * lines name one), for contacts first seen in [from, to). Costs are prorated to the period.
 */
export function buildCostReport(facts: readonly ContactFacts[], lines: readonly CostLine[], options: { from: EpochMs; to: EpochMs; channelField: CostChannelField; byCampaign: boolean }): CostReport {
  const currencies = new Map<string, number>();
  for (const line of lines) currencies.set(line.currency, (currencies.get(line.currency) ?? 0) + line.amount);
  const currency = [...currencies].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const used = lines.filter((l) => l.currency === currency);

  const channelOf = (f: ContactFacts) => (options.channelField === 'source' ? f.firstSource : f.firstMedium) ?? NO_VALUE;
  const key = (channel: string, campaign: string | null) => `${channel}\u0000${campaign ?? ''}`;
  const costs = new Map<string, { channel: string; campaign: string | null; kind: CostKind; cost: number }>();
  for (const line of used) {
    const campaign = options.byCampaign ? line.campaign : null;
    const k = key(line.channel, campaign);
    const entry = costs.get(k) ?? { channel: line.channel, campaign, kind: line.kind, cost: 0 };
    entry.cost += costWithin(line, options.from, options.to);
    costs.set(k, entry);
  }
  const contactsOf = new Map<string, ContactFacts[]>();
  for (const f of facts) {
    const channel = channelOf(f);
    const keys = [key(channel, null)];
    if (options.byCampaign && f.firstCampaign) keys.push(key(channel, f.firstCampaign));
    for (const k of keys) {
      const list = contactsOf.get(k) ?? [];
      list.push(f);
      contactsOf.set(k, list);
    }
  }
  const rows = [...costs.entries()].map(([k, c]) => row(c.channel, c.campaign, c.kind, c.cost, contactsOf.get(k) ?? []));
  // Channels that brought contacts at no recorded cost still show, so nothing is hidden.
  for (const [k, contacts] of contactsOf) {
    if (costs.has(k) || !k.endsWith('\u0000')) continue;
    rows.push(row(k.slice(0, -1), null, null, 0, contacts));
  }
  rows.sort((a, b) => b.cost - a.cost || b.contacts - a.contacts);

  const byKind = (['field', 'digital'] as const).map((kind) => {
    const ofKind = used.filter((l) => l.kind === kind);
    const channels = new Set(ofKind.map((l) => l.channel));
    const cost = ofKind.reduce((sum, l) => sum + costWithin(l, options.from, options.to), 0);
    return row(kind, null, kind, cost, facts.filter((f) => channels.has(channelOf(f))));
  });
  return { channelField: options.channelField, currency, otherCurrencies: [...currencies.keys()].filter((c) => c !== currency), rows, byKind };
}
