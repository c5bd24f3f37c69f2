import { TEMPERATURES } from './contact-facts.js';
import type { BlockingPoints } from './blocking-points.js';
import type { CampaignRow } from './campaign-report.js';
import type { CostReport, CostRow } from './cost-report.js';
import type { DoctrineCheck } from './doctrine-check.js';
import type { Spread } from './statistics.js';
import { STEPS, type Tunnel } from './tunnel.js';

/** A report flattened to one table: what the CLI prints and the CSV export holds. */
export interface ReportTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

const DAY = 24 * 3600 * 1000;
const days = (ms: number | null) => (ms === null ? null : Math.round((ms / DAY) * 10) / 10);
const ratio = (r: number | null) => (r === null ? null : Math.round(r * 10_000) / 10_000);
const money = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
const spread = (s: Spread) => [days(s.median), days(s.p75)];

export function tunnelTable(tunnel: Tunnel): ReportTable {
  const columns = [
    'group',
    'contacts',
    ...TEMPERATURES.map((t) => `reached_${t}`),
    ...STEPS.map((s) => `conversion_${s.key}`),
    ...STEPS.flatMap((s) => [`days_${s.key}_median`, `days_${s.key}_p75`]),
    'revenue',
    'immature',
    'uncovered',
  ];
  const rows = [tunnel.total, ...tunnel.groups].map((g) => [
    g.group,
    g.contacts,
    ...TEMPERATURES.map((t) => g.reached[t]),
    ...STEPS.map((s) => ratio(g.conversion[s.key])),
    ...STEPS.flatMap((s) => spread(g.time[s.key])),
    money(g.revenue),
    g.immature,
    g.uncovered,
  ]);
  return { columns, rows };
}

export function blockingPointsTable(report: BlockingPoints): ReportTable {
  const rows: (string | number | null)[][] = [];
  for (const stage of report.byStage) for (const page of stage.pages) rows.push(['exit page', stage.stage, page.path, page.exits, ratio(page.share), page.lastPageOf, ratio(page.exitRate), page.viewers, ratio(page.exitsPerViewer)]);
  for (const step of report.purchasePath) rows.push(['purchase path', null, step.step, step.contacts, ratio(step.fromPrevious), null, ratio(step.drop), null, null]);
  for (const stage of report.lift) for (const page of stage.pages) rows.push([`page lift ${stage.from}→${stage.to}`, stage.from, page.path, page.viewed, ratio(page.rate), page.movedUp, ratio(page.lift), null, null]);
  return { columns: ['kind', 'stage', 'page_or_step', 'contacts', 'share_or_rate', 'last_page_of', 'exit_rate_or_drop', 'viewers', 'exits_per_viewer'], rows };
}

const costColumns = ['channel', 'campaign', 'kind', 'cost', 'contacts', ...TEMPERATURES.map((t) => `reached_${t}`), 'cost_per_contact', ...TEMPERATURES.map((t) => `cost_per_${t}`), 'revenue', 'cost_per_revenue'];
const costRow = (r: CostRow) => [
  r.channel,
  r.campaign,
  r.kind,
  money(r.cost),
  r.contacts,
  ...TEMPERATURES.map((t) => r.reached[t]),
  money(r.costPer.contact),
  ...TEMPERATURES.map((t) => money(r.costPer[t])),
  money(r.revenue),
  ratio(r.costPerRevenue),
];

export function costTable(report: CostReport): ReportTable {
  return { columns: ['view', ...costColumns, 'currency'], rows: [...report.rows.map((r) => ['channel', ...costRow(r), report.currency]), ...report.byKind.map((r) => ['field vs digital', ...costRow(r), report.currency])] };
}

export function campaignTable(rows: readonly CampaignRow[]): ReportTable {
  return {
    columns: ['campaign', 'source', 'medium', 'contacts', ...TEMPERATURES.map((t) => `reached_${t}`), ...TEMPERATURES.map((t) => `days_to_${t}_median`), 'revenue'],
    rows: rows.map((r) => [r.campaign, r.source, r.medium, r.contacts, ...TEMPERATURES.map((t) => r.reached[t]), ...TEMPERATURES.map((t) => days(r.timeTo[t].median)), money(r.revenue)]),
  };
}

export function doctrineCheckTable(check: DoctrineCheck): ReportTable {
  const pair = (i: readonly [number, number] | null) => (i === null ? [null, null] : [ratio(i[0]), ratio(i[1])]);
  return {
    columns: ['kind', 'name', 'contacts', 'converted', 'rate', 'rate_low', 'rate_high', 'lift', 'verdict'],
    rows: [
      ...check.byStage.map((s) => ['stage', s.stage, s.contacts, s.converted, ratio(s.rate), ...pair(s.interval), null, null]),
      ...check.signals.map((s) => ['signal', s.signal, s.contacts, s.converted, ratio(s.rate), ...pair(s.interval), ratio(s.lift), s.verdict]),
    ],
  };
}

/** RFC 4180 CSV, with a header row. */
export function tableToCsv(table: ReportTable): string {
  const cell = (value: string | number | boolean | null) => {
    if (value === null) return '';
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
