import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFacts, contactId, emptyContactState, type ColumnPredicate, type ContactId, type SegmentDefinition } from '@leadpulse/core';
import type { Store } from '../app/ports.js';
import { createFindMembers } from '../app/segments/find-members.js';
import type { SegmentRecord } from '../app/segments/segment-ports.js';
import { contactUpdate, temperatureOf } from './test-support/store-fixtures.js';
import { testDrivers } from './test-support/test-drivers.js';

const T = Date.UTC(2027, 4, 3, 9);
const DAY = 86_400_000;

const segment = (id: string, key: string, where: SegmentDefinition['where'], extra: Partial<SegmentRecord> = {}): SegmentRecord => ({
  id,
  key,
  name: key,
  definition: { key, name: key, where },
  version: 1,
  status: 'live',
  createdAt: T,
  updatedAt: T,
  ...extra,
});

/** People with demographic traits, saved as the write path saves them (facts with their profile columns). */
const PEOPLE: readonly { id: string; stage: string; traits: Record<string, unknown> }[] = [
  { id: 'ct_a', stage: 'warm', traits: { address: { city: ' Lyon ', country: 'France', postalCode: '69003' }, birthday: '1990-06-01', gender: 'F', plan: 'pro' } },
  { id: 'ct_b', stage: 'warm', traits: { city: 'LYON', country: 'FR', postalCode: '69 007', birthday: '1960-01-01', gender: 'homme' } },
  { id: 'ct_c', stage: 'hot', traits: { city: 'Paris', country: 'france', postalCode: '75011', age: 41, plan: 'pro' } },
  { id: 'ct_d', stage: 'cold', traits: { city: "L'Isle-d'Abeau", postalCode: '38080', plan: 'free' } },
  { id: 'ct_e', stage: 'cold', traits: {} },
];

