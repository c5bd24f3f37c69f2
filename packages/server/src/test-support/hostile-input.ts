import { DAY } from '@leadpulse/core';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * fast-check arbitraries for the ingestion fuzz test: valid events with odd but allowed content, hostile
 * events, and hostile request bodies. Values may hold tokens that `encodeBody` swaps for what
 * JSON.stringify cannot write: nesting thousands of levels deep, number literals such as 1e309, raw bytes.
 */

const EARLIEST = Date.UTC(2000, 0, 1);
const EVENT_LIMIT = 32 * 1024;
type Json = Record<string, unknown>;

const token = (kind: 'deep' | 'num' | 'bytes', body: string) => `⟦${kind}:${body}⟧`;
const deep = (levels: number, shape: 'array' | 'object') => token('deep', `${levels}:${shape}`);
const rawNumber = (literal: string) => token('num', literal);
const rawBytes = (hex: string) => token('bytes', hex);
const TOKEN = /"⟦(deep|num):([^⟧]*)⟧"|⟦bytes:([0-9a-f]*)⟧/g;

/** Text that does not compress, from a seed, so that a shrunk or replayed case is the same. */
function pseudoRandomText(length: number, seed: number): string {
  let state = seed >>> 0 || 1;
  const chars: string[] = [];
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    chars.push(String.fromCharCode(33 + (state >>> 16) % 94));
  }
  return chars.join('');
}

