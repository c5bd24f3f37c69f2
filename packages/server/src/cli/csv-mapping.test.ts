import { describe, expect, it } from 'vitest';
import { formatPath } from '@leadpulse/core';
import { MAX_REPEAT, columnsOf, mapRow, parseCsvDate, repeatCount, validateMapping, type EventMapping } from './csv-mapping.js';

const problems = (input: unknown) => {
  const result = validateMapping(input);
  return result.ok ? [] : result.error.map((issue) => `${formatPath(issue.path) || '(mapping)'}: ${issue.message}`);
};

describe('validateMapping', () => {
  it('accepts one mapping, or several under "events"', () => {
    const form = { type: 'track', event: 'Form Submitted', userId: 'id' };
    expect(validateMapping(form)).toEqual({ ok: true, value: [form] });
    const both = { events: [form, { type: 'identify', email: 'email', traits: { city: 'city' } }] };
    expect(validateMapping(both)).toEqual({ ok: true, value: both.events });
  });

  it('names the path of every problem in the mapping file', () => {
    expect(
      problems({
        events: [
          { type: 'track', userId: 'id', numbers: ['revenue'], properties: { plan: 42 } },
          { type: 'visit', event: { col: 'x' }, anonymousId: '', userid: 'id', skipEmpty: 'won' },
          { type: 'identify', event: 'Signed Up', email: 'email', context: { 'campaign..source': 'origin' } },
          'page',
        ],
      }),
    ).toMatchInlineSnapshot(`
      [
        "events[0].event: a track mapping needs "event": a fixed name or { "column": "…" }",
        "events[0].properties.plan: expected a column name or { "value": … }",
        "events[0].numbers[0]: "revenue" is not one of this mapping's properties, traits or context entries",
        "events[1].userid: unknown key; expected one of type, event, userId, anonymousId, email, timestamp, messageId, repeat, properties, traits, context, numbers, skipEmpty, when",
        "events[1].type: expected "track", "identify" or "page"",
        "events[1].event: expected a fixed event name or { "column": "…", "map": { "value": "Event Name" } }",
        "events[1].userId: map at least one of userId, anonymousId or email to a column",
        "events[1].anonymousId: expected a column name",
        "events[1].skipEmpty: expected a list of column names",
        "events[2].event: an identify mapping has no event name; remove "event"",
        "events[2].context.campaign..source: expected a dotted path such as campaign.source",
        "events[3]: expected a mapping object",
      ]
    `);
  });

  it('refuses a file that is not a mapping', () => {
    expect(problems([{ type: 'track' }])).toEqual(['(mapping): expected a mapping object, or { "events": [mapping, …] }']);
    expect(problems({ events: [], type: 'track' })).toEqual(['type: unexpected key next to "events"; put it inside each mapping', 'events: expected a non-empty list of mappings']);
  });
});

describe('mapRow', () => {
  const form: EventMapping = {
    type: 'track',
    event: 'Form Submitted',
    userId: 'id',
    email: 'email',
    timestamp: 'date',
    properties: { revenue: 'amount', currency: { value: 'EUR' } },
    traits: { city: 'city' },
    context: { 'campaign.source': 'origin', 'page.path': 'landing' },
    numbers: ['revenue'],
  };

  it('turns a row into a Segment event', () => {
    const row = { id: ' L1 ', email: 'Ana@Example.fr', date: '2026-11-01 09:30', amount: '1 234,50', city: 'Lyon', origin: 'salon', landing: '/tarifs' };
    expect(mapRow(form, row)).toEqual({
      ok: true,
      value: {
        type: 'track',
        event: 'Form Submitted',
        userId: 'L1',
        timestamp: '2026-11-01T09:30:00.000Z',
        properties: { revenue: 1234.5, currency: 'EUR' },
        context: { campaign: { source: 'salon' }, page: { path: '/tarifs' }, traits: { email: 'Ana@Example.fr', city: 'Lyon' } },
      },
    });
  });

  it('leaves out empty cells, and gives email-only rows an anonymous id from the email', () => {
    const identify: EventMapping = { type: 'identify', email: 'email', traits: { city: 'city', plan: 'plan' } };
    expect(mapRow(identify, { email: 'Bob@Example.fr', city: 'Nantes', plan: '' })).toEqual({ ok: true, value: { type: 'identify', anonymousId: 'email:bob@example.fr', traits: { email: 'Bob@Example.fr', city: 'Nantes' } } });
  });

  it('reads the event name from a column; a page mapping fills "name"', () => {
    expect(mapRow({ type: 'track', event: { column: 'what' }, anonymousId: 'v' }, { what: 'Call Logged', v: 'a1' })).toMatchObject({ ok: true, value: { event: 'Call Logged', anonymousId: 'a1' } });
    expect(mapRow({ type: 'page', event: 'Tarifs', anonymousId: 'v', properties: { path: 'p' } }, { v: 'a1', p: '/tarifs' })).toEqual({ ok: true, value: { type: 'page', name: 'Tarifs', anonymousId: 'a1', properties: { path: '/tarifs' } } });
  });

  it('skips a row when a skipEmpty column is empty', () => {
    const won: EventMapping = { type: 'track', event: 'Order Completed', userId: 'id', skipEmpty: ['won'] };
    expect(mapRow(won, { id: 'L1', won: ' ' })).toEqual({ ok: true, value: null });
    expect(columnsOf(won)).toEqual(['id', 'won']);
  });

  it('reports every unreadable value with its column', () => {
    const result = mapRow({ ...form, event: { column: 'kind' } }, { id: 'L1', kind: '', date: '01/11/2026', amount: 'douze', email: '', city: '', origin: '', landing: '' });
    expect(result.ok ? [] : result.error).toEqual([
      { code: 'missing_field', path: ['kind'], message: 'expected an event name, got an empty value' },
      { code: 'invalid_value', path: ['date'], message: 'expected a date such as 2026-11-02 or 2026-11-02T14:30:00Z, got "01/11/2026"' },
      { code: 'invalid_value', path: ['amount'], message: 'expected a number, got "douze"' },
    ]);
  });
});

