import { err, ok, type Issue, type Result } from '@leadpulse/core';

/**
 * How CSV rows become Segment events: a JSON file kept next to the data (`leadpulse import leads.csv --mapping
 * leads.mapping.json`). The CSV needs a header row; each row gives one event per mapping. Values name CSV columns,
 * except `type`, a fixed `event` name, and `{ "value": … }` constants.
 *
 * ```json
 * { "type": "track",                                  // "track" | "identify" | "page"
 *   "event": "Form Submitted",                        // or { "column": "event_name" }; for page, the page name
 *   "userId": "lead_id", "anonymousId": "visitor", "email": "email",   // at least one of the three
 *   "timestamp": "created_at",                        // ISO-8601, or YYYY-MM-DD[ HH:MM[:SS]] read as UTC
 *   "messageId": "row_id",                            // optional: a stable unique id per row
 *   "properties": { "revenue": "amount", "currency": { "value": "EUR" } },
 *   "traits": { "city": "city" },                     // identify: the traits; otherwise context.traits
 *   "context": { "campaign.source": "origin", "page.path": "landing_page" },   // dotted paths
 *   "numbers": ["revenue"],                           // entries converted to numbers (a decimal comma is accepted)
 *   "skipEmpty": ["won_date"] }                       // columns that, when empty, mean "no event from this row"
 * ```
 *
 * `{ "events": [mapping, …] }` gives several events per row (e.g. a form and, when won, an order).
 * A row known only by email gets the anonymous id `email:<address>`, so its events join the contact with that email.
 */
export interface EventMapping {
  readonly type: 'track' | 'identify' | 'page';
  /** A fixed name, or a column, optionally with its values renamed (`"Olark Chat Conversation": "Chat Started"`). */
  readonly event?: string | { readonly column: string; readonly map?: Readonly<Record<string, string>> };
  readonly userId?: string;
  readonly anonymousId?: string;
  readonly email?: string;
  /** A date column, or `{ "value": "2025-01-06T09:00:00Z" }` for files without dates. */
  readonly timestamp?: string | { readonly value: string };
  readonly messageId?: string;
  /** A column holding a count: the event is emitted that many times (at most 100), e.g. page views. */
  readonly repeat?: string;
  readonly properties?: Readonly<Record<string, string | { readonly value: unknown }>>;
  readonly traits?: Readonly<Record<string, string | { readonly value: unknown }>>;
  readonly context?: Readonly<Record<string, string | { readonly value: unknown }>>;
  /** Properties or traits converted to numbers. */
  readonly numbers?: readonly string[];
  /** Columns that, when empty, mean "no event for this row" (e.g. a deal without a won date). */
  readonly skipEmpty?: readonly string[];
  /** The event is emitted only for rows with these exact values, e.g. `{ "Converted": "1" }`. */
  readonly when?: Readonly<Record<string, string>>;
}

type Plain = Record<string, unknown>;
type Path = (string | number)[];
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

const MAPPING_KEYS = ['type', 'event', 'userId', 'anonymousId', 'email', 'timestamp', 'messageId', 'repeat', 'properties', 'traits', 'context', 'numbers', 'skipEmpty', 'when'];
export const MAX_REPEAT = 100;
const isColumn = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isConstant = (v: unknown) => isPlain(v) && Object.keys(v).length === 1 && 'value' in v;

/**
 * Checks a mapping file's JSON: one mapping object, or `{ "events": [mapping, …] }` for several events per row.
 * Every problem is reported with its path in the file (`events[1].numbers[0]`).
 */
export function validateMapping(input: unknown): Result<EventMapping[], Issue[]> {
  const issues: Issue[] = [];
  const add = (code: string, path: Path, message: string) => issues.push({ code, path, message });
  if (!isPlain(input)) {
    add('invalid_type', [], 'expected a mapping object, or { "events": [mapping, …] }');
    return err(issues);
  }
  const several = 'events' in input;
  if (several) {
    for (const key of Object.keys(input)) if (key !== 'events') add('unknown_key', [key], 'unexpected key next to "events"; put it inside each mapping');
    if (!Array.isArray(input['events']) || input['events'].length === 0) {
      add('invalid_type', ['events'], 'expected a non-empty list of mappings');
      return err(issues);
    }
  }
  const list: unknown[] = several ? (input['events'] as unknown[]) : [input];
  list.forEach((mapping, i) => checkMapping(mapping, several ? ['events', i] : [], add));
  return issues.length > 0 ? err(issues) : ok(list as EventMapping[]);
}

