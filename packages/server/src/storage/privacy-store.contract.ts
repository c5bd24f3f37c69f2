import { afterAll, beforeAll, expect, it } from 'vitest';
import { DAY, contactFacts, contactId, emptyContactState, type ContactId } from '@leadpulse/core';
import type { ContactUpdate, Store, StoreTx } from '../app/ports.js';
import { storedEvent } from './test-support/store-fixtures.js';
import type { TestDriver } from './test-support/test-drivers.js';

const T = Date.UTC(2027, 2, 1, 9);
const temperature = (key: string) => (key === 'cold' || key === 'warm' || key === 'hot' ? key : null);
const event = storedEvent;
const alias = (id: string, userId: string, previousId: string) => event(id, T, { type: 'alias', name: null, userId, anonymousId: null, previousId });
const saved = (id: ContactId, campaign: string, firstSeenAt: number): ContactUpdate => {
  const state = { ...emptyContactState(), firstSeenAt, lastSeenAt: firstSeenAt, reached: { cold: firstSeenAt }, firstTouch: { at: firstSeenAt, source: 'mail', medium: null, campaign, landingPath: '/' } };
  return {
    id,
    userId: null,
    email: null,
    state,
    classification: { stage: 'cold', score: 1, reasons: [], scoreLines: [], nextChangeAt: null },
    stageSince: firstSeenAt,
    doctrineVersion: 1,
    updatedAt: firstSeenAt,
    facts: contactFacts(state, 'cold', temperature),
  };
};

