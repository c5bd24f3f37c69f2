import { describe, expect, it } from 'vitest';
import { DAY } from '../shared/duration.js';
import { eventFilterOf } from '../fold/event-filter.js';
import { foldGaps, longestSegmentWindow, segmentEventFilters } from './segment-fold-needs.js';

describe('what the fold keeps for segments', () => {
  it('lists the property-filtered event counts, once per filter', () => {
    const filters = segmentEventFilters([
      { key: 'a', name: 'a', where: { all: [{ event: 'Call Logged', where: { outcome: ['interested', 'callback'] } }, { not: { event: 'Call Logged', where: { outcome: ['callback', 'interested'] }, within: '7d' } }] } },
      { key: 'b', name: 'b', where: { any: [{ event: 'Signed Up' }, { stage: ['hot'] }] } },
    ]);
    expect(filters).toHaveLength(1);
    expect(filters[0]).toMatchObject({ event: 'Call Logged' });
  });

  it('finds the longest window read from tallies', () => {
    expect(longestSegmentWindow([])).toBe(0);
    expect(
      longestSegmentWindow([
        { key: 'a', name: 'a', where: { all: [{ signal: 'pageViews', within: '30d' }, { spend: { atLeast: 1, within: '90d' } }] } },
        { key: 'b', name: 'b', where: { purchasingPower: ['x'] }, purchasingPower: { measure: { spend: { within: '2y' } }, bands: [{ key: 'x', from: 1 }] } },
      ]),
    ).toBe(730 * DAY);
  });

  it('refuses, with paths, what the fold does not keep: an untracked property filter, a window past the history kept', () => {
    const fold = { eventFilters: [eventFilterOf('Call Logged', { outcome: 'interested' })], retentionMs: 400 * DAY };
    const tracked = { key: 'a', name: 'a', where: { all: [{ event: 'Call Logged', where: { outcome: 'Interested' }, within: '30d' }, { spend: { atLeast: 1, within: '1y' } }] } };
    expect(foldGaps(tracked, fold)).toEqual([]);
    const gaps = foldGaps({ key: 'b', name: 'b', where: { any: [{ event: 'Call Logged', where: { outcome: 'lost' } }, { not: { signal: 'pageViews', atLeast: 3, within: '2y' } }] } }, fold);
    expect(gaps.map((g) => [g.code, g.path.join('.')])).toEqual([
      ['untracked_filter', 'where.any.0.where'],
      ['window_too_long', 'where.any.1.not.within'],
    ]);
    expect(gaps[1]!.message).toContain('400 days');
  });
});