/** The body's bytes: JSON text with every token swapped for its raw text or bytes. */
export function encodeBody(value: unknown): Buffer {
  const text = JSON.stringify(value) ?? 'null';
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    parts.push(Buffer.from(text.slice(last, match.index)));
    const [, kind, body = '', hex] = match;
    if (hex !== undefined) parts.push(Buffer.from(hex, 'hex'));
    else if (kind === 'num') parts.push(Buffer.from(body));
    else {
      const [levels, shape] = body.split(':');
      const n = Number(levels);
      parts.push(Buffer.from(shape === 'array' ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`));
    }
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last)));
  return Buffer.concat(parts);
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const cleanUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000') },
  { weight: 1, arbitrary: loneSurrogate },
);
const text = (maxLength: number) => fc.string({ unit: cleanUnit, maxLength });
/** Ids and names are keys: no lone surrogate (normalizeEvent refuses them there). */
const keyText = (maxLength: number) => fc.string({ unit: cleanUnit.filter((c) => !/[\uD800-\uDFFF]/u.test(c)), maxLength }).filter((s) => s.trim() !== '');
const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__');
const key = fc.oneof({ weight: 5, arbitrary: text(20) }, { weight: 1, arbitrary: protoKey });
const finite = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(-0, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, -3.5));
const leaf = fc.oneof(text(40), finite, fc.boolean(), fc.constant(null));
/** Objects built with Object.fromEntries, so `__proto__` is an own key, as JSON.parse makes it. */
const dict = <T>(value: fc.Arbitrary<T>, maxKeys = 4) => fc.array(fc.tuple(key, value), { maxLength: maxKeys }).map((entries) => Object.fromEntries(entries) as Json);
const { value: jsonish } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, fc.array(tie('value'), { maxLength: 4 }), dict(tie('value'))),
}));
/** Arrays nested k deep: under `properties.nest` (depth 2), k = 31 reaches the limit exactly. */
const nested = (k: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < k; i++) value = [value];
  return value;
};

const STANDARD = ['Order Completed', 'Product Added', 'Checkout Started', 'Form Submitted', 'Signed Up', 'Demo Requested', 'Document Downloaded', 'Unsubscribed', 'Email Opened'];
const IDENTITIES = ['visitor-1', 'visitor-2', 'user-1', 'user-2', ' padded ', 'Ünïcødé 🙂', '42', '__proto__', 'constructor'];
// Repeated ids make merges and late events, but a late event replays its contact's history: few events per id
// keep a long run linear.
const identity = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...IDENTITIES) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...IDENTITIES), fc.integer({ min: 1, max: 2000 })).map(([id, n]) => `${id}#${n}`) },
  { weight: 30, arbitrary: keyText(60) },
);
const email = fc.oneof(fc.constantFrom('Claire.Martin@example.fr', 'a@b.co', 'x+tag@exämple.fr', 'lone\ud800@x.fr'), text(30));

const validProperties = fc.record(
  {
    revenue: fc.oneof(finite, text(12), fc.constantFrom('828', '-3.5', '1e308', 'NaN', '')),
    path: text(80),
    extra: dict(jsonish, 6),
    nest: fc.integer({ min: 0, max: 31 }).map(nested),
    blob: fc.string({ unit: cleanUnit, maxLength: 2000 }),
    proto: dict(leaf).map((d) => Object.fromEntries([['__proto__', d], ['constructor', { prototype: d }]])),
  },
  { requiredKeys: [] },
);

const validContext = fc.record(
  {
    page: fc.record({ path: text(80), url: text(80), referrer: text(40), title: text(40) }, { requiredKeys: [] }),
    campaign: fc.record({ source: text(30), medium: text(20), name: text(30), term: text(20), content: text(20) }, { requiredKeys: [] }),
    userAgent: fc.oneof(text(120), fc.constantFrom('Googlebot/2.1 (+http://www.google.com/bot.html)', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0')),
    ip: fc.oneof(fc.ipV4(), fc.ipV6(), text(40)),
    locale: text(10),
    traits: dict(leaf),
  },
  { requiredKeys: [] },
);

/** When the event happened, as sent: in range after Segment's skew correction against `now`. */
const when = (now: number) =>
  fc.oneof(
    fc.constant({}),
    fc.integer({ min: EARLIEST + 1, max: now + DAY - 1 }).map((at) => ({ timestamp: new Date(at).toISOString() })),
    fc.integer({ min: EARLIEST + 1, max: now }).map((at) => ({ timestamp: at })),
    fc.tuple(fc.integer({ min: EARLIEST + DAY, max: now }), fc.integer({ min: -10 * 365 * DAY, max: 10 * 365 * DAY }), fc.integer({ min: -60_000, max: 60_000 })).map(([at, skew, lag]) => ({
      timestamp: new Date(at + skew).toISOString(),
      // Sent `lag` ms after `now` by the sender's clock: the corrected time stays `at` minus the lag.
      sentAt: new Date(now + skew + Math.max(lag, 0)).toISOString(),
    })),
  );

/** A Segment event every rule accepts (under 32 KB), without messageId: the test gives each a unique one. */
export const validEvent = (now: number): fc.Arbitrary<Json> =>
  fc
    .tuple(
      fc.constantFrom('track', 'identify', 'page', 'screen', 'group', 'alias'),
      fc.record({ userId: identity, anonymousId: identity }, { requiredKeys: [] }),
      identity,
      fc.oneof(fc.constantFrom(...STANDARD), keyText(40)),
      validProperties,
      validContext,
      fc.record({ email, firstName: text(20), plan: leaf }, { requiredKeys: [] }),
      when(now),
    )
    .map(([type, ids, other, name, properties, context, traits, time]) => {
      const event: Json = { type, ...ids, ...time, properties, context };
      if (!ids.userId && !ids.anonymousId) event['anonymousId'] = other;
      if (type === 'track') event['event'] = name;
      else if (type !== 'alias') event['name'] = name;
      if (type === 'identify' || type === 'group') event['traits'] = traits;
      if (type === 'alias') Object.assign(event, { userId: ids.userId ?? other, previousId: other === (ids.userId ?? other) ? `${other}-before` : other });
      if (type === 'group') event['groupId'] = other;
      return event;
    })
    .filter((event) => Buffer.byteLength(JSON.stringify(event)) < EVENT_LIMIT - 2000);

const FIELDS = ['type', 'userId', 'anonymousId', 'event', 'name', 'properties', 'traits', 'context', 'timestamp', 'sentAt', 'originalTimestamp', 'messageId', 'previousId', 'groupId', 'writeKey', 'integrations'];
const CONTEXT_FIELDS = ['page', 'campaign', 'userAgent', 'ip', 'locale', 'traits', 'library'];
const ODD_NUMBERS = ['1e309', '-1e309', '1e-400', '123456789012345678901234567890', '-0', '1E400', '0.0000000000000000000000001'];
const ODD_TIMES = ['0000-00-00', '2026-13-45T25:61:61Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00Z', '2026-11-02T09:00:00+99:99', '', ' ', 'NaN', 'Infinity', 'yesterday', '1e999', '2026-11-02'];
const BAD_BYTES = ['ff', 'c3', 'eda080', 'c0af', 'f4908080', 'fe', 'e282', '80'];

const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(...ODD_NUMBERS).map(rawNumber),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', 'null', 'undefined', '[object Object]', 'true'),
  fc.constantFrom(...ODD_TIMES),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER * 1000, 8.64e15 + 1, -8.64e15 - 1),
);
// Repeated or random (which PostgreSQL cannot compress into an index entry), a few hundred bytes either side of 32 KB.
const hugeString = fc.tuple(fc.integer({ min: EVENT_LIMIT - 600, max: EVENT_LIMIT + 200 }), fc.constantFrom('x', 'é', '😀', 'random'), fc.integer()).map(([bytes, c, seed]) =>
  c === 'random' ? pseudoRandomText(bytes, seed) : c.repeat(Math.ceil(bytes / Buffer.byteLength(c))),
);
const longText = fc.tuple(fc.integer({ min: 2000, max: 12_000 }), fc.integer()).map(([length, seed]) => pseudoRandomText(length, seed));
const withNul = fc.tuple(text(10), text(10)).map(([a, b]) => `${a}\u0000${b}`);
const withBadBytes = fc.tuple(text(10), fc.constantFrom(...BAD_BYTES)).map(([a, hex]) => `${a}${rawBytes(hex)}`);
const deepValue = fc.tuple(fc.oneof(fc.integer({ min: 30, max: 40 }), fc.integer({ min: 33, max: 5000 }), fc.constant(20_000)), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([n, shape]) => deep(n, shape));
const longArray = fc.tuple(fc.integer({ min: 1000, max: 60_000 }), fc.constantFrom<unknown>(0, 'x', null, {}, [])).map(([n, item]) => Array.from({ length: n }, () => item));

/** Where a hostile value goes: a top-level field, a context field, or a property, trait or key. */
const place = fc.oneof(
  fc.constantFrom(...FIELDS).map((field) => [field]),
  fc.constantFrom(...CONTEXT_FIELDS).map((field) => ['context', field]),
  fc.constantFrom('page', 'campaign').chain((part) => fc.constantFrom('path', 'source', 'url', 'name').map((field) => ['context', part, field])),
  fc.tuple(fc.constantFrom('properties', 'traits'), key).map(([bag, k]) => [bag, k]),
  protoKey.map((k) => [k]),
  fc.tuple(fc.constantFrom('properties', 'context', 'traits'), protoKey, protoKey).map(([bag, a, b]) => [bag, a, b]),
);

function setAt(event: Json, path: readonly string[], value: unknown): Json {
  const copy: Json = { ...event };
  let target = copy;
  path.forEach((part, i) => {
    if (i === path.length - 1) Object.defineProperty(target, part, { value, enumerable: true, writable: true, configurable: true });
    else {
      const next = target[part];
      const child: Json = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...(next as Json) } : {};
      Object.defineProperty(target, part, { value: child, enumerable: true, writable: true, configurable: true });
      target = child;
    }
  });
  return copy;
}

/** A NUL or invalid bytes inside a key rather than a value. */
const badKey = fc.tuple(fc.constantFrom('properties', 'traits', 'context'), fc.oneof(withNul, withBadBytes), leaf).map(([bag, k, v]) => [bag, k, v] as const);

/** An event with one hostile part (some stay valid: lone surrogates, prototype keys, long arrays), or no event at all. */
export const hostileEvent = (now: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.tuple(validEvent(now), place, fc.oneof(deepValue, withNul, hugeString, longText, oddValue, withBadBytes, longArray, loneSurrogate, fc.constantFrom(...ODD_TIMES))).map(([event, path, value]) => setAt(event, path, value)) },
    { weight: 2, arbitrary: fc.tuple(validEvent(now), fc.constantFrom('timestamp', 'sentAt', 'originalTimestamp'), oddValue).map(([event, field, value]) => setAt(event, [field], value)) },
    { weight: 1, arbitrary: fc.tuple(validEvent(now), badKey).map(([event, [bag, k, v]]) => setAt(event, [bag, k], v)) },
    { weight: 1, arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 2 }), deepValue, fc.constantFrom(...ODD_NUMBERS).map(rawNumber)) },
  );

