import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatPath, type DomainError } from '@leadpulse/core';
import { segmentCsv } from '../app/segments/segment-csv.js';
import { EXIT, printTable, UsageError, type CliFlags, type CliIo } from './cli-io.js';
import { openServer } from './open-server.js';
import { readJsonFile } from './read-json-file.js';

export const SEGMENTS_HELP = `Usage: leadpulse segments list [--format table|json]
       leadpulse segments count <key> [--format table|json]
       leadpulse segments count --where <file.json> [--format table|json]
       leadpulse segments export <key> [--out file.csv]

list       Every saved segment with its status (building or live), version and stored size.
count      Counts the members now, evaluating every contact the SQL prefilter lets through (exact, unlike the
           dashboard's live preview, which extrapolates past 20,000 candidates), with the count per stage.
  --where FILE       count an unsaved definition instead: { "where": …, "purchasingPower": … } (key and name optional)
export     The members as CSV (RFC 4180): id, userId, email, stage, score, enteredAt and the profile columns
           (birthDate, age, gender, householdSize, children, country, region, city, postalCode, latitude, longitude,
           consent per purpose). Streamed, a page at a time.
  --out FILE         write to this file instead of stdout
  --format           table (default) or json

Exit codes: 0 success, 1 failure, 2 bad usage, an unknown key or an invalid definition.
See docs/segments.md for the segment language.`;

export async function segmentsCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  const [action, argument] = positionals;
  if (action === 'list') return list(io, flags);
  if (action === 'count') return count(io, argument, flags);
  if (action === 'export') return exportSegment(io, argument, flags);
  throw new UsageError(`${action ? `Unknown action "${action}".` : 'Missing the action.'}\n\n${SEGMENTS_HELP}`);
}

const formatOf = (flags: CliFlags) => {
  const format = flags['format'] ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format expects table or json, got "${String(format)}".`);
  return format;
};

/** A refusal of the app as a usage error (exit 2): an unknown key, an invalid definition with each issue's path. */
function refused(error: DomainError, source?: string): never {
  const issues = (error.issues ?? []).map((issue) => `  ${source ? `${source}: ` : ''}${formatPath(issue.path) || '(document)'}: ${issue.message}`);
  throw new UsageError([error.message, ...issues].join('\n'));
}

async function list(io: CliIo, flags: CliFlags): Promise<number> {
  const format = formatOf(flags);
  const { server } = await openServer(io, flags);
  try {
    const segments = await server.app.segments.list();
    if (format === 'json') {
      const iso = (at: number) => new Date(at).toISOString();
      io.stdout.write(`${JSON.stringify(segments.map((s) => ({ id: s.id, key: s.key, name: s.name, status: s.status, version: s.version, size: s.size, where: s.definition.where, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt) })), null, 2)}\n`);
    } else if (segments.length === 0) {
      io.stdout.write('No segments yet. Save one in the dashboard or with POST /api/v1/segments.\n');
    } else {
      printTable(io, [['key', 'name', 'status', 'version', 'size'], ...segments.map((s) => [s.key, s.name, s.status, String(s.version), String(s.size)])]);
    }
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

async function count(io: CliIo, key: string | undefined, flags: CliFlags): Promise<number> {
  const format = formatOf(flags);
  const whereFile = typeof flags['where'] === 'string' ? flags['where'] : undefined;
  if (!key === !whereFile) throw new UsageError(`Give a segment key or --where <file.json>, not both.\n\n${SEGMENTS_HELP}`);
  const definition = whereFile ? readJsonFile(whereFile, 'Missing the definition file.').json : undefined;
  if (definition !== undefined && (typeof definition !== 'object' || definition === null || Array.isArray(definition))) throw new UsageError(`${whereFile}: expected an object with "where".`);
  const { server } = await openServer(io, flags);
  try {
    const started = performance.now();
    const what = key ? { idOrKey: key } : { definition: { key: 'unsaved-count', name: 'Count', ...(definition as object) } };
    const counted = await server.app.segments.count(what);
    if (!counted.ok) refused(counted.error, whereFile);
    const { count: total, byStage } = counted.value;
    const tookMs = Math.round(performance.now() - started);
    if (format === 'json') return void io.stdout.write(`${JSON.stringify({ count: total, byStage, tookMs }, null, 2)}\n`), EXIT.ok;
    io.stdout.write(`${key ?? whereFile}: ${total} member(s) (${tookMs} ms)\n`);
    const stages = Object.entries(byStage).sort(([a], [b]) => a.localeCompare(b));
    if (stages.length > 0) printTable(io, [['stage', 'members'], ...stages.map(([stage, n]) => [stage, String(n)])]);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

async function exportSegment(io: CliIo, key: string | undefined, flags: CliFlags): Promise<number> {
  if (!key) throw new UsageError(`Missing the segment key.\n\n${SEGMENTS_HELP}`);
  const out = typeof flags['out'] === 'string' ? flags['out'] : undefined;
  const { server } = await openServer(io, flags);
  try {
    const rows = await server.app.segments.exportRows(key);
    if (!rows.ok) refused(rows.error);
    const file = out ? createWriteStream(out) : null;
    let members = 0;
    const counted = async function* () {
      for await (const page of rows.value) {
        members += page.length;
        yield page;
      }
    };
    for await (const chunk of segmentCsv(counted())) {
      // Waits for the file to drain, so a million rows never queue in memory.
      if (file) {
        if (!file.write(chunk)) await once(file, 'drain');
      } else io.stdout.write(chunk);
    }
    if (file) {
      file.end();
      await once(file, 'finish');
      io.stderr.write(`Wrote ${members} member(s) of ${key} to ${out}.\n`);
    }
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}
