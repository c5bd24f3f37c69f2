import { afterAll, beforeAll, expect, it } from 'vitest';
import { blockingInputs, contactFacts, contactId, emptyContactState, eventId, signalOutcomes, stageOutcomes, tunnelInputs, type ContactId, type LeadEvent, type TunnelInput } from '@leadpulse/core';
import type { ContactQuery, ContactUpdate, Store, StoreTx } from '../app/ports.js';
import { contactUpdate, storedEvent, temperatureOf } from './test-support/store-fixtures.js';
import type { TestDriver } from './test-support/test-drivers.js';

const T = Date.UTC(2026, 10, 1, 9);
const event = (id: string, at: number, extra: Partial<LeadEvent> = {}): LeadEvent =>
  storedEvent(id, at, {
    receivedAt: at + 5,
    properties: { plan: 'pro', nested: { a: [1, 2] } },
    traits: { email: 'x@example.fr' },
    context: { page: { path: '/essai-gratuit' }, campaign: { source: 'google' }, ip: '203.0.113.0' },
    ...extra,
  });
const update = (id: ContactId, stage: string, extra: Partial<ContactUpdate> = {}): ContactUpdate => contactUpdate(id, stage, T, extra);

/** The store contract: every Store and StoreTx method, run once per engine (Hono's runTest style). */
export function runStoreContract(driver: TestDriver) {
  let store: Store;
  beforeAll(async () => {
    store = await driver.createStore();
  });
  afterAll(async () => store.close());
  const tx = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);
  const create = (...ids: string[]) => tx((t) => t.createContacts(ids.map((id) => ({ id: contactId(id), createdAt: T, state: emptyContactState(), stage: 'unknown', doctrineVersion: 1 }))));

  it('migrates idempotently and reports ready', async () => {
    await store.migrate();
    expect(await store.isReady()).toBe(true);
    expect(await store.doctrines.active()).toBeNull();
  });

  it('appends events once per id and returns every field intact', async () => {
    await create('ct_a');
    const first = event('e1', T);
    await tx((t) => t.insertEvents([{ event: first, contactId: contactId('ct_a') }, { event: event('e2', T + 10, { type: 'page', name: null, bot: true }), contactId: contactId('ct_a') }]));
    await tx((t) => t.insertEvents([{ event: { ...first, properties: { overwritten: true } }, contactId: contactId('ct_a') }]));
    expect(await tx((t) => t.existingEventIds([eventId('e1'), eventId('e2'), eventId('e3')]))).toEqual(new Set(['e1', 'e2']));
    const history = await tx((t) => t.historyOf(contactId('ct_a')));
    expect(history).toEqual([first, event('e2', T + 10, { type: 'page', name: null, bot: true })]);
    expect(await store.events.count()).toBe(2);
  });

  it('orders histories by (at, id), leaves internal events out of them, and pages the newest first', async () => {
    await create('ct_h');
    const id = contactId('ct_h');
    await tx((t) =>
      t.insertEvents([
        { event: event('h3', T + 20), contactId: id },
        { event: event('h1', T), contactId: id },
        { event: event('h2b', T + 10), contactId: id },
        { event: event('h2a', T + 10), contactId: id },
        { event: event('h4', T + 30, { internal: true, name: 'Stage Changed' }), contactId: id },
      ]),
    );
    expect((await tx((t) => t.historyOf(id))).map((e) => e.id)).toEqual(['h1', 'h2a', 'h2b', 'h3']);
    expect((await store.events.historiesOf([id, contactId('ct_none')])).get(id)?.map((e) => e.id)).toEqual(['h1', 'h2a', 'h2b', 'h3']);
    expect((await store.events.historiesOf([contactId('ct_none')])).get(contactId('ct_none'))).toEqual([]);
    expect((await store.events.of(id, { limit: 2 })).map((e) => e.id)).toEqual(['h4', 'h3']);
    expect((await store.events.of(id, { limit: 10, before: T + 10 })).map((e) => e.id)).toEqual(['h1']);
  });

  it('keeps the first owner of an identity', async () => {
    await create('ct_i1', 'ct_i2');
    await tx((t) => t.insertIdentities([{ kind: 'anonymous', value: 'shared', contactId: contactId('ct_i1') }, { kind: 'email', value: 'i@example.fr', contactId: contactId('ct_i1') }]));
    await tx((t) => t.insertIdentities([{ kind: 'anonymous', value: 'shared', contactId: contactId('ct_i2') }, { kind: 'user', value: 'u-i2', contactId: contactId('ct_i2') }]));
    const found = await tx((t) => t.findIdentities([{ kind: 'anonymous', value: 'shared' }, { kind: 'user', value: 'u-i2' }, { kind: 'user', value: 'shared' }]));
    expect(found.map((r) => `${r.kind}:${r.value}:${r.contactId}`).sort()).toEqual(['anonymous:shared:ct_i1', 'user:u-i2:ct_i2']);
    expect((await store.identities.of([contactId('ct_i1')])).map((r) => r.value).sort()).toEqual(['i@example.fr', 'shared']);
    expect((await store.contacts.findByIdentity({ kind: 'email', value: 'i@example.fr' }))?.id).toBe('ct_i1');
  });

  it('saves a classification and reads it back', async () => {
    await create('ct_s');
    await tx((t) => t.saveContacts([update(contactId('ct_s'), 'hot', { userId: 'u-s', email: 's@example.fr' })]));
    const [locked] = await tx((t) => t.lockContacts([contactId('ct_s')]));
    expect(locked).toMatchObject({ id: 'ct_s', userId: 'u-s', email: 's@example.fr', stage: 'hot', score: 12.5, nextEvalAt: T + 1000, firstSeenAt: T, lastSeenAt: T + 1000, createdAt: T, mergedInto: null, doctrineVersion: 1 });
    expect(locked!.reasons[0]!.conditions[0]!.evidence).toEqual(['e1']);
    expect(locked!.scoreLines).toEqual([{ rule: 'chat', points: 12.5 }]);
    expect(await store.contacts.get(contactId('ct_s'))).toEqual(locked);
  });

  it('merges: events and identities move, the absorbed contact is a tombstone, the merge is on record', async () => {
    await create('ct_m_old', 'ct_m_from', 'ct_m_into');
    await tx((t) => t.insertEvents([{ event: event('m1', T), contactId: contactId('ct_m_from') }]));
    await tx((t) => t.insertIdentities([{ kind: 'anonymous', value: 'm-anon', contactId: contactId('ct_m_from') }]));
    await tx((t) => t.mergeContacts({ id: 'mg_1', into: contactId('ct_m_from'), from: contactId('ct_m_old'), at: T, reason: 'first', eventId: null, identities: [] }));
    await tx((t) => t.mergeContacts({ id: 'mg_2', into: contactId('ct_m_into'), from: contactId('ct_m_from'), at: T + 1, reason: 'identify userId=u', eventId: eventId('m1'), identities: [{ kind: 'anonymous', value: 'm-anon' }] }));
    expect((await tx((t) => t.historyOf(contactId('ct_m_into')))).map((e) => e.id)).toEqual(['m1']);
    expect((await store.contacts.findByIdentity({ kind: 'anonymous', value: 'm-anon' }))?.id).toBe('ct_m_into');
    expect((await store.contacts.get(contactId('ct_m_from')))?.mergedInto).toBe('ct_m_into');
    expect((await store.contacts.get(contactId('ct_m_old')))?.mergedInto).toBe('ct_m_into');
    expect(await tx((t) => t.lockContacts([contactId('ct_m_from'), contactId('ct_m_into')]))).toHaveLength(1);
    const merges = await store.contacts.mergesOf(contactId('ct_m_into'));
    expect(merges.map((m) => m.id)).toEqual(['mg_2']);
    expect(merges[0]).toMatchObject({ reason: 'identify userId=u', eventId: 'm1', identities: [{ kind: 'anonymous', value: 'm-anon' }] });
    expect((await store.contacts.mergesOf(contactId('ct_m_from'))).map((m) => m.id)).toEqual(['mg_1', 'mg_2']);
  });

  it('lists live contacts newest first with a cursor, filters by stage and searches identities', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `ct_p${i}`);
    await create(...ids);
    await tx((t) => t.saveContacts(ids.map((id, i) => update(contactId(id), i % 2 ? 'warm' : 'cold', { email: `p${i}@Paging.example.fr`, userId: `user-p${i}` }))));
    await tx((t) => t.insertIdentities([{ kind: 'anonymous', value: 'Searchable-Anon', contactId: contactId('ct_p3') }]));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.contacts.list({ limit: 3, cursor, q: 'paging.example' });
      seen.push(...page.contacts.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await store.contacts.list({ limit: 50, stage: 'warm', q: 'PAGING' })).contacts.map((c) => c.id)).toEqual(['ct_p5', 'ct_p3', 'ct_p1']);
    expect((await store.contacts.list({ limit: 50, q: 'searchable-anon' })).contacts.map((c) => c.id)).toEqual(['ct_p3']);
    expect((await store.contacts.list({ limit: 50, q: 'user-p6' })).contacts.map((c) => c.id)).toEqual(['ct_p6']);
    expect((await store.contacts.list({ limit: 50, q: '100%_' })).contacts).toEqual([]);
    // Filters by first-touch source, trait and last seen, on top of the rest.
    const later = (i: number) => ({ ...emptyContactState(), firstSeenAt: T, lastSeenAt: T + i * 86_400_000, traits: { city: i < 3 ? 'Lyon' : 'Paris' }, firstTouch: { at: T, source: i % 2 ? 'salon' : 'google', medium: null, campaign: null, landingPath: '/' } });
    await tx((t) => t.saveContacts(ids.map((id, i) => update(contactId(id), i % 2 ? 'warm' : 'cold', { email: `p${i}@Paging.example.fr`, userId: `user-p${i}`, state: later(i), facts: contactFacts(later(i), i % 2 ? 'warm' : 'cold', () => null) }))));
    const list = async (query: Omit<ContactQuery, 'limit'>) => (await store.contacts.list({ limit: 50, q: 'paging', ...query })).contacts.map((c) => c.id);
    expect(await list({ source: 'salon' })).toEqual(['ct_p5', 'ct_p3', 'ct_p1']);
    expect(await list({ trait: { key: 'city', value: 'Lyon' } })).toEqual(['ct_p2', 'ct_p1', 'ct_p0']);
    expect(await list({ seenAfter: T + 4 * 86_400_000 })).toEqual(['ct_p6', 'ct_p5', 'ct_p4']);
    expect(await list({ seenAfter: T + 86_400_000, seenBefore: T + 3 * 86_400_000, source: 'salon' })).toEqual(['ct_p1']);
    const counts = await store.contacts.countByStage();
    expect(counts['warm']).toBe(3);
    // Contacts never folded (crawler traffic only) are not listed or counted.
    await create('ct_p_bot');
    expect((await store.contacts.list({ limit: 500 })).contacts.map((c) => c.id)).not.toContain('ct_p_bot');
    expect(await store.contacts.countByStage()).toEqual(counts);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe((await store.contacts.list({ limit: 500 })).contacts.length);
  });

  it('claims due contacts in a transaction, oldest due first; concurrent workers with SKIP LOCKED take disjoint shares', async () => {
    const ids = ['ct_c1', 'ct_c2', 'ct_c3', 'ct_c4', 'ct_c5', 'ct_c6'];
    await create(...ids);
    const due = (id: string, at: number) => update(contactId(id), 'hot', { classification: { ...update(contactId('x'), 'hot').classification, nextChangeAt: at } });
    await tx((t) => t.saveContacts(ids.map((id, i) => due(id, T - 1000 + i))));
    expect((await tx((t) => t.claimDueContacts(T, 2))).map((r) => r.id)).toEqual(['ct_c1', 'ct_c2']);
    if (!store.capabilities.skipLocked) return;
    let claimedByFirst: (ids: string[]) => void = () => {};
    const firstClaimed = new Promise<string[]>((resolve) => (claimedByFirst = resolve));
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const first = tx(async (t) => {
      claimedByFirst((await t.claimDueContacts(T, 3)).map((r) => r.id));
      await released;
    });
    const held = await firstClaimed;
    const second = (await tx((t) => t.claimDueContacts(T, 3))).map((r) => r.id);
    release();
    await first;
    expect(held).toEqual(['ct_c1', 'ct_c2', 'ct_c3']);
    expect(second).toEqual(['ct_c4', 'ct_c5', 'ct_c6']);
  });

  it('finds due contacts in order and walks live ids for replays', async () => {
    await create('ct_d1', 'ct_d2', 'ct_d3');
    await tx((t) =>
      t.saveContacts([
        update(contactId('ct_d1'), 'hot', { classification: { ...update(contactId('x'), 'hot').classification, nextChangeAt: T - 10 } }),
        update(contactId('ct_d2'), 'hot', { classification: { ...update(contactId('x'), 'hot').classification, nextChangeAt: T - 20 } }),
        update(contactId('ct_d3'), 'hot', { classification: { ...update(contactId('x'), 'hot').classification, nextChangeAt: T + 10_000 } }),
      ]),
    );
    const due = await store.contacts.due(T, 100);
    expect(due.indexOf(contactId('ct_d2'))).toBeLessThan(due.indexOf(contactId('ct_d1')));
    expect(due).not.toContain('ct_d3');
    expect(await store.contacts.due(T, 1)).toHaveLength(1);
    const all: string[] = [];
    for (let after: ContactId | null = null; ; ) {
      const page = await store.contacts.idsAfter(after, 4);
      if (page.length === 0) break;
      all.push(...page);
      after = page[page.length - 1]!;
    }
    expect(all).toEqual([...all].sort());
    expect(all).not.toContain('ct_m_from');
    expect(all).toContain('ct_d3');
  });

  it('records stage changes in order', async () => {
    const id = contactId('ct_s');
    await tx((t) =>
      t.insertStageChanges([
        { id: 'sc_2', contactId: id, from: 'cold', to: 'hot', at: T + 2, cause: 'event', doctrineVersion: 1, reasons: [], score: 3 },
        { id: 'sc_1', contactId: id, from: null, to: 'cold', at: T + 1, cause: 'time', doctrineVersion: 1, reasons: [{ stage: 'cold', conditions: [] }], score: 1 },
      ]),
    );
    expect((await store.contacts.stageHistoryOf(id)).map((c) => `${c.from}->${c.to}:${c.cause}`)).toEqual(['null->cold:time', 'cold->hot:event']);
    // The live feed: the newest first in time order, then whatever follows a cursor, ties broken by id.
    const feed = await store.contacts.stageChangesAfter(null, 1000);
    expect(feed.slice(-2).map((c) => c.id)).toEqual(['sc_1', 'sc_2']);
    expect((await store.contacts.stageChangesAfter({ at: T + 1, id: 'sc_1' }, 10)).map((c) => c.id)).toContain('sc_2');
    expect((await store.contacts.stageChangesAfter({ at: T + 1, id: 'sc_1' }, 10)).map((c) => c.id)).not.toContain('sc_1');
  });

  it('erases a contact with its identities, events, history, merges and absorbed contacts', async () => {
    expect(await store.privacy.eraseContact(contactId('ct_m_into'))).toBe(true);
    for (const id of ['ct_m_into', 'ct_m_from', 'ct_m_old']) expect(await store.contacts.get(contactId(id))).toBeNull();
    expect(await store.contacts.findByIdentity({ kind: 'anonymous', value: 'm-anon' })).toBeNull();
    expect(await store.contacts.mergesOf(contactId('ct_m_into'))).toEqual([]);
    expect(await tx((t) => t.existingEventIds([eventId('m1')]))).toEqual(new Set());
    expect(await store.privacy.eraseContact(contactId('ct_m_into'))).toBe(false);
  });

  it('versions doctrines: each save is a new active version', async () => {
    const doctrine = { name: 'v', stages: [], fallback: { key: 'unknown', labels: { en: 'Unknown', fr: 'Inconnu' } } } as never;
    const v1 = await store.doctrines.save(doctrine, { note: 'first', now: T });
    const v2 = await store.doctrines.save(doctrine, { note: null, now: T + 1 });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect((await store.doctrines.active())?.version).toBe(2);
    expect((await store.doctrines.versions()).map((v) => [v.version, v.active, v.note])).toEqual([[2, true, null], [1, false, 'first']]);
  });

  it('stores keys by hash and revokes them once', async () => {
    const key = { id: 'key_1', kind: 'write' as const, label: 'site', hash: 'abc123', prefix: 'lpw_abcd', allowedOrigins: ['https://www.example.fr'], createdAt: T, revokedAt: null };
    await store.keys.create(key);
    expect(await store.keys.findByHash('abc123')).toEqual(key);
    expect(await store.keys.findByHash('nope')).toBeNull();
    expect(await store.keys.revoke('key_1', T + 5)).toBe(true);
    expect(await store.keys.revoke('key_1', T + 6)).toBe(false);
    expect((await store.keys.list())[0]?.revokedAt).toBe(T + 5);
  });

  it('keeps settings', async () => {
    expect(await store.settings.get('demo')).toBeNull();
    await store.settings.set('demo', 'loaded');
    await store.settings.set('demo', 'again');
    expect(await store.settings.get('demo')).toBe('again');
  });

  it('rolls back everything a failed transaction wrote', async () => {
    await expect(
      tx(async (t) => {
        await t.createContacts([{ id: contactId('ct_rollback'), createdAt: T, state: emptyContactState(), stage: 'unknown', doctrineVersion: 1 }]);
        await t.insertEvents([{ event: event('rb1', T), contactId: contactId('ct_rollback') }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.contacts.get(contactId('ct_rollback'))).toBeNull();
    expect(await tx((t) => t.existingEventIds([eventId('rb1')]))).toEqual(new Set());
  });

  it('keeps one facts row per live contact for the reports, and drops it on merge and erase', async () => {
    // Far from the other tests' contacts, which share this store.
    const F = Date.UTC(2032, 0, 1);
    const ids = ['ct_f1', 'ct_f2', 'ct_f3'].map((id) => contactId(id));
    await tx((t) => t.createContacts(ids.map((id) => ({ id, createdAt: T, state: emptyContactState(), stage: 'unknown', doctrineVersion: 1 }))));
    const state = (firstSeenAt: number) => ({ ...emptyContactState(), firstSeenAt, lastSeenAt: firstSeenAt, reached: { cold: firstSeenAt, hot: firstSeenAt + 3600_000 }, traits: { city: 'Lyon' } });
    await tx((t) => t.saveContacts(ids.map((id, i) => update(id, 'hot', { state: state(F + i * 86_400_000), facts: contactFacts(state(F + i * 86_400_000), 'hot', (k) => (k === 'hot' || k === 'cold' ? k : null)) }))));
    const facts = await store.reports.reportFacts({ from: F, to: F + 2 * 86_400_000 }, { traits: true });
    expect(facts.map((f) => f.firstSeenAt)).toEqual([F, F + 86_400_000]);
    expect(facts[0]).toMatchObject({ stage: 'hot', temperature: 'hot', reachedAt: { cold: F, warm: F + 3600_000, hot: F + 3600_000, client: null }, traits: { city: 'Lyon' } });
    await tx((t) => t.mergeContacts({ id: 'mg_f', into: ids[0]!, from: ids[1]!, at: T, reason: 'identify', eventId: null, identities: [] }));
    expect(await store.privacy.eraseContact(ids[2]!)).toBe(true);
    expect((await store.reports.reportFacts({}, { traits: true })).filter((f) => f.firstSeenAt! >= F && f.traits['city'] === 'Lyon')).toHaveLength(1);
  });

  it('counts stage changes by day and move', async () => {
    const change = (id: string, at: number, from: string | null, to: string) => ({ id, contactId: contactId('ct_moves'), from, to, at, cause: 'event' as const, doctrineVersion: 1, reasons: [], score: 0 });
    const day = Date.UTC(2030, 0, 1, 12);
    await tx((t) => t.insertStageChanges([change('sc_m1', day, null, 'cold'), change('sc_m2', day + 60_000, null, 'cold'), change('sc_m3', day + 86_400_000, 'cold', 'warm')]));
    expect(await store.reports.stageMoves({ from: Date.UTC(2030, 0, 1), to: Date.UTC(2030, 0, 3) })).toEqual([
      { day: '2030-01-01', from: null, to: 'cold', count: 2 },
      { day: '2030-01-02', from: 'cold', to: 'warm', count: 1 },
    ]);
  });

  it('stores cost lines and finds those overlapping a period', async () => {
    const line = (id: string, start: number, end: number) => ({ id, channel: 'google', campaign: null, kind: 'digital' as const, periodStart: start, periodEnd: end, amount: 1234.5, currency: 'EUR', note: 'Ads', createdAt: T, segmentId: null });
    const base = Date.UTC(2031, 0, 1);
    await store.reports.addCostLines([line('cost_a', base, base + 10), line('cost_b', base + 20, base + 30)]);
    expect((await store.reports.listCostLines({ from: base + 5, to: base + 25 })).map((l) => l.id)).toEqual(['cost_a', 'cost_b']);
    expect(await store.reports.listCostLines({ from: base + 11, to: base + 19 })).toEqual([]);
    expect((await store.reports.listCostLines({ from: base, to: base + 1 }))[0]).toEqual(line('cost_a', base, base + 10));
    expect(await store.reports.deleteCostLine('cost_a')).toBe(true);
    expect(await store.reports.deleteCostLine('cost_a')).toBe(false);
  });

  it('aggregates the tunnel by group in the database, durations included, and samples them deterministically', async () => {
    const G = Date.UTC(2033, 0, 1);
    const H = 3600_000;
    const ids = ['ct_t1', 'ct_t2', 'ct_t3'].map((id) => contactId(id));
    await tx((t) => t.createContacts(ids.map((id) => ({ id, createdAt: G, state: emptyContactState(), stage: 'unknown', doctrineVersion: 1 }))));
    const state = (i: number, source: string | null, reached: Record<string, number>) => ({
      ...emptyContactState(),
      firstSeenAt: G + i * H,
      lastSeenAt: G + i * H,
      reached,
      traits: { city: i === 2 ? 'Lyon' : 'Paris' },
      firstTouch: source ? { at: G, source, medium: 'cpc', campaign: null, landingPath: '/' } : null,
    });
    const states = [state(0, 'google', { cold: G, client: G + 10 * H }), state(1, 'google', { warm: G + 3 * H }), state(2, null, {})];
    await tx((t) => t.saveContacts(ids.map((id, i) => update(id, 'cold', { state: states[i]!, facts: contactFacts(states[i]!, 'cold', temperatureOf) }))));
    const period = { from: G, to: G + 24 * H };
    const bySource = await store.reports.tunnelInputs(period, 'source', 50_000);
    expect(bySource.sampledOneIn).toBe(1);
    const google = bySource.inputs.find((i) => i.group === 'google')!;
    expect(google).toMatchObject({ contacts: 2, reached: { cold: 2, warm: 2, hot: 1, client: 1 }, firstSeenMin: G, firstSeenMax: G });
    expect(bySource.coverageStart).toBe(G + 10 * H);
    expect(google.durations['entry-client']).toEqual([10 * H]);
    // The second contact entered at warm: cold skipped, so it makes no entry → cold step and gives no duration.
    expect(google).toMatchObject({ held: { cold: 1, warm: 1, hot: 0, client: 1 }, through: { 'entry-cold': 1, 'cold-warm': 0, 'warm-hot': 0, 'hot-client': 0, 'entry-client': 1 } });
    expect(google.durations['entry-cold']).toEqual([0]);
    expect(bySource.inputs.find((i) => i.group === '(none)')).toMatchObject({ contacts: 1 });
    const byCity = await store.reports.tunnelInputs(period, 'trait:city', 50_000);
    expect(Object.fromEntries(byCity.inputs.map((i) => [i.group, i.contacts]))).toEqual({ Paris: 2, Lyon: 1 });
    // Whole days: read from the rollup, whose cells PostgreSQL must see grouped by day alone.
    const byCohort = await store.reports.tunnelInputs(period, 'cohort', 50_000);
    expect(byCohort.inputs.map((i) => [i.group, i.contacts])).toEqual([['2033-01', 3]]);
    const sampled = await store.reports.tunnelInputs(period, 'none', 1);
    expect(sampled.sampledOneIn).toBe(3);
    expect(sampled.inputs[0]!.contacts).toBe(3);
  });

  it('counts the campaign, blocking-points and doctrine-check inputs in SQL exactly as the core does from facts rows', async () => {
    const K = Date.UTC(2034, 0, 1);
    const D = 86_400_000;
    const ids = Array.from({ length: 60 }, (_, i) => contactId(`ct_r${String(i).padStart(2, '0')}`));
    await tx((t) => t.createContacts(ids.map((id) => ({ id, createdAt: K, state: emptyContactState(), stage: 'unknown', doctrineVersion: 1 }))));
    const tally = (n: number, sum = n) => ({ n, sum, first: K, last: K, recent: [] });
    // A varied population: every contact differs by a few deterministic traits of its index.
    const stateOf = (i: number) => {
      const firstSeenAt = K + (i % 20) * D;
      const reached: Record<string, number> = {};
      if (i % 2 === 0) reached['cold'] = firstSeenAt + D;
      if (i % 4 === 0) reached['warm'] = firstSeenAt + 2 * D;
      if (i % 8 === 0) reached['hot'] = firstSeenAt + 3 * D;
      if (i % 5 === 0) reached['client'] = firstSeenAt + (i % 3) * 40 * D;
      const tallies: Record<string, ReturnType<typeof tally>> = {};
      if (i % 3 === 0) tallies['e:Product Added'] = tally(1);
      if (i % 6 === 0) tallies['e:Checkout Started'] = tally(1);
      if (i % 5 === 0) tallies['e:Order Completed'] = tally(1, 100 + i);
      if (i % 7 < 3) tallies['e:Chat Started'] = tally(1);
      return {
        ...emptyContactState(),
        firstSeenAt,
        lastSeenAt: firstSeenAt + (i % 9) * 10 * D,
        reached,
        tallies,
        paths: Object.fromEntries(['/', '/tarifs', '/blog', '/panier'].filter((_, p) => (i >> p) % 2 === 1 || p === 0).map((p) => [p, 1])),
        lastPath: ['/', '/tarifs', '/blog', null][i % 4] ?? null,
        firstTouch: { at: firstSeenAt, source: ['google', 'linkedin', 'salon'][i % 3]!, medium: 'cpc', campaign: i % 4 === 3 ? null : `c${i % 4}`, landingPath: '/' },
      };
    };
    const stages = ['unknown', 'cold', 'warm', 'hot', 'client'];
    await tx((t) => t.saveContacts(ids.map((id, i) => update(id, stages[i % 5]!, { state: stateOf(i), facts: contactFacts(stateOf(i), stages[i % 5]!, temperatureOf) }))));
    const period = { from: K, to: K + 30 * D };
    const facts = await store.reports.reportFacts(period, { signals: true });
    expect(facts).toHaveLength(60);
    const now = K + 200 * D;

    const campaigns = (await store.reports.tunnelInputs(period, 'campaign', 50_000)).inputs;
    const sortGroups = <T extends { group: string }>(list: readonly T[]) => [...list].sort((a, b) => a.group.localeCompare(b.group));
    const sortDurations = (input: TunnelInput) => ({
      ...input,
      durations: Object.fromEntries(Object.entries(input.durations).map(([k, v]) => [k, [...v].sort((a, b) => a - b)])),
      timeTo: Object.fromEntries(Object.entries(input.timeTo).map(([k, v]) => [k, [...v].sort((a, b) => a - b)])),
    });
    expect(sortGroups(campaigns).map(sortDurations)).toEqual(sortGroups(tunnelInputs(facts, 'campaign')).map(sortDurations));

    const window = { now, quietAfterMs: 30 * D };
    const blocking = await store.reports.blockingInputs(period, window, 50_000);
    const expected = blockingInputs(facts, window);
    const byKey = (e: { stage: string; path: string }) => `${e.stage} ${e.path}`;
    expect({ ...blocking, exits: [...blocking.exits].sort((a, b) => byKey(a).localeCompare(byKey(b))) }).toEqual({ ...expected, exits: [...expected.exits].sort((a, b) => byKey(a).localeCompare(byKey(b))) });
    expect(blocking.purchase.cart).toBeGreaterThan(0);

    const outcome = { now: K + 100 * D, horizonMs: 90 * D };
    const check = await store.reports.doctrineCheckInputs(period, outcome, 50_000);
    expect(check).toEqual({ byStage: stageOutcomes(facts, outcome), signals: signalOutcomes(facts, outcome) });
    expect(check.byStage.hot.contacts + check.byStage.none.contacts).toBeGreaterThan(0);
    expect(check.signals.bySignal['Chat Started']!.contacts).toBeGreaterThan(0);

    // Above the sample size, counts stay exact and lift and signals come from a 1-in-k sample.
    const sampled = await store.reports.doctrineCheckInputs(period, outcome, 20);
    expect(sampled.byStage).toEqual(check.byStage);
    expect(sampled.signals.sampledOneIn).toBe(Math.ceil(check.signals.known / 20));
    expect(sampled.signals.known).toBeLessThan(check.signals.known);
    expect((await store.reports.blockingInputs(period, window, 20)).liftSampledOneIn).toBe(3);

    // The rollup the triggers keep agrees with a scan of the facts (a period cut inside a day is scanned),
    // through saves that move contacts between cells, a merge and an erasure.
    const counts = async (from: number) => {
      const result = await store.reports.tunnelInputs({ from, to: K + 30 * D }, 'source', 50_000);
      return Object.fromEntries(result.inputs.map((i) => [i.group, [i.contacts, i.reached, i.held, i.through, i.revenue]]));
    };
    const later = (i: number) => ({ ...stateOf(i), reached: { ...stateOf(i).reached, hot: K + 25 * D, client: K + 26 * D }, tallies: { ...stateOf(i).tallies, 'e:Order Completed': tally(2, 999) }, firstTouch: { ...stateOf(i).firstTouch, source: 'salon' } });
    await tx((t) => t.saveContacts(ids.slice(0, 10).map((id, i) => update(id, 'client', { state: later(i), facts: contactFacts(later(i), 'client', temperatureOf) }))));
    await tx((t) => t.mergeContacts({ id: 'mg_r', into: ids[10]!, from: ids[11]!, at: K, reason: 'identify', eventId: null, identities: [] }));
    expect(await store.privacy.eraseContact(ids[12]!)).toBe(true);
    const fromRollup = await counts(K);
    expect(fromRollup).toEqual(await counts(K - 1));
    expect(Object.values(fromRollup).reduce((sum, [contacts]) => sum + (contacts as number), 0)).toBe(58);
    expect(await store.reports.channelCounts({ from: K, to: K + 30 * D }, 'source')).toEqual(expect.arrayContaining(await store.reports.channelCounts({ from: K - 1, to: K + 30 * D }, 'source')));
  });
}