export interface HostileRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const URLS = ['/v1/batch', '/v1/b', '/v1/import', '/v1/track', '/v1/t', '/v1/identify', '/v1/i', '/v1/page', '/v1/p', '/v1/screen', '/v1/group', '/v1/alias', '/v1/a'];
const garbage = fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes));
const deepBody = fc.tuple(fc.integer({ min: 1000, max: 120_000 }), fc.constantFrom('[', '{"batch":[', '{"batch":', '{"a":', '{"batch":[{"type":"track","anonymousId":"a","event":"e","properties":{"p":')).map(([n, prefix]) => {
  const body = `${prefix}${'['.repeat(n)}${']'.repeat(n)}`;
  const closers = [...prefix].filter((c) => c === '[' || c === '{').reverse().map((c) => (c === '[' ? ']' : '}')).join('');
  return Buffer.from(prefix === '{"a":' ? `${'{"a":'.repeat(n)}1${'}'.repeat(n)}` : `${body}${closers}`);
});
const envelope = (now: number) =>
  fc
    .record(
      { batch: fc.oneof(fc.array(hostileEvent(now), { maxLength: 6 }), oddValue, longArray), context: fc.oneof(oddValue, deepValue, withNul, dict(fc.oneof(leaf, withNul, deepValue))), sentAt: fc.oneof(oddValue, withNul), writeKey: fc.oneof(oddValue, withNul) },
      { requiredKeys: [] },
    )
    .map((body) => encodeBody(body));
