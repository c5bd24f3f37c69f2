import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFacts, contactId, emptyContactState, type ContactId, type ContactState, type SegmentDefinition } from '@leadpulse/core';
import type { Store } from '../app/ports.js';
import { createReports } from '../app/reports.js';
import { contactUpdate, temperatureOf } from './test-support/store-fixtures.js';
import { testDrivers } from './test-support/test-drivers.js';

/**
 * Cost per segment on each engine, numbers checked by hand. Ten contacts first seen in October 2034 (one more in
 * September): 0–5 from google, 6–8 from terrain, 9 with no source. Every one reached cold; the even ones warm; every
 * third hot (so warm too: reaching hot passes warm); contact 0 is a client (revenue 500).
 *   lyon (live):   0 1 2 6 7 9, and the September contact (outside the period)
 *   paris (live):  0 3 4         (contact 0 is in both: it counts in both)
 *   draft (building): 5          (not live: no row)
 * Lines over October: google 600 (digital), terrain 300 (field), terrain 900 (field) assigned to lyon.
 */
const K = Date.UTC(2034, 9, 1);
const D = 86_400_000;
const period = { from: K, to: K + 31 * D };
const ids = Array.from({ length: 11 }, (_, i) => contactId(`ct_cs${String(i).padStart(2, '0')}`));

function stateOf(i: number): ContactState {
  const firstSeenAt = i === 10 ? K - 5 * D : K + i * D;
  const source = i === 10 || i < 6 ? 'google' : i < 9 ? 'terrain' : null;
  const reached: Record<string, number> = { cold: firstSeenAt };
  if (i % 2 === 0) reached['warm'] = firstSeenAt + 1;
  if (i % 3 === 0) reached['hot'] = firstSeenAt + 2;
  if (i === 0) reached['client'] = firstSeenAt + 3;
  return {
    ...emptyContactState(),
    firstSeenAt,
    lastSeenAt: firstSeenAt + 10,
    reached,
    tallies: i === 0 ? { 'e:Order Completed': { n: 1, sum: 500, first: firstSeenAt + 3, last: firstSeenAt + 3, recent: [] } } : {},
    firstTouch: source === null ? null : { at: firstSeenAt, source, medium: 'cpc', campaign: null, landingPath: '/' },
  } as ContactState;
}
const stageOf = (i: number) => (i === 0 ? 'client' : i % 3 === 0 ? 'hot' : i % 2 === 0 ? 'warm' : 'cold');

const definition = (key: string): SegmentDefinition => ({ key, name: key, where: { stage: ['cold'] } });