/** The erase, anonymise and export side of the store (ports.ts PrivacyTx), run once per engine. */
export function runPrivacyStoreContract(driver: TestDriver) {
  let store: Store;
  beforeAll(async () => {
    store = await driver.createStore();
  });
  afterAll(async () => store.close());
  const tx = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);
  const create = (...ids: string[]) => tx((t) => t.createContacts(ids.map((id) => ({ id: contactId(id), createdAt: T, state: emptyContactState(), stage: 'unknown', doctrineVersion: 1 }))));
  const ids = (...names: string[]) => names.map((name) => contactId(name));

  it('remembers erased keys, the newest erase instant winning, and reports the horizon', async () => {
    expect(await tx((t) => t.erasureHorizon())).toEqual({ identitiesUntil: null, messages: false });
    await tx((t) => t.insertErasedKeys([{ hash: 'h-id', kind: 'identity', erasedAt: T }, { hash: 'h-id', kind: 'identity', erasedAt: T }]));
    expect(await tx((t) => t.erasureHorizon())).toEqual({ identitiesUntil: T, messages: false });
    await tx((t) => t.insertErasedKeys([{ hash: 'h-id', kind: 'identity', erasedAt: T + 5 }, { hash: 'h-msg', kind: 'message', erasedAt: T + 1 }]));
    expect(await tx((t) => t.erasureHorizon())).toEqual({ identitiesUntil: T + 5, messages: true });
    const found = await tx((t) => t.findErasedKeys(['h-id', 'h-msg', 'h-none', 'h-id']));
    expect([...found.values()]).toEqual([
      { hash: 'h-id', kind: 'identity', erasedAt: T + 5 },
      { hash: 'h-msg', kind: 'message', erasedAt: T + 1 },
    ]);
  });

  it('follows alias calls both ways, and names the previousIds nobody owns', async () => {
    await create('ct_a_new', 'ct_a_old', 'ct_a_later', 'ct_a_other');
    await tx((t) =>
      t.insertIdentities([
        { kind: 'user', value: 'a-new', contactId: contactId('ct_a_new') },
        { kind: 'user', value: 'a-old', contactId: contactId('ct_a_old') },
        { kind: 'anonymous', value: 'a-anon', contactId: contactId('ct_a_old') },
        { kind: 'user', value: 'a-later', contactId: contactId('ct_a_later') },
        { kind: 'user', value: 'a-other', contactId: contactId('ct_a_other') },
      ]),
    );
    await tx((t) =>
      t.insertEvents([
        // ct_a_new was once a-old, and once a device nobody else knows; ct_a_later was once a-new.
        { event: alias('al1', 'a-new', 'a-old'), contactId: contactId('ct_a_new') },
        { event: alias('al2', 'a-new', 'a-gone'), contactId: contactId('ct_a_new') },
        { event: alias('al3', 'a-later', 'a-new'), contactId: contactId('ct_a_later') },
        { event: event('al4', T, { properties: { previousId: 'a-new' } }), contactId: contactId('ct_a_other') },
      ]),
    );
    expect(await tx((t) => t.aliasLinks(ids('ct_a_new')))).toEqual({ contacts: ids('ct_a_later', 'ct_a_old'), unownedPreviousIds: ['a-gone'] });
    expect(await tx((t) => t.aliasLinks(ids('ct_a_old')))).toEqual({ contacts: ids('ct_a_new'), unownedPreviousIds: [] });
    expect(await tx((t) => t.aliasLinks(ids('ct_a_other')))).toEqual({ contacts: [], unownedPreviousIds: [] });
  });

  it('erases contacts with those merged into them, and the rollup cells only they counted in', async () => {
    await create('ct_e_keep', 'ct_e_gone', 'ct_e_absorbed');
    await tx((t) => t.saveContacts([saved(contactId('ct_e_keep'), 'shared', T), saved(contactId('ct_e_gone'), 'shared', T), saved(contactId('ct_e_absorbed'), 'absorbed-only', T + DAY)]));
    await tx((t) => t.saveContacts([saved(contactId('ct_e_gone'), 'gone-only', T)]));
    await tx((t) => t.insertEvents([{ event: event('e1', T), contactId: contactId('ct_e_gone') }, { event: event('e2', T, { internal: true }), contactId: contactId('ct_e_gone') }]));
    await tx((t) => t.mergeContacts({ id: 'mg_e', into: contactId('ct_e_gone'), from: contactId('ct_e_absorbed'), at: T, reason: 'identify', eventId: null, identities: [] }));
    expect(await tx((t) => t.eventIdsOf(ids('ct_e_gone')))).toEqual(['e1']);
    expect((await tx((t) => t.absorbedInto(ids('ct_e_gone')))).map((r) => r.id)).toEqual(['ct_e_absorbed']);
    const campaigns = async () => (await store.reports.channelCounts({ from: T, to: T + 2 * DAY }, 'source')).map((c) => c.campaign).sort();
    expect(await campaigns()).toEqual(['gone-only', 'shared']);

    expect((await tx((t) => t.eraseContacts(ids('ct_e_gone', 'ct_e_none')))).sort()).toEqual(['ct_e_absorbed', 'ct_e_gone']);
    expect(await store.contacts.get(contactId('ct_e_absorbed'))).toBeNull();
    expect(await store.events.count()).toBe(4);
    expect(await campaigns()).toEqual(['shared']);
    // That no empty cell is left (reports skip them anyway) is checked on the raw tables by app/privacy.integration.test.ts.
  });

  it('replaces events and strips identities, merges, absorbed contacts and the reasons of the stage history', async () => {
    await create('ct_s_live', 'ct_s_absorbed');
    await tx((t) => t.insertIdentities([{ kind: 'email', value: 's@example.fr', contactId: contactId('ct_s_live') }]));
    await tx((t) => t.insertEvents([{ event: event('s2', T + 1), contactId: contactId('ct_s_live') }, { event: event('s1', T), contactId: contactId('ct_s_live') }]));
    await tx((t) => t.insertStageChanges([{ id: 'sc_s', contactId: contactId('ct_s_live'), from: null, to: 'hot', at: T, cause: 'event', doctrineVersion: 1, reasons: [{ stage: 'hot', conditions: [] }], score: 3 }]));
    await tx((t) => t.mergeContacts({ id: 'mg_s', into: contactId('ct_s_live'), from: contactId('ct_s_absorbed'), at: T, reason: 'identify userId=s', eventId: null, identities: [] }));
    expect((await tx((t) => t.eventsOfContacts(ids('ct_s_live')))).map((s) => s.event.id)).toEqual(['s1', 's2']);

    await tx((t) => t.replaceEvents(ids('ct_s_live'), [{ event: event('an_1', T, { anonymousId: null }), contactId: contactId('ct_s_live') }]));
    await tx((t) => t.stripIdentifiers(ids('ct_s_live')));
    expect((await tx((t) => t.eventsOfContacts(ids('ct_s_live')))).map((s) => [s.event.id, s.event.anonymousId])).toEqual([['an_1', null]]);
    expect(await store.identities.of(ids('ct_s_live'))).toEqual([]);
    expect(await store.contacts.mergesOf(contactId('ct_s_live'))).toEqual([]);
    expect(await store.contacts.get(contactId('ct_s_absorbed'))).toBeNull();
    expect(await store.contacts.stageHistoryOf(contactId('ct_s_live'))).toMatchObject([{ id: 'sc_s', to: 'hot', reasons: [] }]);
  });

  it('purges what deleted rows leave: the WAL on SQLite, nothing before VACUUM on PostgreSQL', async () => {
    expect(await store.privacy.purgeErased(['s@example.fr'])).toBe(driver.name === 'sqlite' ? 'purged' : 'vacuum_pending');
  });
}
