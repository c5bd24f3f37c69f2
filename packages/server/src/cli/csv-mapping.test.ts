import { describe, expect, it } from 'vitest';
import { formatPath } from '@leadpulse/core';
import { columnsOf, mapRow, parseCsvDate, validateMapping, type EventMapping } from './csv-mapping.js';

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
        "events[1].userid: unknown key; expected one of type, event, userId, anonymousId, email, timestamp, messageId, properties, traits, context, numbers, skipEmpty",
        "events[1].type: expected "track", "identify" or "page"",
        "events[1].event: expected a fixed event name or { "column": "…" }",
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
