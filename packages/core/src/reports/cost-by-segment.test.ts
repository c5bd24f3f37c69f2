import { describe, expect, it } from 'vitest';
import { DAY } from '../shared/duration.js';
import { buildSegmentCostReport, type SegmentChannelCounts } from './cost-by-segment.js';
import type { CostLine } from './cost-line.js';
import type { ChannelCounts } from './cost-report.js';
import { segmentCostTable } from './cost-segment-table.js';

const T0 = Date.UTC(2026, 9, 1);
const period = { from: T0, to: T0 + 10 * DAY, channelField: 'source' as const, currency: 'EUR' };
const line = (id: string, channel: string, kind: 'field' | 'digital', amount: number, segmentId: string | null = null, currency = 'EUR'): CostLine => ({
  id, channel, campaign: null, kind, periodStart: T0, periodEnd: T0 + 10 * DAY, amount, currency, note: null, createdAt: T0, segmentId,
});
const reached = (warm: number, hot = 0, client = 0) => ({ cold: warm, warm, hot, client });
const channel = (name: string, contacts: number, campaign: string | null = null): ChannelCounts => ({ channel: name, campaign, contacts, reached: reached(0), revenue: 0 });
const member = (segmentId: string, name: string, contacts: number, r = reached(0), revenue = 0): SegmentChannelCounts => ({ segmentId, channel: name, contacts, reached: r, revenue });

const segments = [
  { id: 'seg_lyon', key: 'lyon-30-45', name: 'Lyon 30–45' },
  { id: 'seg_paris', key: 'paris', name: 'Paris' },
  { id: 'seg_empty', key: 'empty', name: 'Nobody' },
];
// Every contact of the period by channel: google's are split over two campaigns, which the segment view pools.
const channels = [channel('google', 80, 'g-1'), channel('google', 40, 'g-2'), channel('terrain', 40), channel('salon', 10), channel('(none)', 30)];
const members = [
  member('seg_lyon', 'google', 30, reached(10, 5, 2), 2000),
  member('seg_lyon', 'terrain', 20, reached(8, 4, 2), 1000),
  member('seg_lyon', '(none)', 5, reached(1)),
  member('seg_paris', 'google', 60, reached(20, 6, 3), 900),
  member('seg_paris', 'salon', 10, reached(2)),
];
const lines = [
  line('c1', 'google', 'digital', 1200),
  // Field prospecting aimed at Lyon: Lyon's alone.
  line('c2', 'terrain', 'field', 3000, 'seg_lyon'),
  line('c3', 'terrain', 'field', 600),
  // Assigned to a segment that is gone: shared by channel like any other line.
  line('c4', 'salon', 'field', 500, 'seg_deleted'),
  line('c5', 'google', 'digital', 999, null, 'USD'),
];

describe('cost per segment', () => {
  const report = buildSegmentCostReport(segments, members, channels, lines, period);
  const of = (key: string) => report.segments.find((r) => r.segment?.key === key)!;

  it('counts lines assigned to a segment for it alone and shares channel lines by its share of their contacts', () => {
    // Lyon: 3000 direct; google 1200 × 30/120 = 300; terrain 600 × 20/40 = 300; its 5 direct-traffic members cost nothing known.
    expect(of('lyon-30-45')).toMatchObject({ cost: 3600, directCost: 3000, sharedCost: 600, costByKind: { field: 3300, digital: 300 }, contacts: 55, uncostedContacts: 5, revenue: 3000 });
    expect(of('lyon-30-45').reached).toEqual({ cold: 19, warm: 19, hot: 9, client: 4 });
    expect(of('lyon-30-45').costPer).toEqual({ contact: 3600 / 55, cold: 3600 / 19, warm: 3600 / 19, hot: 400, client: 900 });
    expect(of('lyon-30-45').costPerRevenue).toBe(1.2);
    // Paris: google 1200 × 60/120 = 600; salon 500 × 10/10 = 500 (its line's segment no longer exists).
    expect(of('paris')).toMatchObject({ cost: 1100, directCost: 0, sharedCost: 1100, contacts: 70, costPer: { warm: 50, client: 1100 / 3 } });
  });

  it('says a segment no line reaches costs an unknown amount, never zero per contact', () => {
    expect(of('empty')).toMatchObject({ cost: 0, contacts: 0, costPer: { contact: null, warm: null }, costPerRevenue: null });
    const uncosted = buildSegmentCostReport(segments, [member('seg_paris', '(none)', 4, reached(2))], channels, [line('c1', 'google', 'digital', 100)], period);
    expect(uncosted.segments.find((r) => r.segment?.key === 'paris')).toMatchObject({ cost: 0, contacts: 4, uncostedContacts: 4, costPer: { contact: null, warm: null } });
  });

  it('orders segments by cost and gives every contact as the baseline, which segment rows need not add up to', () => {
    expect(report.segments.map((r) => r.segment?.key)).toEqual(['lyon-30-45', 'paris', 'empty']);
    // The USD line is left out; the rest is the whole: 3000 assigned, 1200 + 600 + 500 of channels.
    expect(report.allContacts).toMatchObject({ segment: null, cost: 5300, directCost: 3000, sharedCost: 2300, contacts: 200, uncostedContacts: 30 });
    expect(report.currency).toBe('EUR');
  });

  it('prorates each line to the period', () => {
    const half = buildSegmentCostReport(segments, members, channels, lines, { ...period, to: T0 + 5 * DAY });
    expect(half.segments.find((r) => r.segment?.key === 'lyon-30-45')!.cost).toBe(1800);
  });

  it('flattens to a table with a row per segment, the baseline, and notes on the rule', () => {
    const table = segmentCostTable(report, ['USD']);
    expect(table.rows.map((r) => [r[0], r[1], r[table.columns.indexOf('cost')], r[table.columns.indexOf('cost_per_hot')]])).toEqual([
      ['segment', 'lyon-30-45', 3600, 400],
      ['segment', 'paris', 1100, 183.33],
      ['segment', 'empty', 0, null],
      ['all contacts', null, 5300, null],
    ]);
    expect(table.notes!.join('\n')).toMatch(/counts in both[\s\S]*USD/);
  });
});