for (const driver of testDrivers(import.meta.url)) {
  describe(`cost per segment on ${driver.name}`, () => {
    let store: Store;
    let reports: ReturnType<typeof createReports>;
    beforeAll(async () => {
      store = await driver.createStore();
      reports = createReports({ store, clock: { now: () => new Date(K + 60 * D) }, doctrine: () => { throw new Error('the cost report reads no doctrine'); } });
      await store.transaction((t) => t.createContacts(ids.map((id) => ({ id, createdAt: K, state: emptyContactState(), stage: 'unknown', doctrineVersion: 1 }))));
      await store.transaction((t) => t.saveContacts(ids.map((id, i) => contactUpdate(id, stageOf(i), K, { state: stateOf(i), facts: contactFacts(stateOf(i), stageOf(i), temperatureOf) }))));
      for (const [id, key, status] of [['seg_lyon', 'lyon', 'live'], ['seg_paris', 'paris', 'live'], ['seg_draft', 'draft', 'building']] as const) {
        expect(await store.segments.create({ id, key, name: key === 'lyon' ? 'Lyon 30–45' : key, definition: definition(key), version: 1, status: 'building', createdAt: K, updatedAt: K })).toBe(true);
        if (status === 'live') await store.segments.setStatus(id, 'live', K);
      }
      const members: [string, number[]][] = [['seg_lyon', [0, 1, 2, 6, 7, 9, 10]], ['seg_paris', [0, 3, 4]], ['seg_draft', [5]]];
      const moves = members.flatMap(([segmentId, of]) => of.map((i) => ({ segmentId, contactId: ids[i]! as ContactId, at: K, entered: true })));
      await store.transaction((t) => t.writeMembership({ contacts: [], moves, events: [] }));
    });
    afterAll(async () => store.close());

    it('stores a line assigned to a segment by key or id, refuses an unknown one with its path, and updates it', async () => {
      const refused = await reports.addCostLines([{ channel: 'google', from: '2034-10-01', to: '2034-10-31', amount: 1 }, { channel: 'terrain', from: '2034-10-01', to: '2034-10-31', amount: 1, segmentId: 'nowhere' }]);
      expect(refused.ok ? null : refused.error).toMatchObject({ code: 'invalid_body', issues: [{ code: 'unknown_segment', path: [1, 'segmentId'] }] });
      expect(await reports.listCostLines({})).toEqual([]);

      const stored = await reports.addCostLines([
        { channel: 'google', from: '2034-10-01', to: '2034-10-31', amount: 600 },
        { channel: 'terrain', kind: 'field', from: '2034-10-01', to: '2034-10-31', amount: 300 },
        { channel: 'terrain', kind: 'field', from: '2034-10-01', to: '2034-10-31', amount: 100, segmentId: 'seg_paris', note: 'visites' },
      ]);
      if (!stored.ok) throw new Error(stored.error.message);
      const assigned = stored.value[2]!;
      expect(assigned.segmentId).toBe('seg_paris');
      // Reassigned to lyon by its key, with a new amount: the id and creation stay.
      const updated = await reports.updateCostLine(assigned.id, { channel: 'terrain', kind: 'field', from: '2034-10-01', to: '2034-10-31', amount: 900, segmentId: 'lyon' });
      expect(updated.ok && updated.value).toMatchObject({ id: assigned.id, segmentId: 'seg_lyon', amount: 900, note: null, createdAt: assigned.createdAt });
      const bad = await reports.updateCostLine(assigned.id, { channel: 'terrain', from: '2034-10-01', to: '2034-10-31', amount: 900, segmentId: 'gone' });
      expect(bad.ok ? null : bad.error).toMatchObject({ code: 'invalid_body', issues: [{ path: ['segmentId'] }] });
      expect((await reports.updateCostLine('cost_none', { channel: 'x', from: '2034-10-01', to: '2034-10-31', amount: 1 })).ok).toBe(false);
      expect((await store.reports.listCostLines(period)).map((l) => [l.channel, l.amount, l.segmentId])).toEqual(
        expect.arrayContaining([['google', 600, null], ['terrain', 300, null], ['terrain', 900, 'seg_lyon']]),
      );
    });

    it('counts the members of the period by segment and channel in SQL', async () => {
      const counts = await store.reports.segmentChannelCounts(period, 'source', ['seg_lyon', 'seg_paris']);
      const sorted = [...counts].sort((a, b) => `${a.segmentId}${a.channel}`.localeCompare(`${b.segmentId}${b.channel}`));
      expect(sorted).toEqual([
        { segmentId: 'seg_lyon', channel: '(none)', contacts: 1, reached: { cold: 1, warm: 1, hot: 1, client: 0 }, revenue: 0 },
        { segmentId: 'seg_lyon', channel: 'google', contacts: 3, reached: { cold: 3, warm: 2, hot: 1, client: 1 }, revenue: 500 },
        { segmentId: 'seg_lyon', channel: 'terrain', contacts: 2, reached: { cold: 2, warm: 1, hot: 1, client: 0 }, revenue: 0 },
        { segmentId: 'seg_paris', channel: 'google', contacts: 3, reached: { cold: 3, warm: 3, hot: 2, client: 1 }, revenue: 500 },
      ]);
      expect(await store.reports.segmentChannelCounts(period, 'source', [])).toEqual([]);
      expect((await store.reports.segmentChannelCounts(period, 'medium', ['seg_paris'])).map((c) => c.channel)).toEqual(['cpc']);
    });

    it('reports the cost per segment: assigned lines for it alone, channel lines by its share of their contacts', async () => {
      const result = await reports.run('costs', { from: '2034-10-01', to: '2034-10-31', groupBy: 'segment' });
      if (!result.ok) throw new Error(result.error.message);
      const data = result.value.data as { rows: { channel: string; cost: number }[]; segments: { segment: { key: string }; cost: number; directCost: number; sharedCost: number; contacts: number; reached: object; costPer: object; uncostedContacts: number }[]; allContacts: object };
      // The channel rows are unchanged: terrain carries both its lines.
      expect(data.rows.map((r) => [r.channel, r.cost])).toEqual([['terrain', 1200], ['google', 600], ['(none)', 0]]);
      // lyon: 900 assigned + google 600 × 3/6 + terrain 300 × 2/3 = 1400, over 6 members (the September one is outside).
      const lyon = data.segments.find((s) => s.segment.key === 'lyon')!;
      expect(lyon).toMatchObject({ cost: 1400, directCost: 900, sharedCost: 500, contacts: 6, reached: { cold: 6, warm: 4, hot: 3, client: 1 }, uncostedContacts: 1 });
      expect(lyon.costPer).toMatchObject({ contact: 1400 / 6, warm: 350, hot: 1400 / 3, client: 1400 });
      // paris: google 600 × 3/6 = 300 over 3 members, contact 0 counted here too.
      expect(data.segments.find((s) => s.segment.key === 'paris')).toMatchObject({ cost: 300, directCost: 0, contacts: 3, costPer: { warm: 100, hot: 150, client: 300 } });
      expect(data.segments.map((s) => s.segment.key)).toEqual(['lyon', 'paris']);
      expect(data.allContacts).toMatchObject({ cost: 1800, directCost: 900, sharedCost: 900, contacts: 10, uncostedContacts: 1 });
      expect(result.value.table.rows.map((r) => [r[0], r[1], r[3]])).toEqual([['segment', 'lyon', 1400], ['segment', 'paris', 300], ['all contacts', null, 1800]]);

      // Without groupBy the report is the channel view alone; a segment grouping fits no other report.
      const channels = await reports.run('costs', { from: '2034-10-01', to: '2034-10-31' });
      expect(channels.ok && (channels.value.data as { segments?: unknown }).segments).toBeUndefined();
      const tunnel = await reports.run('tunnel', { groupBy: 'segment' });
      expect(tunnel.ok ? null : tunnel.error).toMatchObject({ code: 'invalid_query', issues: [{ path: ['groupBy'] }] });
    });
  });
}