describe('parseCsvDate', () => {
  it.each([
    ['2026-11-02', Date.UTC(2026, 10, 2)],
    ['2026-11-02 14:30', Date.UTC(2026, 10, 2, 14, 30)],
    ['2026-11-02T14:30:15', Date.UTC(2026, 10, 2, 14, 30, 15)],
    ['2026-11-02T14:30:15.250Z', Date.UTC(2026, 10, 2, 14, 30, 15, 250)],
    ['2026-11-02T14:30:00+02:00', Date.UTC(2026, 10, 2, 12, 30)],
    ['2026-02-30', null],
    ['02/11/2026', null],
    ['Nov 2 2026', null],
    ['2026-11-02Z', null],
  ])('%s', (raw, expected) => expect(parseCsvDate(raw)).toBe(expected));
});

describe('mapping extensions for files without dates or with coded values', () => {
  it('renames event values, emits only for matching rows, and takes a fixed timestamp', () => {
    const mapping = validateMapping({
      events: [
        { type: 'track', event: { column: 'activity', map: { 'Olark Chat Conversation': 'Chat Started' } }, userId: 'id', timestamp: { value: '2025-01-06T09:00:00Z' } },
        { type: 'track', event: 'Order Completed', userId: 'id', when: { converted: '1' } },
      ],
    });
    expect(mapping.ok).toBe(true);
    const [activity, order] = (mapping as { value: EventMapping[] }).value;
    expect(mapRow(activity!, { id: 'p1', activity: 'Olark Chat Conversation', converted: '0' })).toEqual({ ok: true, value: { type: 'track', event: 'Chat Started', userId: 'p1', timestamp: '2025-01-06T09:00:00.000Z' } });
    expect(mapRow(activity!, { id: 'p1', activity: 'SMS Sent', converted: '0' })).toMatchObject({ ok: true, value: { event: 'SMS Sent' } });
    expect(mapRow(order!, { id: 'p1', activity: '', converted: '0' })).toEqual({ ok: true, value: null });
    expect(mapRow(order!, { id: 'p1', activity: '', converted: '1' })).toMatchObject({ ok: true, value: { event: 'Order Completed' } });
    expect(columnsOf(order!)).toContain('converted');
  });

  it('repeats an event by a count column, capped, and refuses a count that is not one', () => {
    const mapping: EventMapping = { type: 'page', userId: 'id', repeat: 'visits' };
    expect(repeatCount(mapping, { visits: '3' })).toEqual({ ok: true, value: 3 });
    expect(repeatCount(mapping, { visits: '' })).toEqual({ ok: true, value: 0 });
    expect(repeatCount(mapping, { visits: '2500' })).toEqual({ ok: true, value: MAX_REPEAT });
    expect(repeatCount(mapping, { visits: 'many' })).toMatchObject({ ok: false, error: [{ path: ['visits'], message: 'expected a count, got "many"' }] });
  });

  it('names the problems of the new keys by path', () => {
    const checked = validateMapping({ type: 'track', event: { column: 'a', map: { x: 3 } }, userId: 'id', timestamp: { value: 'soon' }, when: ['x'], repeat: 4 });
    expect(checked.ok ? [] : checked.error.map((i) => i.path.join('.'))).toEqual(['event.map', 'repeat', 'timestamp.value', 'when']);
  });
});
