import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { DAY, formatPath, longestDoctrineWindow, type EpochMs, type Issue } from '@leadpulse/core';
import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { EXIT, UsageError, type CliFlags, type CliIo } from './cli-io.js';
import { validateMapping, type EventMapping } from './csv-mapping.js';
import { readCsv, readNdjson, type ImportItem } from './import-sources.js';
import { asOfFlag, openServer } from './open-server.js';
import { createProgress } from './progress.js';

export const IMPORT_HELP = `Usage: leadpulse import <file> [--mapping <mapping.json>] [--as-of DATE] [--data-dir DIR] [--database-url URL]

Imports events into the configured store through the same pipeline as the HTTP API.
  <file>.ndjson / .jsonl   one Segment event per line (track, identify, page, …)
  <file>.csv               one or more events per row, described by --mapping (see docs/importing.md)

Every stage change is dated when it happened in the data. --as-of DATE classifies as of that instant instead of
now (a date means its end): for a dataset from an earlier period, so its contacts show the stages they held at
its end rather than after every window closed. An import whose newest event is older than the doctrine's
longest window says so and suggests it.

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
  /** The newest event's instant, and page views with and without their own engaged time: for the hints. */
  newest: EpochMs | null;
  pages: number;
  engaged: number;
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

  const asOf = asOfFlag(flags);
  const { server } = await openServer(io, flags, asOf === undefined ? {} : { clock: { now: () => new Date(asOf) } });
  try {
    const size = statSync(file).size;
    const progress = createProgress(io, `importing ${basename(file)}`);
    const totals: Totals = { accepted: 0, duplicates: 0, rejected: 0, newest: null, pages: 0, engaged: 0 };
    const rejections: Rejection[] = [];
    await server.app.bulkLoad(estimateLines(file, size), async (deferred) => {
      if (deferred) io.stderr.write('large import: the segment indexes are built once, at the end (see docs/importing.md)\n');
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
          progress.update(item.bytes, size, 'bytes', { value: sent(totals, rejections), unit: 'events' });
        }
      }
      await ingestChunk(server.app, chunk, totals, rejections);
    });
    progress.update(size, size, 'bytes', { value: sent(totals, rejections), unit: 'events' });
    const seconds = progress.done();
    totals.rejected = rejections.length;
    printRejections(io, file, rejections);
    const processed = totals.accepted + totals.duplicates + totals.rejected;
    io.stdout.write(`${file}: accepted ${totals.accepted}, duplicates ${totals.duplicates}, rejected ${totals.rejected} (${processed} events in ${seconds.toFixed(1)} s, ${Math.round(processed / Math.max(seconds, 0.001))} events/s)\n`);
    const windowMs = longestDoctrineWindow((await server.app.getDoctrine()).doctrine);
    for (const hint of importHints(totals, { now: server.app.now(), windowMs, asOf })) io.stderr.write(`hint: ${hint}\n`);
    return totals.rejected > 0 ? EXIT.usage : EXIT.ok;
  } finally {
    await server.stop();
  }
}

const sent = (totals: Totals, rejections: readonly Rejection[]) => totals.accepted + totals.duplicates + rejections.length;

/** The file's lines, estimated from those in its first 64 KiB (a CSV row may give several events: a floor). */
function estimateLines(file: string, size: number): number {
  const head = Buffer.alloc(Math.min(size, 65_536));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  let lines = 1;
  for (const byte of head) if (byte === 0x0a) lines++;
  return head.length === 0 ? 0 : Math.round((lines * size) / head.length);
}

async function ingestChunk(app: LeadPulseApp, chunk: readonly Extract<ImportItem, { kind: 'event' }>[], totals: Totals, rejections: Rejection[]): Promise<void> {
  if (chunk.length === 0) return;
  const result = await app.ingest(
    chunk.map((item) => item.event),
    { receivedAt: app.now() },
  );
  for (const item of chunk) {
    const event = item.event as Record<string, unknown>;
    const at = typeof event['timestamp'] === 'string' ? Date.parse(event['timestamp']) : Number.NaN;
    if (!Number.isNaN(at) && (totals.newest === null || at > totals.newest)) totals.newest = at;
    if (event['type'] === 'page') {
      totals.pages++;
      const properties = event['properties'] as Record<string, unknown> | undefined;
      if (properties && ('engagedSeconds' in properties || 'engaged_seconds' in properties)) totals.engaged++;
    }
  }
  for (const outcome of result.outcomes) {
    if (outcome.status === 'accepted') totals.accepted++;
    else if (outcome.status === 'duplicate') totals.duplicates++;
    else rejections.push({ line: chunk[outcome.index]!.line, issues: outcome.issues });
  }
}

/** What a newcomer should know after an import: data older than every window, and engaged time estimated from gaps. */
export function importHints(totals: Totals, context: { now: EpochMs; windowMs: number; asOf: EpochMs | undefined }): string[] {
  const hints: string[] = [];
  if (context.asOf === undefined && totals.newest !== null && context.windowMs > 0 && totals.newest < context.now - context.windowMs) {
    const day = new Date(totals.newest).toISOString().slice(0, 10);
    hints.push(
      `the newest event is from ${day}, older than the doctrine's longest window (${Math.round(context.windowMs / DAY)} days): today every window is closed, so most contacts show as unknown. To see the data as it stood at its end, run \`leadpulse reclassify --as-of ${day}\` (or import with --as-of ${day}), and read reports with --as-of ${day}.`,
    );
  }
  if (totals.pages > 0 && totals.engaged === 0) {
    hints.push('no page view carried its own engaged time (properties.engagedSeconds): engaged time is estimated from the gaps between page views of a session, so a session of one page counts none. Rules on engaged time may need lower thresholds for this data.');
  }
  return hints;
}

/** In line order, as `file:line: field: message`; past a screenful, only how many more there are. */
function printRejections(io: CliIo, file: string, rejections: Rejection[]): void {
  const lines = rejections
    .sort((a, b) => a.line - b.line)
    .flatMap((r) => (r.issues.length > 0 ? r.issues : [{ code: 'rejected', path: [], message: 'rejected' }]).map((issue) => `${file}:${r.line}: ${formatPath(issue.path) || '(event)'}: ${issue.message}`));
  for (const line of lines.slice(0, SHOWN_REJECTIONS)) io.stderr.write(`${line}\n`);
  if (lines.length > SHOWN_REJECTIONS) io.stderr.write(`… and ${lines.length - SHOWN_REJECTIONS} more issues\n`);
}

export function readMapping(path: string): EventMapping[] {
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
