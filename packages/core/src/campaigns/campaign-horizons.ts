/**
 * The horizons (days after enrolling) the campaign outcome is kept for. The outcome is maintained as data arrives,
 * one set of counts per horizon, so the report answers from sums; any other horizon would need every enrolment read.
 */
export const CAMPAIGN_HORIZON_DAYS = [7, 14, 30, 60, 90] as const;
export type CampaignHorizonDays = (typeof CAMPAIGN_HORIZON_DAYS)[number];

export const isCampaignHorizon = (days: number): days is CampaignHorizonDays => (CAMPAIGN_HORIZON_DAYS as readonly number[]).includes(days);
