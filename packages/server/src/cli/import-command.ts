import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { formatPath, type Issue } from '@leadpulse/core';
import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { EXIT, UsageError, type CliIo } from './cli-io.js';
import { columnsOf, mapRow, validateMapping, type EventMapping } from './csv-mapping.js';
import { openServer } from './open-server.js';
import { createProgress } from './progress.js';

export const IMPORT_HELP = `Usage: leadpulse import <file> [--mapping <mapping.json>] [--verbose]

Imports events into the configured store through the same pipeline as the HTTP API.
  <file>.ndjson / .jsonl   one Segment event per line (track, identify, page, …)
  <file>.csv               one or more events per row, described by --mapping (see docs/importing.md)

Re-running an import is safe: events without a messageId get one derived from the file name, the line
number and its content, so a second run reports them as duplicates.
Exit code 0 when every line was accepted or already present, 2 when some were rejected (each is printed as
file:line: field: message), 1 on failure.`;

interface Line {
  readonly line: number;
  readonly event: unknown;
}

const CHUNK = 2000;

export async function importCommand(io: CliIo, positionals: string[], flags: Record<string, string | boolean | undefined>): Promise<number> {
  const file = positionals[0];
  if (!file) throw new UsageError(`Missing the file to import.\n\n${IMPORT_HELP}`);
  if (!existsSync(file)) throw new UsageError(`${file}: no such file.`);
  const mappingFile = typeof flags['mapping'] === 'string' ? flags['mapping'] : undefined;
  const isCsv = file.toLowerCase().endsWith('.csv');
  if (isCsv && !mappingFile) throw new UsageError(`${file}: a CSV import needs --mapping <mapping.json> (see docs/importing.md).`);
  const mappings = mappingFile ? readMapping(mappingFile) : null;

  const { server } = await openServer(io, flags);
  try {
    const name = basename(file);
    const size = statSync(file).size;
    const progress = createProgress(io, `importing ${name}`);
    const totals = { accepted: 0, duplicates: 0, rejected: 0, lines: 0 };
    const rejections: string[] = [];
    const report = (line: number, issues: readonly Issue[]) => {
      totals.rejected++;
      for (const issue of issues) rejections.push(`${file}:${line}: ${formatPath(issue.path) || '(event)'}: ${issue.message}`);
    };
    let pending: Line[] = [];
    const flush = async () => {
      const chunk = pending;
      pending = [];
      await ingestChunk(server.app, chunk, totals, report);
    };
    const source = isCsv ? readCsv(file, mappings!, report) : readNdjson(file, name, report);
    for await (const { line, event, bytes } of source) {
      totals.lines = line;
      pending.push({ line, event });
      if (pending.length >= CHUNK) {
        await flush();
        progress.update(bytes, size, 'bytes');
      }
    }
    await flush();
    progress.update(size, size, 'bytes');
    const seconds = progress.done();
    for (const line of rejections.slice(0, 200)) io.stderr.write(`${line}\n`);
    if (rejections.length > 200) io.stderr.write(`… and ${rejections.length - 200} more issues\n`);
    const processed = totals.accepted + totals.duplicates + totals.rejected;
    io.stdout.write(`${file}: accepted ${totals.accepted}, duplicates ${totals.duplicates}, rejected ${totals.rejected} (${processed} events in ${seconds.toFixed(1)} s, ${Math.round(processed / Math.max(seconds, 0.001))} events/s)\n`);
    return totals.rejected > 0 ? EXIT.usage : EXIT.ok;
  } finally {
    await server.stop();
  }
}

async function ingestChunk(app: LeadPulseApp, chunk: Line[], totals: { accepted: number; duplicates: number }, report: (line: number, issues: readonly Issue[]) => void) {
  if (chunk.length === 0) return;
  const result = await app.ingest(
    chunk.map((l) => l.event),
    { receivedAt: app.now() },
  );
  result.outcomes.forEach((outcome, i) => {
    if (outcome.status === 'accepted') totals.accepted++;
    else if (outcome.status === 'duplicate') totals.duplicates++;
    else report(chunk[i]!.line, outcome.issues);
  });
}

function readMapping(path: string): EventMapping[] {
  if (!existsSync(path)) throw new UsageError(`${path}: no such mapping file.`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new UsageError(`${path}: not valid JSON: ${(cause as Error).message}`);
  }
  const mapping = validateMapping(json);
  if (!mapping.ok) throw new UsageError(mapping.error.map((i) => `${path}: ${formatPath(i.path) || '(mapping)'}: ${i.message}`).join('\n'));
  return mapping.value;
}

/** A deterministic messageId for a line without one, so re-running an import changes nothing. */
const lineId = (name: string, line: number, content: string) => `import-${createHash('sha256').update(`${name}\n${line}\n${content}`).digest('hex').slice(0, 32)}`;

async function* readNdjson(file: string, name: string, report: (line: number, issues: readonly Issue[]) => void) {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  let bytes = 0;
  for await (const text of lines) {
    line++;
    bytes += Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (cause) {
      report(line, [{ code: 'invalid_json', path: [], message: `not valid JSON: ${(cause as Error).message}` }]);
      continue;
    }
    if (typeof event === 'object' && event !== null && !Array.isArray(event) && !('messageId' in event)) {
      event = { ...event, messageId: lineId(name, line, text) };
    }
    yield { line, event, bytes };
  }
}

async function* readCsv(file: string, mappings: EventMapping[], report: (line: number, issues: readonly Issue[]) => void) {
  const parser = createReadStream(file).pipe(parse({ columns: true, info: true, bom: true, skip_empty_lines: true, relax_column_count: true }));
  let checkedHeader = false;
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
    if (!checkedHeader) {
      checkedHeader = true;
      const missing = mappings.flatMap(columnsOf).filter((column) => !(column in record));
      if (missing.length > 0) throw new UsageError(`${file}:1: the mapping reads column(s) ${[...new Set(missing)].map((c) => `"${c}"`).join(', ')} that the header lacks.`);
    }
    for (const [n, mapping] of mappings.entries()) {
      const mapped = mapRow(mapping, record);
      if (!mapped.ok) {
        report(info.lines, mapped.error);
        continue;
      }
      if (!mapped.value) continue;
      const event = mapped.value;
      // One deterministic id per row and mapping, unless the file provides messageIds.
      if (!event['messageId']) event['messageId'] = lineId(`${basename(file)}#${n}`, info.lines, JSON.stringify(record));
      yield { line: info.lines, event, bytes: info.bytes };
    }
  }
}
