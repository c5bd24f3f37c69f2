import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse';
import type { Issue } from '@leadpulse/core';
import { UsageError } from './cli-io.js';
import { columnsOf, mapRow, repeatCount, type EventMapping } from './csv-mapping.js';

/** One line of an import file: an event to ingest, or the problems that keep it out. `bytes` read so far, for progress. */
export type ImportItem =
  | { readonly kind: 'event'; readonly line: number; readonly event: unknown; readonly bytes: number }
  | { readonly kind: 'rejected'; readonly line: number; readonly issues: readonly Issue[]; readonly bytes: number };

/** A deterministic messageId for a line without one, so re-running an import reports duplicates and changes nothing. */
export function lineMessageId(fileName: string, line: number, content: string): string {
  return `import-${createHash('sha256').update(`${fileName}\n${line}\n${content}`).digest('hex').slice(0, 32)}`;
}

const hasMessageId = (event: Record<string, unknown>) => event['messageId'] !== undefined && event['messageId'] !== null && event['messageId'] !== '';

/** Segment events, one JSON object per line; blank lines are skipped. */
export async function* readNdjson(file: string): AsyncGenerator<ImportItem> {
  const name = basename(file);
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
      yield { kind: 'rejected', line, issues: [{ code: 'invalid_json', path: [], message: `not valid JSON: ${(cause as Error).message}` }], bytes };
      continue;
    }
    if (typeof event === 'object' && event !== null && !Array.isArray(event) && !hasMessageId(event as Record<string, unknown>)) {
      event = { ...event, messageId: lineMessageId(name, line, text) };
    }
    yield { kind: 'event', line, event, bytes };
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;
const countBreaks = (text: string) => text.match(LINE_BREAK)?.length ?? 0;

/**
 * CSV rows turned into events by the mapping(s), one item per row and mapping. Line numbers are physical (the
 * header is line 1) and name the row's first line, also when a quoted value spans several lines.
 */
export async function* readCsv(file: string, mappings: readonly EventMapping[]): AsyncGenerator<ImportItem> {
  const name = basename(file);
  const parser = createReadStream(file).pipe(parse({ info: true, raw: true, bom: true, skip_empty_lines: true, relax_column_count: true }));
  let header: string[] | null = null;
  // The line where the next record starts; a record's raw text carries the blank lines skipped before it.
  let nextLine = 1;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{ record: string[]; raw: string; info: { bytes: number } }>) {
      const line = nextLine + (/^[\r\n]+/.exec(raw)?.[0].match(LINE_BREAK)?.length ?? 0);
      nextLine += countBreaks(raw);
      if (!header) {
        header = record.map((column) => column.trim());
        const missing = [...new Set(mappings.flatMap(columnsOf))].filter((column) => !header!.includes(column));
        if (missing.length > 0) throw new UsageError(`${file}:${line}: the mapping reads column(s) ${missing.map((c) => `"${c}"`).join(', ')} that the header lacks.`);
        continue;
      }
      const row = Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']));
      for (const [n, mapping] of mappings.entries()) {
        const count = repeatCount(mapping, row);
        if (!count.ok) {
          yield { kind: 'rejected', line, issues: count.error, bytes: info.bytes };
          continue;
        }
        for (let copy = 0; copy < count.value; copy++) {
          const mapped = mapRow(mapping, row);
          if (!mapped.ok) yield { kind: 'rejected', line, issues: mapped.error, bytes: info.bytes };
          else if (mapped.value) {
            const event = mapped.value;
            // One id per row, mapping and copy, unless the file provides messageIds.
            if (!hasMessageId(event)) event['messageId'] = lineMessageId(`${name}#${n}${copy > 0 ? `.${copy}` : ''}`, line, raw.trim());
            else if (copy > 0) event['messageId'] = `${String(event['messageId'])}.${copy}`;
            yield { kind: 'event', line, event, bytes: info.bytes };
          }
          if (!mapped.ok) break;
        }
      }
    }
  } catch (cause) {
    if (cause instanceof CsvError) throw new UsageError(`${file}:${nextLine}: not valid CSV: ${cause.message}`);
    throw cause;
  }
}
