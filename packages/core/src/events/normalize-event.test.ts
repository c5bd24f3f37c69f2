import { describe, expect, it } from 'vitest';
import { normalizeEvent, type NormalizeContext } from './normalize-event.js';
import { truncateIp } from './truncate-ip.js';
import { pagePathOf } from './page-path.js';

const NOW = Date.UTC(2026, 10, 24, 9);
const ctx: NormalizeContext = { receivedAt: NOW, fallbackId: 'generated-1', isBot: (ua) => ua.includes('bot') };
const issuesOf = (raw: unknown, extra: Partial<NormalizeContext> = {}) => {
  const result = normalizeEvent(raw, { ...ctx, ...extra });
  return result.ok ? [] : result.error.map((i) => `${i.code} ${i.path.join('.')}`);
};

describe('normalizeEvent', () => {
  it.each<[string, unknown, string[]]>([
    ['not an object', 42, ['invalid_type ']],
    ['no identity', { type: 'track', event: 'x' }, ['missing_field userId']],
    ['track without event', { type: 'track', anonymousId: 'a' }, ['missing_field event']],
    ['unknown type, reported alone', { type: 'teleport', anonymousId: 'a' }, ['unknown_type type']],
    ['alias without previousId', { type: 'alias', userId: 'u' }, ['missing_field previousId']],
    ['group without groupId', { type: 'group', userId: 'u' }, ['missing_field groupId']],
    ['ids of the wrong type', { type: 'page', userId: { id: 1 }, anonymousId: ['a'] }, ['invalid_type userId', 'invalid_type anonymousId']],
    ['too long', { type: 'track', anonymousId: 'a'.repeat(201), event: 'x' }, ['too_long anonymousId']],
    ['properties not an object', { type: 'track', anonymousId: 'a', event: 'x', properties: [1] }, ['invalid_type properties']],
    ['bad timestamp', { type: 'track', anonymousId: 'a', event: 'x', timestamp: 'yesterday' }, ['invalid_value timestamp']],
    ['far future', { type: 'track', anonymousId: 'a', event: 'x', timestamp: '2031-01-01T00:00:00Z' }, ['timestamp_out_of_range timestamp']],
    ['several at once', { type: 'track', userId: 5.5, properties: 'x', context: { page: 'x' } }, ['missing_field event', 'invalid_type properties', 'invalid_type context.page']],
  ])('%s', (_name, raw, expected) => {
    expect(issuesOf(raw)).toEqual(expected);
  });

  it('uses the endpoint type, coerces numeric ids and falls back to a generated id', () => {
    const result = normalizeEvent({ userId: 42, event: 'Signed Up' }, { ...ctx, impliedType: 'track' });
    expect(result.ok && result.value).toMatchObject({ id: 'generated-1', type: 'track', userId: '42', name: 'Signed Up', at: NOW });
  });

  it('corrects clock skew with sentAt, as Segment does', () => {
    const result = normalizeEvent({ type: 'track', anonymousId: 'a', event: 'x', timestamp: new Date(NOW + 3_600_000 - 5000).toISOString(), sentAt: new Date(NOW + 3_600_000).toISOString() }, ctx);
    expect(result.ok && result.value.at).toBe(NOW - 5000);
  });

  it('keeps whole milliseconds from fractional epoch numbers, as Date does, so the time fits the store', () => {
    const result = normalizeEvent({ type: 'track', anonymousId: 'a', event: 'x', timestamp: NOW - 5000 + 0.75, sentAt: NOW + 0.9487 }, ctx);
    expect(result.ok && result.value.at).toBe(NOW - 5000);
  });

  it('reads traits from identify, else from context.traits', () => {
    const identify = normalizeEvent({ type: 'identify', userId: 'u', traits: { email: 'a@b.fr' } }, ctx);
    const track = normalizeEvent({ type: 'track', userId: 'u', event: 'x', context: { traits: { email: 'c@d.fr' } } }, ctx);
    expect(identify.ok && identify.value.traits).toEqual({ email: 'a@b.fr' });
    expect(track.ok && track.value.traits).toEqual({ email: 'c@d.fr' });
  });

  it('never keeps a full client address, and flags bots from the user agent', () => {
    const result = normalizeEvent({ type: 'page', anonymousId: 'a', context: { userAgent: 'somebot/1.0' } }, { ...ctx, ip: '203.0.113.77' });
    expect(result.ok && result.value).toMatchObject({ bot: true, context: { ip: '203.0.113.0', userAgent: 'somebot/1.0' } });
    expect(truncateIp('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::');
    expect(truncateIp('::ffff:198.51.100.23')).toBe('198.51.100.0');
    expect(truncateIp('not an ip')).toBeNull();
    expect(truncateIp('999.1.1.1')).toBeNull();
  });

  it('finds the page path from properties, context or a URL', () => {
    const base = { properties: {}, context: {} };
    expect(pagePathOf({ ...base, properties: { path: '/tarifs/?x=1' } })).toBe('/tarifs');
    expect(pagePathOf({ ...base, context: { page: { url: 'https://www.example.fr/essai-gratuit?utm_source=x#top' } } })).toBe('/essai-gratuit');
    expect(pagePathOf({ ...base, properties: { url: 'https://www.example.fr' } })).toBe('/');
    expect(pagePathOf(base)).toBeNull();
  });
});
