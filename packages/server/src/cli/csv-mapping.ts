import { err, ok, type Issue, type Result } from '@leadpulse/core';

/**
 * How CSV rows become Segment events, kept as a JSON file next to the data. Each row gives one event per
 * entry of `events` (or one, when the file is a single mapping). Values name CSV columns, except `type` and a
 * fixed `event` name; `{ "value": "…" }` is a constant.
 *
 * { "type": "track", "event": "Form Submitted" | { "column": "event_name" },
 *   "userId": "id", "anonymousId": "col", "email": "email", "timestamp": "first_contact_date", "messageId": "col",
 *   "properties": { "origin": "origin" }, "traits": { "city": "city" },
 *   "context": { "campaign.source": "origin", "page.path": "landing_page" },
 *   "numbers": ["revenue"], "skipEmpty": ["timestamp"] }
 */
export interface EventMapping {
  readonly type: 'track' | 'identify' | 'page';
  readonly event?: string | { readonly column: string };
  readonly userId?: string;
  readonly anonymousId?: string;
  readonly email?: string;
  readonly timestamp?: string;
  readonly messageId?: string;
  readonly properties?: Readonly<Record<string, string | { readonly value: unknown }>>;
  readonly traits?: Readonly<Record<string, string | { readonly value: unknown }>>;
  readonly context?: Readonly<Record<string, string | { readonly value: unknown }>>;
  /** Properties or traits converted to numbers. */
  readonly numbers?: readonly string[];
  /** Columns that, when empty, mean "no event for this row" (e.g. a deal without a won date). */
  readonly skipEmpty?: readonly string[];
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateMapping(input: unknown): Result<EventMapping[], Issue[]> {
  const issues: Issue[] = [];
  const list = isPlain(input) && Array.isArray(input['events']) ? input['events'] : [input];
  const base: (string | number)[] = isPlain(input) && Array.isArray(input['events']) ? ['events'] : [];
  list.forEach((mapping, i) => {
    const path = Array.isArray(input) || base.length ? [...base, i] : [];
    if (!isPlain(mapping)) return void issues.push({ code: 'invalid_type', path, message: 'expected a mapping object' });
    if (!['track', 'identify', 'page'].includes(mapping['type'] as string)) issues.push({ code: 'invalid_value', path: [...path, 'type'], message: 'expected "track", "identify" or "page"' });
    if (mapping['type'] === 'track' && mapping['event'] === undefined) issues.push({ code: 'missing_field', path: [...path, 'event'], message: 'a track mapping needs "event": a fixed name or { "column": "…" }' });
    if (!mapping['userId'] && !mapping['anonymousId'] && !mapping['email']) issues.push({ code: 'missing_field', path: [...path, 'userId'], message: 'map at least one of userId, anonymousId or email to a column' });
    for (const field of ['userId', 'anonymousId', 'email', 'timestamp', 'messageId']) {
      if (mapping[field] !== undefined && typeof mapping[field] !== 'string') issues.push({ code: 'invalid_type', path: [...path, field], message: 'expected a column name' });
    }
    for (const group of ['properties', 'traits', 'context']) {
      const value = mapping[group];
      if (value === undefined) continue;
      if (!isPlain(value)) issues.push({ code: 'invalid_type', path: [...path, group], message: 'expected { "name": "column" }' });
      else for (const [key, column] of Object.entries(value)) {
        if (typeof column !== 'string' && !(isPlain(column) && 'value' in column)) issues.push({ code: 'invalid_type', path: [...path, group, key], message: 'expected a column name or { "value": … }' });
      }
    }
  });
  return issues.length > 0 ? err(issues) : ok(list as EventMapping[]);
}

/** The columns a mapping reads, to check them against the CSV header before importing. */
export function columnsOf(mapping: EventMapping): string[] {
  const columns = [mapping.userId, mapping.anonymousId, mapping.email, mapping.timestamp, mapping.messageId, typeof mapping.event === 'object' ? mapping.event.column : undefined];
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
  const issues: Issue[] = [];
  const read = (spec: string | { value: unknown }, name: string): unknown => {
    if (typeof spec !== 'string') return spec.value;
    const raw = row[spec]?.trim() ?? '';
    if (raw === '') return undefined;
    if (mapping.numbers?.includes(name)) {
      const n = Number(raw.replace(',', '.'));
      if (!Number.isFinite(n)) issues.push({ code: 'invalid_value', path: [spec], message: `expected a number, got "${raw}"` });
      return n;
    }
    return raw;
  };
  const event: Plain = { type: mapping.type };
  if (mapping.event !== undefined) event['event'] = typeof mapping.event === 'string' ? mapping.event : row[mapping.event.column]?.trim();
  for (const field of ['userId', 'anonymousId', 'messageId'] as const) {
    const column = mapping[field];
    if (column && row[column]?.trim()) event[field] = row[column]!.trim();
  }
  if (mapping.timestamp) {
    const raw = row[mapping.timestamp]?.trim() ?? '';
    // "2017-10-02 00:00:00" is read as UTC, like the ISO form.
    const iso = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(raw) ? `${raw.replace(' ', 'T')}${raw.length === 10 ? 'T00:00:00' : ''}Z` : raw;
    if (raw && !Number.isFinite(Date.parse(iso))) issues.push({ code: 'invalid_value', path: [mapping.timestamp], message: `expected a date, got "${raw}"` });
    else if (raw) event['timestamp'] = new Date(Date.parse(iso)).toISOString();
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
