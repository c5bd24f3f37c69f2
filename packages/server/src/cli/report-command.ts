import { REPORT_NAMES, type ReportName } from '@leadpulse/contract';
import { tableToCsv, type ReportTable } from '@leadpulse/core';
import { EXIT, UsageError, printTable, type CliFlags, type CliIo } from './cli-io.js';
import { openServer } from './open-server.js';

export const REPORT_HELP = `Usage: leadpulse report <name> [--from DATE] [--to DATE] [--by GROUP] [--format table|csv|json]

Reports over the contacts first seen in the period (default: the last 365 days). Names:
  tunnel            contacts reaching cold, warm, hot and client; conversion and days between stages
  blocking-points   where contacts of each stage go quiet, and the drops of the purchase path
  costs             cost per contact, per stage reached, per client and per euro of revenue; field vs digital
  campaigns         per UTM campaign: contacts brought, stages reached, days to each, revenue
  doctrine-check    real conversion by stage and by signal, with lift and 95 % intervals
  scenarios         per scenario, step, template and A/B variant: sends and what they reached; goal,
                    purchase and revenue within the horizon after enrolling, treated against control

Options:
  --from, --to DATE    2026-10-01 (to is inclusive) or an ISO date-time
  --by GROUP           tunnel grouping: none, source, medium, campaign, landing, last-source, last-medium,
                       last-campaign, cohort (month of first contact) or trait:<name> (e.g. trait:city);
                       costs: segment (cost per live segment, against all contacts)
  --channel source|medium, --by-campaign     costs: how cost lines match contacts
  --horizon 90d        doctrine-check: how long after first contact a purchase counts (default 90d);
                       scenarios: how long after enrolling the outcome counts: 7d, 14d, 30d (default), 60d or 90d
  --quiet-after 30d    blocking-points: unseen for this long is quiet
  --top N              blocking-points: pages per stage
  --format             table (default), csv (the same table, for a spreadsheet) or json (everything)
  --as-of DATE         the instant the report describes (default now; a date means its end), for a store
                       classified as of a past dataset's end (\`leadpulse import --as-of\`)
  --wide               table: every column (the tunnel prints its essentials by default: contacts, stages
                       reached, warm skipped, conversion and median days to client, revenue; csv has them all)

Notes under a table (and \`note\` rows at the end of a CSV) say when a figure comes from a sample, when a stage
was skipped, or why a part is empty.`;

const FLAG_TO_QUERY: readonly (readonly [flag: string, query: string])[] = [
  ['from', 'from'],
  ['to', 'to'],
  ['by', 'groupBy'],
  ['channel', 'channel'],
  ['horizon', 'horizon'],
  ['quiet-after', 'quietAfter'],
  ['top', 'top'],
  ['as-of', 'asOf'],
];

export async function reportCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  const [name] = positionals;
  if (!name || !(REPORT_NAMES as readonly string[]).includes(name)) throw new UsageError(`${name ? `Unknown report "${name}".\n\n` : ''}${REPORT_HELP}`);
  const format = (flags['format'] as string | undefined) ?? 'table';
  if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`--format expects table, csv or json, got "${format}".`);
  const query: Record<string, string> = {};
  for (const [flag, field] of FLAG_TO_QUERY) if (typeof flags[flag] === 'string') query[field] = flags[flag] as string;
  if (flags['by-campaign']) query['byCampaign'] = 'true';

  const { server } = await openServer(io, flags);
  try {
    const result = await server.app.reports.run(name as ReportName, query);
    if (!result.ok) {
      const byFlag = Object.fromEntries(FLAG_TO_QUERY.map(([flag, field]) => [field, flag]));
      const lines = (result.error.issues ?? []).map((i) => `--${byFlag[String(i.path[0])] ?? i.path[0]}: ${i.message}`);
      throw new UsageError(lines.length > 0 ? lines.join('\n') : result.error.message);
    }
    const { table, data, period, asOf } = result.value;
    if (format === 'json') io.stdout.write(`${JSON.stringify({ report: name, from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString(), asOf: new Date(asOf).toISOString(), ...(data as object) }, null, 2)}\n`);
    else if (format === 'csv') io.stdout.write(tableToCsv(table));
    else {
      if (query['asOf'] !== undefined) io.stdout.write(`as of ${new Date(asOf).toISOString()}\n`);
      printReportTable(io, table, Boolean(flags['wide']));
    }
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

/** The table, narrowed to its essential columns unless `wide`, then its notes. */
function printReportTable(io: CliIo, table: ReportTable, wide: boolean): void {
  const kept = table.columns.map((column, i) => [column, i] as const).filter(([column]) => wide || !table.essential || table.essential.includes(column));
  printTable(io, [kept.map(([column]) => column), ...table.rows.map((row) => kept.map(([, i]) => show(row[i] ?? null)))]);
  if (!wide && table.essential && kept.length < table.columns.length) io.stdout.write(`(${table.columns.length - kept.length} more columns with --wide)\n`);
  for (const note of table.notes ?? []) io.stdout.write(`note: ${note}\n`);
}

function show(value: ReportTable['rows'][number][number]): string {
  if (value === null) return '-';
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(Math.abs(value) < 1 ? 4 : 1);
  return String(value);
}
