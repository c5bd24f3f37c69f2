import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { EXIT, UsageError, printTable, type CliFlags, type CliIo } from './cli-io.js';
import { openServer } from './open-server.js';

export const COSTS_HELP = `Usage:
  leadpulse costs list [--from DATE] [--to DATE]
  leadpulse costs add --channel NAME [--campaign NAME] [--kind digital|field] --from DATE --to DATE --amount N [--currency EUR] [--note TEXT] [--segment KEY]
  leadpulse costs import <costs.csv>
  leadpulse costs delete <id>

Cost lines say what a channel (optionally one of its campaigns) cost over a period; the costs report divides them by
the contacts it brought. --channel matches the contacts' first-touch UTM source (or medium: \`report costs --channel
medium\`). Field prospecting (salespeople's time, visits, calls, trade shows) is --kind field; it is compared with
digital in the report. Dates are inclusive days: --from 2026-10-01 --to 2026-10-31 is October.
--segment (a segment's key or id) assigns the line to one target group, such as field prospecting aimed at it: the
report by segment (\`leadpulse report costs --by segment\`) counts it for that segment alone, and shares every other
line among segments by their share of the contacts its channel brought.

The CSV has a header row with: channel, campaign, kind, from, to, amount, currency, note, segment (campaign, kind,
currency, note and segment may be left out or empty). Every line is checked first; if one is wrong, none is stored and each problem is
reported as file:line: field: message.`;

const CSV_FIELDS = ['channel', 'campaign', 'kind', 'from', 'to', 'amount', 'currency', 'note', 'segment'];
/** The CSV column or flag `segment` is the input's `segmentId` (an id or a key). */
const inputField = (field: string) => (field === 'segment' ? 'segmentId' : field);

async function readCostCsv(file: string): Promise<{ line: number; input: Record<string, string> }[]> {
  const rows: { line: number; input: Record<string, string> }[] = [];
  let header: string[] | null = null;
  const parser = createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true, trim: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = record.map((h) => h.toLowerCase());
      const unknown = header.filter((h) => !CSV_FIELDS.includes(h));
      if (unknown.length > 0) throw new UsageError(`${basename(file)}:1: unknown column(s) ${unknown.join(', ')}; expected ${CSV_FIELDS.join(', ')}.`);
      for (const required of ['channel', 'from', 'to', 'amount']) if (!header.includes(required)) throw new UsageError(`${basename(file)}:1: missing column "${required}".`);
      continue;
    }
    const input: Record<string, string> = {};
    header.forEach((field, i) => {
      if (record[i] !== undefined && record[i] !== '') input[inputField(field)] = record[i]!;
    });
    rows.push({ line: info.lines, input });
  }
  return rows;
}

export async function costsCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  const [action, argument] = positionals;
  if (!['list', 'add', 'import', 'delete'].includes(action ?? '')) throw new UsageError(COSTS_HELP);
  if ((action === 'import' || action === 'delete') && !argument) throw new UsageError(`costs ${action} needs ${action === 'import' ? 'a CSV file' : 'the line id (see `leadpulse costs list`)'}.`);
  const rows =
    action === 'import'
      ? await readCostCsv(argument!)
      : action === 'add'
        ? [{ line: 0, input: Object.fromEntries(CSV_FIELDS.filter((f) => typeof flags[f] === 'string').map((f) => [inputField(f), flags[f] as string])) }]
        : [];

  const { server } = await openServer(io, flags);
  try {
    const reports = server.app.reports;
    if (action === 'list') {
      const lines = await reports.listCostLines({ from: typeof flags['from'] === 'string' ? Date.parse(flags['from']) : undefined, to: typeof flags['to'] === 'string' ? Date.parse(flags['to']) : undefined });
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      printTable(io, [['id', 'channel', 'campaign', 'kind', 'from', 'to', 'amount', 'currency', 'segment'], ...lines.map((l) => [l.id, l.channel, l.campaign ?? '-', l.kind, day(l.periodStart), day(l.periodEnd - 1), l.amount.toFixed(2), l.currency, l.segmentId ?? '-'])]);
      return EXIT.ok;
    }
    if (action === 'delete') {
      const result = await reports.deleteCostLine(argument!);
      if (!result.ok) throw new UsageError(result.error.message);
      io.stdout.write(`deleted ${argument}\n`);
      return EXIT.ok;
    }
    const stored = await reports.addCostLines(rows.map((r) => r.input));
    if (!stored.ok) {
      const where = (index: number) => (action === 'import' ? `${basename(argument!)}:${rows[index]!.line}` : 'costs add');
      const field = (path: readonly (string | number)[]) => path.map((p) => (p === 'segmentId' ? 'segment' : p)).join('.');
      const problems = (stored.error.issues ?? []).map((i) => `${where(Number(i.path[0]))}: ${field(i.path.slice(1)) || 'line'}: ${i.message}`);
      throw new UsageError(`${problems.join('\n')}\nNothing was stored.`);
    }
    io.stdout.write(`stored ${stored.value.length} cost line(s)${stored.value.length === 1 ? `: ${stored.value[0]!.id}` : ''}\n`);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}
