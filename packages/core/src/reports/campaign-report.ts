import type { Temperature } from '../doctrine/doctrine.js';
import { TEMPERATURES, type ContactFacts } from './contact-facts.js';
import { groupRows } from './group-by.js';
import { spreadOf, type Spread } from './statistics.js';

export interface CampaignRow {
  readonly campaign: string;
  readonly source: string | null;
  readonly medium: string | null;
  /** Contacts whose first touch was this campaign. */
  readonly contacts: number;
  readonly reached: Readonly<Record<Temperature, number>>;
  /** Time from first contact to each temperature, over those who reached it. */
  readonly timeTo: Readonly<Record<Temperature, Spread>>;
  readonly revenue: number;
  readonly clients: number;
}

/** Per UTM campaign (first touch): contacts brought, stages reached, time to each, revenue. */
export function buildCampaignReport(facts: readonly ContactFacts[]): CampaignRow[] {
  const withCampaign = facts.filter((f) => f.firstCampaign !== null);
  return [...groupRows(withCampaign, (f) => f.firstCampaign!)]
    .map(([campaign, rows]) => {
      const reached = { cold: 0, warm: 0, hot: 0, client: 0 } as Record<Temperature, number>;
      const timeTo = {} as Record<Temperature, Spread>;
      for (const t of TEMPERATURES) {
        const durations: number[] = [];
        for (const r of rows) {
          const at = r.reachedAt[t];
          if (at === null) continue;
          reached[t]++;
          if (r.firstSeenAt !== null && at >= r.firstSeenAt) durations.push(at - r.firstSeenAt);
        }
        timeTo[t] = spreadOf(durations);
      }
      return {
        campaign,
        source: rows[0]!.firstSource,
        medium: rows[0]!.firstMedium,
        contacts: rows.length,
        reached,
        timeTo,
        revenue: rows.reduce((s, r) => s + r.revenue, 0),
        clients: reached.client,
      };
    })
    .sort((a, b) => b.contacts - a.contacts || a.campaign.localeCompare(b.campaign));
}