for (const driver of testDrivers(import.meta.url)) {
  describe(`segment store on ${driver.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await driver.createStore();
      await store.transaction(async (t) => {
        await t.createContacts(PEOPLE.map((p) => ({ id: contactId(p.id), createdAt: T, state: emptyContactState(), stage: p.stage, doctrineVersion: 1 })));
        await t.saveContacts(
          PEOPLE.map((p) => {
            const state = { ...emptyContactState(), firstSeenAt: T, lastSeenAt: T + 1000, traits: p.traits };
            return contactUpdate(contactId(p.id), p.stage, T, { state, facts: contactFacts(state, p.stage, temperatureOf) });
          }),
        );
      });
    });
    afterAll(() => store.close());

    it('keeps versions, refuses a taken key and frees the key of a deleted segment', async () => {
      expect(await store.segments.create(segment('sg_1', 'lyon', { geo: { city: ['Lyon'] } }, { status: 'building' }))).toBe(true);
      expect(await store.segments.create(segment('sg_2', 'lyon', { stage: ['hot'] }))).toBe(false);
      expect(await store.segments.update({ ...segment('sg_1', 'lyon', { geo: { city: ['lyon', 'paris'] } }), version: 2, updatedAt: T + 1 })).toBe(true);
      expect((await store.segments.get('sg_1'))?.definition.where).toEqual({ geo: { city: ['lyon', 'paris'] } });
      expect((await store.segments.getByKey('lyon'))?.version).toBe(2);
      expect((await store.segments.versions('sg_1')).map((v) => v.version)).toEqual([1, 2]);
      expect((await store.segments.withStatus('live')).map((s) => s.id)).toEqual(['sg_1']);
      const before = await store.segments.stamp();

      expect(await store.segments.create(segment('sg_3', 'gone', { stage: ['cold'] }))).toBe(true);
      expect(await store.segments.stamp()).not.toBe(before);
      expect(await store.segments.remove('sg_3', T + 2)).toBe(true);
      expect(await store.segments.get('sg_3')).toBeNull();
      expect(await store.segments.remove('sg_3', T + 3)).toBe(false);
      expect(await store.segments.create(segment('sg_4', 'gone', { stage: ['cold'] }))).toBe(true);
      expect((await store.segments.list()).map((s) => s.key)).toEqual(['gone', 'lyon']);
    });

    it('pages members, breaks them down by stage, sizes them per day and forgets them on delete', async () => {
      const id = (s: string) => contactId(s);
      const moves = [
        { segmentId: 'sg_1', contactId: id('ct_a'), at: T - 2 * DAY, entered: true },
        { segmentId: 'sg_1', contactId: id('ct_b'), at: T - 2 * DAY, entered: true },
        { segmentId: 'sg_1', contactId: id('ct_c'), at: T - DAY, entered: true },
        { segmentId: 'sg_4', contactId: id('ct_d'), at: T, entered: true },
      ];
      await store.transaction((t) => t.writeMembership({ contacts: [{ id: id('ct_a'), segments: 'sg_1' }, { id: id('ct_b'), segments: 'sg_1' }, { id: id('ct_c'), segments: 'sg_1' }, { id: id('ct_d'), segments: 'sg_4' }], moves, events: [] }));
      await store.transaction((t) => t.writeMembership({ contacts: [{ id: id('ct_b'), segments: '' }], moves: [{ segmentId: 'sg_1', contactId: id('ct_b'), at: T, entered: false }], events: [] }));

      expect(await store.segments.size('sg_1')).toBe(2);
      expect((await store.segments.list()).map((s) => [s.key, s.size])).toEqual([['gone', 1], ['lyon', 2]]);
      expect((await store.segments.members('sg_1', { limit: 1 })).map((m) => m.contactId)).toEqual(['ct_a']);
      expect(await store.segments.members('sg_1', { after: 'ct_a', limit: 5 })).toEqual([{ contactId: 'ct_c', enteredAt: T - DAY }]);
      const rows = await store.segments.memberRows('sg_1', { limit: 5 });
      expect(rows.map((r) => [r.id, r.city, r.country, r.postalCode, r.enteredAt])).toEqual([
        ['ct_a', 'lyon', 'FR', '69003', T - 2 * DAY],
        ['ct_c', 'paris', 'FR', '75011', T - DAY],
      ]);
      expect(await store.segments.breakdown('sg_1')).toEqual([{ stage: 'hot', count: 1 }, { stage: 'warm', count: 1 }]);
      const today = Math.floor(T / DAY);
      expect(await store.segments.sizes('sg_1', today - 3, today)).toEqual([
        { day: today - 3, size: 0 },
        { day: today - 2, size: 2 },
        { day: today - 1, size: 3 },
        { day: today, size: 2 },
      ]);
      expect((await store.segments.sizes('sg_1', today, today))[0]?.size).toBe(2);

      expect(await store.segments.remove('sg_4', T + 5)).toBe(true);
      expect(await store.segments.size('sg_4')).toBe(0);
      expect((await store.contacts.get(id('ct_d')))?.segments).toBe('');
      expect((await store.contacts.get(id('ct_a')))?.segments).toBe('sg_1');
    });

    const ids = async (where: ColumnPredicate) => (await store.segmentQueries.ids(where, { limit: 100 })).map(String);

    it('filters contacts by the profile columns in SQL, NULL being false under not', async () => {
      expect(await ids({ column: 'city', op: 'eq', value: 'lyon' })).toEqual(['ct_a', 'ct_b']);
      expect(await ids({ column: 'postal_code', op: 'prefix', value: '69' })).toEqual(['ct_a', 'ct_b']);
      expect(await ids({ column: 'postal_code', op: 'prefix', value: ['75', '38'] })).toEqual(['ct_c', 'ct_d']);
      expect(await ids({ column: 'city', op: 'prefix', value: "l'isle" })).toEqual(['ct_d']);
      expect(await ids({ column: 'city', op: 'prefix', value: 'l%' })).toEqual([]);
      expect(await ids({ column: 'gender', op: 'in', value: ['female', 'male'] })).toEqual(['ct_a', 'ct_b']);
      expect(await ids({ column: 'birth_date', op: 'gte', value: Date.UTC(1970, 0, 1) })).toEqual(['ct_a']);
      expect(await ids({ all: [{ column: 'age', op: 'gte', value: 40 }, { column: 'age', op: 'lt', value: 50 }] })).toEqual(['ct_c']);
      expect(await ids({ not: { column: 'city', op: 'eq', value: 'lyon' } })).toEqual(['ct_c', 'ct_d', 'ct_e']);
      expect(await ids({ any: [{ column: 'stage', op: 'eq', value: 'hot' }, { column: 'country', op: 'null' }] })).toEqual(['ct_c', 'ct_d', 'ct_e']);
      expect(await ids({ column: 'score', op: 'gt', value: 10 })).toHaveLength(5);
      expect(await ids(false)).toEqual([]);
      expect(await ids({ memberOf: 'lyon' })).toEqual(['ct_a', 'ct_c']);
      expect(await ids({ not: { memberOf: 'lyon' } })).toEqual(['ct_b', 'ct_d', 'ct_e']);
      expect(await ids({ enrolledIn: 'nurture', ever: true })).toEqual([]);
      expect(await store.segmentQueries.count({ column: 'country', op: 'eq', value: 'FR' })).toBe(3);
      expect(await store.segmentQueries.countByStage({ column: 'country', op: 'eq', value: 'FR' })).toEqual({ hot: 1, warm: 2 });
      expect((await store.segmentQueries.ids(true, { after: 'ct_c', limit: 1 })).map(String)).toEqual(['ct_d']);
    });

    it('counts and lists the members of a definition, evaluating candidates when SQL cannot decide', async () => {
      const find = createFindMembers({ store });
      const exact: SegmentDefinition = { key: 'french-lyon', name: 'Lyon', where: { all: [{ geo: { country: ['France'], city: ['Lyon'] } }, { stage: ['warm'] }] } };
      const counted = await find.count(exact, T, { sample: 1 });
      expect(counted).toMatchObject({ count: 2, exact: true, byStage: { warm: 2 } });
      expect(counted.sample).toHaveLength(1);
      expect(['ct_a', 'ct_b']).toContain(counted.sample[0]);

      const pro: SegmentDefinition = { key: 'pro', name: 'Pro', where: { all: [{ trait: 'plan', op: 'eq', value: 'pro' }, { geo: { country: ['FR'] } }] } };
      expect(await find.count(pro, T)).toMatchObject({ count: 2, exact: true, byStage: { warm: 1, hot: 1 }, candidates: 3 });
      expect(await find.count(pro, T, { budget: 1 })).toMatchObject({ count: 3, exact: false, candidates: 3 });
      const pages: ContactId[][] = [];
      for await (const page of find.memberIds(pro, T, 1)) pages.push([...page]);
      expect(pages.flat().map(String)).toEqual(['ct_a', 'ct_c']);
      const rows = [];
      for await (const page of find.memberRows(pro, T)) rows.push(...page);
      expect(rows.map((r) => [r.id, r.enteredAt, r.gender])).toEqual([['ct_a', null, 'female'], ['ct_c', null, null]]);

      // A segment that refers to the stored one reads its members; one still building is evaluated instead.
      const inLyon: SegmentDefinition = { key: 'in-lyon', name: 'In', where: { segment: 'lyon' } };
      expect((await find.count(inLyon, T)).count).toBe(2);
      await store.segments.setStatus('sg_1', 'building', T + 6);
      expect(await find.count(inLyon, T)).toMatchObject({ count: 3, exact: true });
    });
  });
}
