import { TEMPERATURES, type Temperature } from '../doctrine/doctrine.js';
import { NO_VALUE } from './group-by.js';
import { spreadOf, type Spread } from './statistics.js';
import type { TunnelInput } from './tunnel.js';

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

/**
 * Per UTM campaign (first touch): contacts brought, stages reached, time to each, revenue. It reads the tunnel's
 * inputs grouped by campaign, so the database does the counting; contacts without a campaign are left out.
 */
export function buildCampaignReport(byCampaign: readonly TunnelInput[]): CampaignRow[] {
  return byCampaign
    .filter((input) => input.group !== NO_VALUE)
    .map((input) => ({
      campaign: input.group,
      source: input.source,
      medium: input.medium,
      contacts: input.contacts,
      reached: input.reached,
      timeTo: Object.fromEntries(TEMPERATURES.map((t) => [t, spreadOf([...input.timeTo[t]])])) as Record<Temperature, Spread>,
      revenue: input.revenue,
      clients: input.reached.client,
    }))
    .sort((a, b) => b.contacts - a.contacts || a.campaign.localeCompare(b.campaign));
}
