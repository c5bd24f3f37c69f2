import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { formatPath, type Issue } from '@leadpulse/core';
import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { EXIT, UsageError, type CliFlags, type CliIo } from './cli-io.js';
import { validateMapping, type EventMapping } from './csv-mapping.js';
import { readCsv, readNdjson, type ImportItem } from './import-sources.js';
import { openServer } from './open-server.js';
import { createProgress } from './progress.js';

export const IMPORT_HELP = `Usage: leadpulse import <file> [--mapping <mapping.json>] [--data-dir DIR] [--database-url URL]

Imports events into the configured store through the same pipeline as the HTTP API.
  <file>.ndjson / .jsonl   one Segment event per line (track, identify, page, …)
  <file>.csv               one or more events per row, described by --mapping (see docs/importing.md)

Re-running an import is safe: events without a messageId get one derived from the file name, the line
number and its content, so a second run reports them as duplicates.
Prints "accepted N, duplicates N, rejected N", then each rejected line as file:line: field: message.
Exit code 0 when every line was accepted or already present, 2 when some were rejected, 1 on failure.`;

// Events handed to the pipeline per call; measured in docs/PERFORMANCE.md.
const CHUNK = 2000;
const SHOWN_REJECTIONS = 200;

interface Totals {
  accepted: number;
  duplicates: number;
  rejected: number;
}
type Rejection = { readonly line: number; readonly issues: readonly Issue[] };

export async function importCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  const file = positionals[0];
  if (!file) throw new UsageError(`Missing the file to import.\n\n${IMPORT_HELP}`);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file.`);
  const mappingFile = typeof flags['mapping'] === 'string' ? flags['mapping'] : undefined;
  const isCsv = file.toLowerCase().endsWith('.csv');
  if (isCsv && !mappingFile) throw new UsageError(`${file}: a CSV import needs --mapping <mapping.json> (see docs/importing.md).`);
  if (!isCsv && mappingFile) throw new UsageError(`${file}: --mapping applies to .csv files; NDJSON lines are Segment events already.`);
  const source = mappingFile ? readCsv(file, readMapping(mappingFile)) : readNdjson(file);

  const { server } = await openServer(io, flags);
  try {
    const size = statSync(file).size;
    const progress = createProgress(io, `importing ${basename(file)}`);
    const totals: Totals = { accepted: 0, duplicates: 0, rejected: 0 };
    const rejections: Rejection[] = [];
    let chunk: Extract<ImportItem, { kind: 'event' }>[] = [];
    for await (const item of source) {
      if (item.kind === 'rejected') {
        rejections.push(item);
        continue;
      }
      chunk.push(item);
      if (chunk.length >= CHUNK) {
        await ingestChunk(server.app, chunk, totals, rejections);
        chunk = [];
        progress.update(item.bytes, size, 'bytes');
      }
    }
    await ingestChunk(server.app, chunk, totals, rejections);
    progress.update(size, size, 'bytes');
    const seconds = progress.done();
    totals.rejected = rejections.length;
    printRejections(io, file, rejections);
    const processed = totals.accepted + totals.duplicates + totals.rejected;
    io.stdout.write(`${file}: accepted ${totals.accepted}, duplicates ${totals.duplicates}, rejected ${totals.rejected} (${processed} events in ${seconds.toFixed(1)} s, ${Math.round(processed / Math.max(seconds, 0.001))} events/s)\n`);
    return totals.rejected > 0 ? EXIT.usage : EXIT.ok;
  } finally {
    await server.stop();
  }
}

async function ingestChunk(app: LeadPulseApp, chunk: readonly Extract<ImportItem, { kind: 'event' }>[], totals: Totals, rejections: Rejection[]): Promise<void> {
  if (chunk.length === 0) return;
  const result = await app.ingest(
    chunk.map((item) => item.event),
    { receivedAt: app.now() },
  );
  for (const outcome of result.outcomes) {
    if (outcome.status === 'accepted') totals.accepted++;
    else if (outcome.status === 'duplicate') totals.duplicates++;
    else rejections.push({ line: chunk[outcome.index]!.line, issues: outcome.issues });
  }
}

/** In line order, as `file:line: field: message`; past a screenful, only how many more there are. */
function printRejections(io: CliIo, file: string, rejections: Rejection[]): void {
  const lines = rejections
    .sort((a, b) => a.line - b.line)
    .flatMap((r) => (r.issues.length > 0 ? r.issues : [{ code: 'rejected', path: [], message: 'rejected' }]).map((issue) => `${file}:${r.line}: ${formatPath(issue.path) || '(event)'}: ${issue.message}`));
  for (const line of lines.slice(0, SHOWN_REJECTIONS)) io.stderr.write(`${line}\n`);
  if (lines.length > SHOWN_REJECTIONS) io.stderr.write(`… and ${lines.length - SHOWN_REJECTIONS} more issues\n`);
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
