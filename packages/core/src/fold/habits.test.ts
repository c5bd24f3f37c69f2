import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import type { LeadEvent } from '../events/lead-event.js';
import { DAY, HOUR } from '../shared/duration.js';
import { identify, page, track } from '../test-support/events.js';
import { emptyContactState } from './empty-contact-state.js';
import { foldEvents } from './fold-events.js';
import { localDateTime } from '../scenarios/local-time.js';
import { WEEKDAYS } from '../scenarios/scenario.js';
import { MAX_PRODUCT_KEYS, localHourAndWeekday, productKeysOf } from './habits.js';

const compiled = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']!);
const params = compiled.foldParams;
// A Monday, 10:00 UTC.
const T = Date.UTC(2026, 10, 30, 10, 0, 0);
const fold = (events: LeadEvent[]) => foldEvents(emptyContactState(), events, params);

describe('habits in the fold', () => {
  it('counts activity by local hour and ISO weekday in the contact\'s zone', () => {
    const paris = { context: { timezone: 'Europe/Paris', page: { path: '/' } } };
    const state = fold([page('/', T, paris), page('/', T + HOUR, paris), track('Chat Started', T + 14 * HOUR, {}, paris)]);
    // 10:00 UTC is 11:00 in Paris in winter; 00:00 UTC on Tuesday is 01:00 Tuesday.
    expect(state.activity!.hours[11]).toBe(1);
    expect(state.activity!.hours[12]).toBe(1);
    expect(state.activity!.hours[1]).toBe(1);
    expect(state.activity!.weekdays[0]).toBe(2);
    expect(state.activity!.weekdays[1]).toBe(1);
  });

  it('reads the zone from a timezone trait first, and falls back to UTC for an unknown one', () => {
    expect(localHourAndWeekday(T, 'America/New_York')).toEqual({ hour: 5, weekday: 0 });
    const state = fold([identify({ timezone: 'Asia/Kolkata' }, T), page('/', T + 1)]);
    // 10:00 UTC is 15:30 in India; the identify itself is no activity.
    expect(state.activity!.hours[15]).toBe(1);
    expect(state.activity!.hours.reduce((a, b) => a + b)).toBe(1);
    const unknown = fold([page('/', T, { context: { timezone: 'Mars/Olympus', page: { path: '/' } } })]);
    expect(unknown.activity!.hours[10]).toBe(1);
  });

  it('reads local hours and weekdays as Intl does, across daylight-saving changes', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Pacific/Apia'];
    const wrong: string[] = [];
    for (const zone of zones) {
      // Every 17 minutes through two DST seasons.
      for (let at = Date.UTC(2026, 2, 1); at < Date.UTC(2026, 11, 1); at += 17 * 60_000 * 29) {
        const local = localDateTime(at, zone);
        const expected = { hour: local.hour, weekday: WEEKDAYS.indexOf(local.weekday) };
        const actual = localHourAndWeekday(at, zone);
        if (actual.hour !== expected.hour || actual.weekday !== expected.weekday) wrong.push(`${zone} ${new Date(at).toISOString()}`);
      }
      for (const edge of [Date.UTC(2026, 2, 29, 0, 59, 59), Date.UTC(2026, 2, 29, 1, 0, 0), Date.UTC(2026, 9, 25, 0, 59, 59), Date.UTC(2026, 9, 25, 1, 0, 0)]) {
        const local = localDateTime(edge, zone);
        if (localHourAndWeekday(edge, zone).hour !== local.hour) wrong.push(`${zone} edge ${new Date(edge).toISOString()}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps products and categories viewed and bought, with counts and the last time', () => {
    const state = fold([
      track('Product Viewed', T, { product_id: 'P-1', category: 'Shoes' }),
      track('Product Viewed', T + HOUR, { sku: 'sku-9', category: 'shoes' }),
      track('Order Completed', T + 2 * HOUR, { revenue: 80, products: [{ product_id: 'P-1', category: 'Shoes' }, { sku: 'SKU-9' }] }),
    ]);
    expect(state.products!.viewed).toEqual({ 'p-1': [1, T], shoes: [2, T + HOUR], 'sku-9': [1, T + HOUR] });
    expect(state.products!.bought).toEqual({ 'p-1': [1, T + 2 * HOUR], shoes: [1, T + 2 * HOUR], 'sku-9': [1, T + 2 * HOUR] });
    expect(productKeysOf({ products: 'nope', product_id: 42 })).toEqual(['42']);
  });

  it('bounds the product lists, evicting the ones seen longest ago', () => {
    const events = Array.from({ length: MAX_PRODUCT_KEYS + 20 }, (_, i) => track('Product Viewed', T + i * 1000, { product_id: `p${i}` }));
    const state = fold(events);
    const keys = Object.keys(state.products!.viewed);
    expect(keys).toHaveLength(MAX_PRODUCT_KEYS);
    expect(keys).not.toContain('p0');
    expect(keys).toContain(`p${MAX_PRODUCT_KEYS + 19}`);
  });

  it('records the last event time each stage was seen, and never mutates the previous state', () => {
    const first = fold([page('/', T)]);
    const before = JSON.stringify(first);
    const later = foldEvents(first, [page('/tarifs', T + DAY), page('/tarifs', T + DAY + 1000), track('Demo Requested', T + DAY + 2000)], params);
    expect(JSON.stringify(first)).toBe(before);
    expect(Object.keys(later.stageSeen!).length).toBeGreaterThanOrEqual(2);
    const stage = compiled.stageOf(later, T + DAY + 2000).stage;
    expect(later.stageSeen![stage]).toBe(T + DAY + 2000);
    expect(later.activity!.hours.reduce((a, b) => a + b)).toBe(4);
    expect(first.activity!.hours.reduce((a, b) => a + b)).toBe(1);
  });

  it('folds the same habits in one pass or in pieces', () => {
    const events = [page('/', T), track('Product Viewed', T + 10, { product_id: 'a' }), page('/b', T + DAY), track('Order Completed', T + 2 * DAY, { product_id: 'a', revenue: 3 })];
    const whole = fold(events);
    const pieces = foldEvents(fold(events.slice(0, 2)), events.slice(2), params);
    expect(pieces.activity).toEqual(whole.activity);
    expect(pieces.products).toEqual(whole.products);
    expect(pieces.stageSeen).toEqual(whole.stageSeen);
  });
});