const scalarBody = fc.constantFrom('null', '1', '"x"', 'true', '[]', '{}', '\ufeff{"batch":[]}', '{"batch":[],"batch":{}}', '{"batch":[]} trailing', '{/* c */}', '', ' ', '{"batch":[1e309]}').map((s) => Buffer.from(s));
const compressed = fc.tuple(fc.oneof(garbage, envelope(Date.UTC(2026, 0, 1)), fc.constant(Buffer.alloc(700 * 1024))), fc.constantFrom('gzip', 'deflate', 'x-gzip'), fc.boolean()).map(([raw, encoding, truncate]) => {
  const packed = encoding === 'deflate' ? deflateSync(raw) : gzipSync(raw);
  return { body: truncate ? packed.subarray(0, Math.floor(packed.length / 2)) : packed, encoding };
});

/** A whole request that no client should send: garbage, bombs, deep nesting, broken envelopes, odd headers. */
export const hostileRequest = (now: number, writeKey: string): fc.Arbitrary<HostileRequest> =>
  fc
    .tuple(
      fc.constantFrom(...URLS),
      fc.oneof(
        garbage.map((body) => ({ body, encoding: undefined as string | undefined })),
        deepBody.map((body) => ({ body, encoding: undefined })),
        envelope(now).map((body) => ({ body, encoding: undefined })),
        scalarBody.map((body) => ({ body, encoding: undefined })),
        fc.constant({ body: Buffer.alloc(500 * 1024 + 1, 0x20), encoding: undefined }),
        compressed,
        fc.tuple(garbage, fc.constantFrom('br', 'gzip, deflate', 'identity;q=0', 'GZIP', '\t')).map(([body, encoding]) => ({ body, encoding })),
      ),
      fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''),
      fc.constantFrom(`Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'Basic !!!', 'Basic ', `Bearer ${writeKey}`, '', `Basic ${Buffer.from(':\u0000').toString('base64')}`),
    )
    .map(([url, { body, encoding }, contentType, authorization]) => ({
      url,
      body,
      headers: Object.fromEntries(
        [
          ['content-type', contentType],
          ['authorization', authorization],
          ['content-encoding', encoding ?? ''],
        ].filter(([, v]) => v !== ''),
      ),
    }));
