import { DAY } from '../shared/duration.js';
import { eventId, type EpochMs } from '../shared/ids.js';
import { issue, type Issue } from '../shared/issue.js';
import { err, ok, type Result } from '../shared/result.js';
import { checkEventShape, mayNeedShapeWork } from './check-event-shape.js';
import { EVENT_TYPES, type EventContext, type EventType, type LeadEvent } from './lead-event.js';
import { truncateIp } from './truncate-ip.js';
import { hasLoneSurrogate, toWellFormedText } from './well-formed-text.js';

export const EVENT_ISSUE_CODES = ['invalid_type', 'missing_field', 'invalid_value', 'too_long', 'timestamp_out_of_range', 'unknown_type', 'too_deep', 'nul_byte', 'invalid_unicode'] as const;

export interface NormalizeContext {
  readonly receivedAt: EpochMs;
  /** The type implied by a single-type endpoint (`/v1/track`), for events that omit `type`. */
  readonly impliedType?: string;
  /** Used when the event has no messageId. */
  readonly fallbackId: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly isBot: (userAgent: string) => boolean;
}

const MAX_ID = 200;
const EARLIEST = Date.UTC(2000, 0, 1);
type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates one raw Segment-spec event and turns it into what the log stores. Every problem is reported,
 * each with its path. Example: `normalizeEvent({ type: 'track', anonymousId: 'a1', event: 'Signed Up' }, ctx)`.
 */