function checkMapping(mapping: unknown, path: Path, add: (code: string, path: Path, message: string) => void): void {
  if (!isPlain(mapping)) return add('invalid_type', path, 'expected a mapping object');
  for (const key of Object.keys(mapping)) if (!MAPPING_KEYS.includes(key)) add('unknown_key', [...path, key], `unknown key; expected one of ${MAPPING_KEYS.join(', ')}`);
  const type = mapping['type'];
  if (!['track', 'identify', 'page'].includes(type as string)) add('invalid_value', [...path, 'type'], 'expected "track", "identify" or "page"');
  const event = mapping['event'];
  if (event !== undefined && type === 'identify') add('invalid_value', [...path, 'event'], 'an identify mapping has no event name; remove "event"');
  if (event === undefined) {
    if (type === 'track') add('missing_field', [...path, 'event'], 'a track mapping needs "event": a fixed name or { "column": "…" }');
  } else if (!isColumn(event) && !(isPlain(event) && isColumn(event['column']) && Object.keys(event).every((k) => k === 'column' || k === 'map'))) {
    add('invalid_type', [...path, 'event'], 'expected a fixed event name or { "column": "…", "map": { "value": "Event Name" } }');
  } else if (isPlain(event) && event['map'] !== undefined && (!isPlain(event['map']) || !Object.values(event['map']).every(isColumn))) {
    add('invalid_type', [...path, 'event', 'map'], 'expected { "value in the column": "Event Name" }');
  }
  if (!mapping['userId'] && !mapping['anonymousId'] && !mapping['email']) add('missing_field', [...path, 'userId'], 'map at least one of userId, anonymousId or email to a column');
  for (const field of ['userId', 'anonymousId', 'email', 'messageId', 'repeat']) {
    if (mapping[field] !== undefined && !isColumn(mapping[field])) add('invalid_type', [...path, field], 'expected a column name');
  }
  const timestamp = mapping['timestamp'];
  if (timestamp !== undefined && !isColumn(timestamp)) {
    if (!isConstant(timestamp)) add('invalid_type', [...path, 'timestamp'], 'expected a column name or { "value": "2025-01-06T09:00:00Z" }');
    else if (typeof (timestamp as Plain)['value'] !== 'string' || parseCsvDate((timestamp as Plain)['value'] as string) === null) add('invalid_value', [...path, 'timestamp', 'value'], 'expected a date such as 2025-01-06T09:00:00Z');
  }
  const named = new Set<string>();
  for (const group of ['properties', 'traits', 'context']) {
    const value = mapping[group];
    if (value === undefined) continue;
    if (!isPlain(value)) {
      add('invalid_type', [...path, group], 'expected { "name": "column" }');
      continue;
    }
    for (const [key, spec] of Object.entries(value)) {
      named.add(key);
      if (!isColumn(spec) && !isConstant(spec)) add('invalid_type', [...path, group, key], 'expected a column name or { "value": … }');
      if (group === 'context' && key.split('.').some((part) => part === '')) add('invalid_value', [...path, group, key], 'expected a dotted path such as campaign.source');
    }
  }
  const when = mapping['when'];
  if (when !== undefined && (!isPlain(when) || !Object.values(when).every((v) => typeof v === 'string'))) add('invalid_type', [...path, 'when'], 'expected { "column": "value" }');
  for (const list of ['numbers', 'skipEmpty'] as const) {
    const value = mapping[list];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      add('invalid_type', [...path, list], list === 'numbers' ? 'expected a list of property or trait names' : 'expected a list of column names');
      continue;
    }
    value.forEach((item, j) => {
      if (!isColumn(item)) add('invalid_type', [...path, list, j], 'expected a name');
      else if (list === 'numbers' && !named.has(item)) add('invalid_value', [...path, list, j], `"${item}" is not one of this mapping's properties, traits or context entries`);
    });
  }
}

/** The columns a mapping reads, to check them against the CSV header before importing. */
export function columnsOf(mapping: EventMapping): string[] {
  const columns = [
    mapping.userId,
    mapping.anonymousId,
    mapping.email,
    typeof mapping.timestamp === 'string' ? mapping.timestamp : undefined,
    mapping.messageId,
    mapping.repeat,
    typeof mapping.event === 'object' ? mapping.event.column : undefined,
    ...(mapping.skipEmpty ?? []),
    ...Object.keys(mapping.when ?? {}),
  ];
  for (const group of [mapping.properties, mapping.traits, mapping.context]) for (const column of Object.values(group ?? {})) if (typeof column === 'string') columns.push(column);
  return columns.filter((c): c is string => typeof c === 'string');
}

function setPath(target: Plain, dotted: string, value: unknown) {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] = isPlain(node[part]) ? node[part] : {}) as Plain;
  node[parts[parts.length - 1]!] = value;
}

