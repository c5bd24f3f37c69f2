import { describe, expect, it } from 'vitest';
import { checkEventShape, isNestedTooDeep, MAX_EVENT_DEPTH, mayNeedShapeWork } from './check-event-shape.js';
import { normalizeEvent } from './normalize-event.js';

const nested = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};
const issuesOf = (raw: unknown) => checkEventShape(raw).map((i) => `${i.code} ${i.path.join('.')}`);

describe('checkEventShape', () => {
  it('accepts nesting up to the limit and names the first container past it', () => {
    // `properties` is at depth 1, so 31 arrays below it reach depth 32.
    expect(checkEventShape({ properties: { a: nested(MAX_EVENT_DEPTH - 1) } })).toEqual([]);
    expect(isNestedTooDeep({ properties: { a: nested(MAX_EVENT_DEPTH - 1) } })).toBe(false);
    const tooDeep = { properties: { a: nested(MAX_EVENT_DEPTH) } };
    expect(issuesOf(tooDeep)).toEqual([`too_deep properties.a.${Array(MAX_EVENT_DEPTH - 1).fill(0).join('.')}`]);
    expect(isNestedTooDeep(tooDeep)).toBe(true);
  });

  it('walks hostile nesting without overflowing the stack', () => {
    const hostile = JSON.parse(`{"properties":{"p":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`) as unknown;
    expect(checkEventShape(hostile).map((i) => i.code)).toEqual(['too_deep']);
    expect(isNestedTooDeep(JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)))).toBe(true);
  });

  it('finds NUL characters in any text or key, by path', () => {
    const event = { event: 'Signed\u0000Up', userId: 'u\u0000', anonymousId: 'a', messageId: '\u0000', properties: { list: ['ok', 'x\u0000'], 'k\u0000': 1 }, context: { campaign: { source: '\u0000' } } };
    expect(issuesOf(event)).toEqual(['nul_byte event', 'nul_byte userId', 'nul_byte messageId', 'nul_byte properties', 'nul_byte properties.list.1', 'nul_byte context.campaign.source']);
    expect(checkEventShape({ properties: { 'k\u0000': 1 } })[0]?.message).toContain('"k\\u0000"');
  });

  it('stops at ten issues', () => {
    expect(checkEventShape({ properties: { list: Array(1000).fill('\u0000') } })).toHaveLength(10);
  });

  it('is the first check of normalizeEvent, so the event is rejected alone with its paths', () => {
    const result = normalizeEvent({ type: 'track', anonymousId: 'a\u0000', event: 'x', properties: { p: nested(40) } }, { receivedAt: Date.UTC(2026, 0, 1), fallbackId: 'f', isBot: () => false });
    expect(result.ok ? [] : result.error.map((i) => `${i.code} ${i.path.slice(0, 3).join('.')}`)).toEqual(['nul_byte anonymousId', 'too_deep properties.p.0']);
  });
});

describe('mayNeedShapeWork', () => {
  it('passes a plain event and flags whatever the slower checks would act on', () => {
    const plain = { type: 'track', anonymousId: 'a1', event: 'Order Completed', properties: { revenue: 49, items: [{ sku: 'x', tags: ['a', 'b'] }] }, context: { page: { path: '/é' } } };
    expect(mayNeedShapeWork(plain)).toBe(false);
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < MAX_EVENT_DEPTH + 2; i++) deep = (deep['x'] = {}) as Record<string, unknown>;
    for (const hostile of [{ ...plain, event: 'a\u0000b' }, { ...plain, properties: { 'k\u0000': 1 } }, { ...plain, properties: { title: 'cut \ud83d' } }, { ...plain, properties: { emoji: '😀' } }, root]) {
      expect(mayNeedShapeWork(hostile)).toBe(true);
    }
    expect(checkEventShape(root)).toEqual([expect.objectContaining({ code: 'too_deep' })]);
  });
});