export function normalizeEvent(raw: unknown, ctx: NormalizeContext): Result<LeadEvent, Issue[]> {
  if (!isPlain(raw)) return err([issue('invalid_type', [], 'expected an event object')]);
  // Before any field is read: the fields' rules and storage assume bounded nesting and no NUL. Most events have
  // nothing to find, which one quick scan says.
  const suspect = mayNeedShapeWork(raw);
  const shape = suspect ? checkEventShape(raw) : [];
  if (shape.length > 0) return err(shape);
  const issues: Issue[] = [];

  const rawType = raw['type'] ?? ctx.impliedType;
  let type: EventType | null = null;
  if (typeof rawType !== 'string') issues.push(issue('missing_field', ['type'], `expected "type", one of ${EVENT_TYPES.join(', ')}`));
  else if (!(EVENT_TYPES as readonly string[]).includes(rawType)) issues.push(issue('unknown_type', ['type'], `unknown type "${rawType}"; expected one of ${EVENT_TYPES.join(', ')}`));
  else type = rawType as EventType;

  // Ids and names are keys: each engine stores a lone surrogate differently (U+FFFD or raw bytes), so an id
  // holding one would not find its identity again. They are refused; other texts get U+FFFD (toWellFormedText).
  const checkUnicode = (field: string, text: string) => {
    if (suspect && hasLoneSurrogate(text)) issues.push(issue('invalid_unicode', [field], 'contains half of a UTF-16 surrogate pair, which is not valid Unicode text'));
  };
  const id = (field: string): string | null => {
    const value = raw[field];
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') {
      issues.push(issue('invalid_type', [field], `expected a string, got ${describe(value)}`));
      return null;
    }
    const trimmed = value.trim();
    checkUnicode(field, trimmed);
    if (trimmed.length > MAX_ID) issues.push(issue('too_long', [field], `must be at most ${MAX_ID} characters`));
    return trimmed === '' ? null : trimmed;
  };
  const userId = id('userId');
  const anonymousId = id('anonymousId');
  const previousId = id('previousId');
  const groupId = id('groupId');
  const messageId = id('messageId');
  if (!userId && !anonymousId && !issues.some((i) => i.path[0] === 'userId' || i.path[0] === 'anonymousId')) {
    issues.push(issue('missing_field', ['userId'], 'every event needs a userId or an anonymousId'));
  }
  if (type === 'alias') {
    if (!userId) issues.push(issue('missing_field', ['userId'], 'an alias needs the new userId'));
    if (!previousId) issues.push(issue('missing_field', ['previousId'], 'an alias needs the previousId it replaces'));
  }
  if (type === 'group' && !groupId) issues.push(issue('missing_field', ['groupId'], 'a group call needs a groupId'));

  let name: string | null = null;
  const rawName = type === 'track' ? raw['event'] : raw['name'];
  const nameField = type === 'track' ? 'event' : 'name';
  if (typeof rawName === 'string' && rawName.trim() !== '') {
    name = rawName.trim();
    checkUnicode(nameField, name);
    if (name.length > MAX_ID) issues.push(issue('too_long', [nameField], `must be at most ${MAX_ID} characters`));
  } else if (rawName !== undefined && rawName !== null && typeof rawName !== 'string') {
    issues.push(issue('invalid_type', [nameField], `expected a string, got ${describe(rawName)}`));
  } else if (type === 'track') issues.push(issue('missing_field', ['event'], 'a track call needs the event name in "event"'));

  const object = (field: string): Plain => {
    const value = raw[field];
    if (value === undefined || value === null) return {};
    if (isPlain(value)) return suspect ? toWellFormedText(value) : value;
    issues.push(issue('invalid_type', [field], `expected an object, got ${describe(value)}`));
    return {};
  };
  const properties = object('properties');
  const rawTraits = object('traits');
  const rawContext = object('context');
  if (rawContext['traits'] !== undefined && !isPlain(rawContext['traits'])) issues.push(issue('invalid_type', ['context', 'traits'], 'expected an object'));
  for (const key of ['page', 'campaign'] as const) {
    if (rawContext[key] !== undefined && !isPlain(rawContext[key])) issues.push(issue('invalid_type', ['context', key], 'expected an object'));
  }

  const instant = (field: string): EpochMs | null => {
    const value = raw[field];
    if (value === undefined || value === null) return null;
    // Whole milliseconds, as Date keeps them: a fractional epoch (1408790972754.9487) would not fit a BIGINT column.
    const ms = typeof value === 'number' ? Math.trunc(value) : typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (!Number.isFinite(ms)) {
      issues.push(issue('invalid_value', [field], `expected an ISO-8601 date such as "2026-11-24T09:30:00Z" or epoch milliseconds`));
      return null;
    }
    return ms;
  };
  const timestamp = instant('timestamp') ?? instant('originalTimestamp');
  const sentAt = instant('sentAt');
  // Segment's skew correction: the sender's clock may be off, so shift by (received − sent).
  const at = timestamp === null ? ctx.receivedAt : sentAt === null ? timestamp : timestamp + (ctx.receivedAt - sentAt);
  if (timestamp !== null && (at < EARLIEST || at > ctx.receivedAt + DAY)) {
    issues.push(issue('timestamp_out_of_range', ['timestamp'], 'the event time (after clock-skew correction) must be after 2000-01-01 and at most one day ahead of the server'));
  }

  if (issues.length > 0 || type === null) return err(issues);

  const contextTraits = isPlain(rawContext['traits']) ? rawContext['traits'] : {};
  const rawIp = typeof rawContext['ip'] === 'string' ? rawContext['ip'] : ctx.ip;
  const ip = rawIp ? truncateIp(rawIp) : null;
  const userAgent = typeof rawContext['userAgent'] === 'string' ? rawContext['userAgent'] : ctx.userAgent;
  const context: EventContext = { ...rawContext, ...(ip ? { ip } : { ip: undefined }), ...(userAgent ? { userAgent } : {}) };
  if (!ip) delete (context as Plain)['ip'];

  return ok({
    id: eventId(messageId ?? ctx.fallbackId),
    type,
    name,
    userId,
    anonymousId,
    previousId,
    groupId,
    at,
    receivedAt: ctx.receivedAt,
    properties,
    traits: type === 'identify' || type === 'group' ? rawTraits : contextTraits,
    context,
    bot: userAgent ? ctx.isBot(userAgent) : false,
    internal: false,
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}