/** One CSV row → one Segment event (or null when a `skipEmpty` column is empty), with issues naming the column. */
export function mapRow(mapping: EventMapping, row: Readonly<Record<string, string>>): Result<Plain | null, Issue[]> {
  if (mapping.skipEmpty?.some((column) => !row[column]?.trim())) return ok(null);
  if (mapping.when && Object.entries(mapping.when).some(([column, value]) => row[column]?.trim() !== value)) return ok(null);
  const issues: Issue[] = [];
  const read = (spec: string | { value: unknown }, name: string): unknown => {
    if (typeof spec !== 'string') return spec.value;
    const raw = row[spec]?.trim() ?? '';
    if (raw === '') return undefined;
    if (mapping.numbers?.includes(name)) {
      // French exports write 1 234,50: spaces group thousands and the comma is the decimal mark.
      const n = Number(raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
      if (!Number.isFinite(n)) issues.push({ code: 'invalid_value', path: [spec], message: `expected a number, got "${raw}"` });
      return n;
    }
    return raw;
  };
  const event: Plain = { type: mapping.type };
  // Segment names a track call's "event" and a page call's "name".
  const nameField = mapping.type === 'page' ? 'name' : 'event';
  if (typeof mapping.event === 'string') event[nameField] = mapping.event;
  else if (mapping.event) {
    const name = row[mapping.event.column]?.trim();
    if (name) event[nameField] = mapping.event.map?.[name] ?? name;
    else issues.push({ code: 'missing_field', path: [mapping.event.column], message: 'expected an event name, got an empty value' });
  }
  for (const field of ['userId', 'anonymousId', 'messageId'] as const) {
    const column = mapping[field];
    if (column && row[column]?.trim()) event[field] = row[column]!.trim();
  }
  if (typeof mapping.timestamp === 'object') event['timestamp'] = new Date(parseCsvDate(mapping.timestamp.value)!).toISOString();
  else if (mapping.timestamp) {
    const raw = row[mapping.timestamp]?.trim() ?? '';
    const at = raw ? parseCsvDate(raw) : null;
    if (raw && at === null) issues.push({ code: 'invalid_value', path: [mapping.timestamp], message: `expected a date such as 2026-11-02 or 2026-11-02T14:30:00Z, got "${raw}"` });
    else if (at !== null) event['timestamp'] = new Date(at).toISOString();
  }
  const traits: Plain = {};
  if (mapping.email && row[mapping.email]?.trim()) traits['email'] = row[mapping.email]!.trim();
  for (const [name, spec] of Object.entries(mapping.traits ?? {})) {
    const value = read(spec, name);
    if (value !== undefined) traits[name] = value;
  }
  const properties: Plain = {};
  for (const [name, spec] of Object.entries(mapping.properties ?? {})) {
    const value = read(spec, name);
    if (value !== undefined) properties[name] = value;
  }
  const context: Plain = {};
  for (const [name, spec] of Object.entries(mapping.context ?? {})) {
    const value = read(spec, name);
    if (value !== undefined) setPath(context, name, value);
  }
  // Rows known only by email get an anonymous id derived from it; the email identity links them to the contact.
  if (!event['userId'] && !event['anonymousId'] && typeof traits['email'] === 'string') event['anonymousId'] = `email:${traits['email'].toLowerCase()}`;
  if (mapping.type === 'identify') event['traits'] = traits;
  else if (Object.keys(traits).length > 0) context['traits'] = traits;
  if (Object.keys(properties).length > 0) event['properties'] = properties;
  if (Object.keys(context).length > 0) event['context'] = context;
  return issues.length > 0 ? err(issues) : ok(event);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Epoch milliseconds of an ISO-8601 date, or null. Dates without a zone are read as UTC, so an import gives the same
 * result on every machine; other forms (01/11/2026) are refused because their day and month order is ambiguous.
 */
export function parseCsvDate(raw: string): number | null {
  const m = ISO_DATE.exec(raw);
  if (!m) return null;
  const [, year, month, day] = m;
  // Date.parse rolls 2026-02-30 over to March; a calendar check refuses it.
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day)) return null;
  const withTime = m[4] ? raw.replace(' ', 'T') : `${raw}T00:00:00`;
  const at = Date.parse(m[7] ? withTime : `${withTime}Z`);
  return Number.isFinite(at) ? at : null;
}

/** How many times a row's event is emitted: 1 without `repeat`, else the column's whole count, capped. */
export function repeatCount(mapping: EventMapping, row: Readonly<Record<string, string>>): Result<number, Issue[]> {
  if (!mapping.repeat) return ok(1);
  const raw = row[mapping.repeat]?.trim() ?? '';
  if (raw === '') return ok(0);
  const n = Number(raw.replace(',', '.'));
  if (!Number.isFinite(n) || n < 0) return err([{ code: 'invalid_value', path: [mapping.repeat], message: `expected a count, got "${raw}"` }]);
  return ok(Math.min(MAX_REPEAT, Math.round(n)));
}
