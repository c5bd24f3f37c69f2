import { DAY } from '@leadpulse/core';
import { z } from 'zod';

/** The reports served under /api/v1/reports/{name} and by `leadpulse report <name>`. */
export const REPORT_NAMES = ['tunnel', 'blocking-points', 'costs', 'campaigns', 'doctrine-check', 'scenarios'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

const GROUP_BY = /^(none|source|medium|campaign|landing|last-source|last-medium|last-campaign|cohort|score-band|segment|trait:[\w.-]{1,64})$/;

/** `2026-10-01` (a whole UTC day) or an ISO date-time. `end` makes a date-only value cover its whole day. */
const instant = (end: boolean) =>
  z
    .string()
    .trim()
    .refine((raw) => /^\d{4}-\d{2}-\d{2}(T.+)?$/.test(raw) && !Number.isNaN(Date.parse(raw)), { message: 'expected a date such as 2026-10-01 or an ISO date-time' })
    .transform((raw) => Date.parse(raw) + (end && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? DAY : 0));

const duration = z
  .string()
  .trim()
  .regex(/^\d+(d|w|h)$/, 'expected a duration such as 90d, 12w or 48h')
  .transform((raw) => Number(raw.slice(0, -1)) * { d: DAY, w: 7 * DAY, h: DAY / 24 }[raw.slice(-1) as 'd' | 'w' | 'h']);

const flag = z.enum(['true', 'false', '1', '0']).transform((raw) => raw === 'true' || raw === '1');

/** Query of every report; each one reads the fields it needs. `to` is inclusive for a date: `to=2026-10-31` covers that day. */
export const ReportQuerySchema = z.object({
  from: instant(false).optional().describe('Contacts first seen from this date (inclusive).'),
  to: instant(true).optional().describe('Contacts first seen up to this date (inclusive for a date, exclusive for a date-time).'),
  groupBy: z.string().regex(GROUP_BY, 'expected none, source, medium, campaign, landing, last-source, last-medium, last-campaign, cohort, score-band, segment (costs only) or trait:<name>').optional().describe('tunnel: the grouping; costs: `segment` adds the cost per live segment to the channel rows.'),
  channel: z.enum(['source', 'medium']).optional().describe('costs: match cost lines to the UTM source (default) or medium.'),
  byCampaign: flag.optional().describe('costs: also split by campaign.'),
  horizon: duration.optional().describe('doctrine-check: how long after first contact a purchase counts (default 90d); scenarios: how long after enrolling the outcome counts, one of 7d, 14d, 30d (default), 60d, 90d.'),
  quietAfter: duration.optional().describe('blocking-points: unseen for this long is quiet (default 30d).'),
  top: z.coerce.number().int().min(1).max(500).optional(),
  format: z.enum(['json', 'csv']).optional(),
  asOf: instant(true).optional().describe('The instant the report describes (default now; a date means its end): quiet contacts, outcomes known and maturity are judged as of it. For a past dataset, with a store classified as of its end (`leadpulse import --as-of`).'),
});
export type ReportQueryInput = z.input<typeof ReportQuerySchema>;

/** A cost line as sent to POST /api/v1/costs or imported from CSV. Dates are inclusive days. */
export const CostLineInputSchema = z.object({
  channel: z.string().trim().min(1).max(200),
  campaign: z.string().trim().min(1).max(200).nullish(),
  kind: z.enum(['digital', 'field']).default('digital'),
  from: instant(false),
  to: instant(true),
  amount: z.coerce.number().finite().min(0),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code such as EUR').transform((c) => c.toUpperCase()).default('EUR'),
  note: z.string().max(1000).nullish(),
  segmentId: z.string().trim().min(1).max(200).nullish().describe('The segment (id or key) the line is spent on, such as field prospecting aimed at one target group; the report by segment counts it for that segment alone.'),
}).refine((line) => line.to > line.from, { message: 'the period ends before it starts', path: ['to'] });
export type CostLineInput = z.input<typeof CostLineInputSchema>;

export const CostLinesBodySchema = z.union([CostLineInputSchema, z.object({ lines: z.array(CostLineInputSchema).min(1).max(10_000) })]);
