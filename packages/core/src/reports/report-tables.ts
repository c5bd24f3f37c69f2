import { TEMPERATURES } from '../doctrine/doctrine.js';
import { DAY } from '../shared/duration.js';
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
  /** What a reader must know to read the figures (a sample, a skipped stage, an empty part and why): footnotes. */
  readonly notes?: readonly string[];
  /** The columns a terminal shows by default; every column when absent. */
  readonly essential?: readonly string[];
}

const sampledNote = (oneIn: number, what: string) => `sampled: ${what} come from a deterministic 1-in-${oneIn} sample of the contacts (above 20,000); counts are exact`;

const days = (ms: number | null) => (ms === null ? null : Math.round((ms / DAY) * 10) / 10);
const ratio = (r: number | null) => (r === null ? null : Math.round(r * 10_000) / 10_000);
const money = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
const spread = (s: Spread) => [days(s.median), days(s.p75)];

export function tunnelTable(tunnel: Tunnel): ReportTable {
  const columns = [
    'group',
    'contacts',
    ...TEMPERATURES.map((t) => `reached_${t}`),
    ...SKIPPABLE.map((t) => `skipped_${t}`),
    ...STEPS.map((s) => `through_${s.key}`),
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
    ...SKIPPABLE.map((t) => g.skipped[t]),
    ...STEPS.map((s) => g.through[s.key]),
    ...STEPS.map((s) => ratio(g.conversion[s.key])),
    ...STEPS.flatMap((s) => spread(g.time[s.key])),
    money(g.revenue),
    g.immature,
    g.uncovered,
  ]);
  const notes: string[] = [];
  const skips = SKIPPABLE.filter((t) => tunnel.total.skipped[t] > 0).map((t) => `${tunnel.total.skipped[t]} went past ${t}`);
  if (skips.length > 0) notes.push(`skipped: ${skips.join(', ')} without holding it; they never count as converting through a stage, nor in its days`);
  if (tunnel.sampledOneIn > 1) notes.push(sampledNote(tunnel.sampledOneIn, 'step days'));
  return { columns, rows, notes, essential: TUNNEL_ESSENTIAL };
}

const SKIPPABLE = TEMPERATURES.slice(0, 3);
/** What `leadpulse report tunnel` prints without `--wide`. */
const TUNNEL_ESSENTIAL = ['group', 'contacts', ...TEMPERATURES.map((t) => `reached_${t}`), 'skipped_warm', 'conversion_entry-client', 'days_entry-client_median', 'revenue'];

export function blockingPointsTable(report: BlockingPoints): ReportTable {
  const rows: (string | number | null)[][] = [];
  for (const stage of report.byStage) for (const page of stage.pages) rows.push(['exit page', stage.stage, page.path, page.exits, ratio(page.share), page.lastPageOf, ratio(page.exitRate), page.viewers, ratio(page.exitsPerViewer)]);
  for (const step of report.purchasePath) rows.push(['purchase path', null, step.step, step.contacts, ratio(step.fromPrevious), null, ratio(step.drop), null, null, step.withoutPrevious]);
  for (const stage of report.lift) for (const page of stage.pages) rows.push([`page lift ${stage.from}→${stage.to}`, stage.from, page.path, page.viewed, ratio(page.rate), page.movedUp, ratio(page.lift), null, null, null]);
  const notes: string[] = [];
  const quietDays = Math.round((report.quietAfterMs / DAY) * 10) / 10;
  if (report.noneQuiet) notes.push(`no exit pages: none of the ${report.contacts} contacts has been unseen for ${quietDays} days (quietAfter); a recent import needs a shorter quietAfter`);
  if (report.purchasePath.length === 0) notes.push('no purchase path: no Product Added, Checkout Started or Order Completed event in the period');
  for (const stage of report.lift) if (stage.skipped > 0) notes.push(`page lift ${stage.from}→${stage.to}: ${stage.skipped} contacts went past ${stage.to} without holding it and are left out`);
  if (report.liftSampledOneIn > 1) notes.push(sampledNote(report.liftSampledOneIn, 'page lift and viewers'));
  return { columns: ['kind', 'stage', 'page_or_step', 'contacts', 'share_or_rate', 'last_page_of', 'exit_rate_or_drop', 'viewers', 'exits_per_viewer', 'without_previous'], rows, notes };
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

/** `sampledOneIn`: the days to each temperature come from the tunnel's 1-in-k sample when above 1. */
export function campaignTable(rows: readonly CampaignRow[], sampledOneIn = 1): ReportTable {
  return {
    notes: sampledOneIn > 1 ? [sampledNote(sampledOneIn, 'days to each temperature')] : [],
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
    notes: check.signalsSampledOneIn > 1 ? [sampledNote(check.signalsSampledOneIn, 'signal rows')] : [],
  };
}

// OWASP CSV injection: a spreadsheet runs a text cell that starts with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * RFC 4180 CSV, with a header row. Text that a spreadsheet would run as a formula (it starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return) is prefixed with `'` and quoted, as OWASP advises; numbers, and text
 * that is only a decimal number such as `-3.5`, are data and stay as they are.
 */
export function tableToCsv(table: ReportTable): string {
  const cell = (value: string | number | boolean | null) => {
    if (value === null) return '';
    const text = String(value);
    if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) return `"'${text.replace(/"/g, '""')}"`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  // Footnotes follow the rows, one per row, in the first two cells: `note` and its text.
  const footnotes = (table.notes ?? []).map((note) => ['note', note, ...table.columns.slice(2).map(() => null)]);
  return [table.columns, ...table.rows, ...footnotes].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
