import { stringify } from 'csv-stringify/sync';
import { SEGMENT_EXPORT_COLUMNS } from '@leadpulse/contract';
import type { SegmentExportRow } from './segment-ports.js';

const iso = (at: number | null) => (at === null ? '' : new Date(at).toISOString());
const day = (at: number | null) => (at === null ? '' : new Date(at).toISOString().slice(0, 10));
const consent = (granted: boolean | null) => (granted === null ? '' : granted ? 'granted' : 'refused');
const text = (value: string | number | null) => (value === null ? '' : String(value));

/** One export row as the CSV's cells, in SEGMENT_EXPORT_COLUMNS order. */
export function csvCellsOf(row: SegmentExportRow): string[] {
  return [
    row.id,
    text(row.userId),
    text(row.email),
    row.stage,
    String(row.score),
    iso(row.enteredAt),
    day(row.birthDate),
    text(row.age),
    text(row.gender),
    text(row.householdSize),
    text(row.children),
    text(row.country),
    text(row.region),
    text(row.city),
    text(row.postalCode),
    text(row.latitude),
    text(row.longitude),
    consent(row.consentEmail),
    consent(row.consentSms),
    consent(row.consentAds),
    consent(row.consentTracking),
  ];
}

/**
 * A segment's members as RFC 4180 CSV (csv-stringify: fields with a comma, quote or line break are quoted, quotes
 * doubled, CRLF line ends), one chunk per page of rows, so an export of a million members never sits in memory.
 * A cell that starts with =, +, - or @ is prefixed with a quote so a spreadsheet shows it as text, not a formula.
 */
export async function* segmentCsv(pages: AsyncIterable<readonly SegmentExportRow[]>): AsyncGenerator<string> {
  yield stringify([[...SEGMENT_EXPORT_COLUMNS]], { record_delimiter: 'windows' });
  for await (const rows of pages) {
    if (rows.length > 0) yield stringify(rows.map((row) => csvCellsOf(row).map(neutralise)), { record_delimiter: 'windows' });
  }
}

/** Spreadsheet formula injection (OWASP CSV injection): text cells only; numbers such as -3.5 stay as they are. */
function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && Number.isNaN(Number(cell)) ? `'${cell}` : cell;
}
