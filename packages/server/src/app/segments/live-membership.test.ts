import { DAY, compileSegments, contactId, emptyContactState, type Classification, type SegmentDefinition } from '@leadpulse/core';
import { describe, expect, it } from 'vitest';
import type { ContactUpdate } from '../ports.js';
import type { LiveSegmentSet } from './active-segments.js';
import { diffMembership } from './live-membership.js';

const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const PRO: SegmentDefinition = { key: 'pro', name: 'Pro', where: { trait: 'plan', op: 'eq', value: 'pro' } };
const WEEK: SegmentDefinition = { key: 'week', name: 'Active this week', where: { lastSeen: { within: '7d' } } };

function liveSet(defs: readonly SegmentDefinition[]): LiveSegmentSet {
  const records = defs.map((definition, i) => ({ id: `seg_${i}`, key: definition.key, name: definition.name, version: 1, status: 'live' as const, definition }));
  return { records, byKey: new Map(records.map((r) => [r.key, r])), compiled: compileSegments(defs), scenarioKeys: new Map() };
}

function update(traits: Record<string, unknown>, lastSeenAt: number | null, nextChangeAt: number | null = null): ContactUpdate {
  const state = { ...emptyContactState(), traits, lastSeenAt, firstSeenAt: lastSeenAt };
  const classification = { stage: 'cold', score: 0, reasons: [], scoreLines: [], nextChangeAt } as unknown as Classification;
  return { id: contactId('ct_1'), userId: 'u1', email: null, state, classification, stageSince: NOW, doctrineVersion: 1, updatedAt: NOW, facts: {} as ContactUpdate['facts'] };
}

describe('diffMembership', () => {
  const set = liveSet([PRO, WEEK]);

  it('writes the entries of a contact that joins, dated at its evaluation, and brings its next evaluation to the window end', () => {
    const { updates, write } = diffMembership(set, [{ update: update({ plan: 'pro' }, NOW - DAY, NOW + 30 * DAY), previous: '' }]);
    expect(write.contacts).toEqual([{ id: 'ct_1', segments: 'seg_0|seg_1' }]);
    expect(write.moves.map((m) => [m.segmentId, m.entered, m.at])).toEqual([
      ['seg_0', true, NOW],
      ['seg_1', true, NOW],
    ]);
    expect(write.events.map((e) => [e.event.name, e.event.properties['segmentKey'], e.event.at, e.event.internal])).toEqual([
      ['Segment Entered', 'pro', NOW, true],
      ['Segment Entered', 'week', NOW, true],
    ]);
    // Seen a day ago, it leaves "active this week" six days from now: earlier than the doctrine's next change.
    expect(updates[0]!.classification.nextChangeAt).toBe(NOW + 6 * DAY);
  });

  it('writes nothing for a contact whose membership did not change, and keeps the doctrine next instant when it comes first', () => {
    const { updates, write } = diffMembership(set, [{ update: update({ plan: 'pro' }, NOW - DAY, NOW + DAY), previous: 'seg_0|seg_1' }]);
    expect(write).toEqual({ contacts: [], moves: [], events: [] });
    expect(updates[0]!.classification.nextChangeAt).toBe(NOW + DAY);
  });

  it('writes the exits, and keeps ids of segments this process does not know (saved elsewhere a moment ago)', () => {
    const { write } = diffMembership(set, [{ update: update({ plan: 'free' }, NOW - 10 * DAY), previous: 'seg_0|seg_9' }]);
    expect(write.contacts).toEqual([{ id: 'ct_1', segments: 'seg_9' }]);
    expect(write.moves.map((m) => [m.segmentId, m.entered])).toEqual([['seg_0', false]]);
    expect(write.events.map((e) => e.event.name)).toEqual(['Segment Left']);
  });

  it('does nothing at all without live segments', () => {
    const empty: LiveSegmentSet = { records: [], byKey: new Map(), compiled: null, scenarioKeys: new Map() };
    const input = update({ plan: 'pro' }, NOW);
    expect(diffMembership(empty, [{ update: input, previous: 'seg_0' }])).toEqual({ updates: [input], write: { contacts: [], moves: [], events: [] } });
  });

  it('dates a change made by an older event (an import, a late batch) at that event, and one made by time at the evaluation', () => {
    const imported = { ...update({ plan: 'pro' }, NOW - 20 * DAY) };
    const state = { ...imported.state, lastEventAt: NOW - 20 * DAY };
    // Entered "pro" with last month's identify; was in "active this week" then, and has left it by now.
    const { write } = diffMembership(set, [{ update: { ...imported, state }, previous: 'seg_1' }]);
    expect(write.moves.map((m) => [m.segmentId, m.entered, m.at])).toEqual([
      ['seg_0', true, NOW - 20 * DAY],
      ['seg_1', false, NOW],
    ]);
    expect(write.events.map((e) => [e.event.name, e.event.at])).toEqual([
      ['Segment Entered', NOW - 20 * DAY],
      ['Segment Left', NOW],
    ]);
  });
});
