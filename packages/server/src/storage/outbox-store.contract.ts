import { afterAll, beforeAll, expect, it } from 'vitest';
import { contactId, emptyContactState } from '@leadpulse/core';
import type { Store, StoreTx } from '../app/ports.js';
import type { SendRecord } from '../app/scenario-ports.js';
import { enrolmentRecord, scenarioRecord, sendRecord, taskRecord } from './test-support/scenario-fixtures.js';
import type { TestDriver } from './test-support/test-drivers.js';

const T = Date.UTC(2027, 4, 3, 9);
const MINUTE = 60_000;
const LEASE = 5 * MINUTE;

/** The outbox (sends), sales tasks and what an erase or an anonymisation does to them, run once per engine. */
export function runOutboxStoreContract(driver: TestDriver) {
  let store: Store;
  beforeAll(async () => {
    store = await driver.createStore();
  });
  afterAll(async () => store.close());
  const tx = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);
  const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);
  const outcome = (status: SendRecord['status'], at: number, extra: Partial<Parameters<Store['sends']['recordOutcome']>[1]> = {}) => ({
    status,
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    providerAnswer: null,
    sentAt: null,
    updatedAt: at,
    ...extra,
  });

  /** A store of its own, for claims that must see only their rows. */
  const withFreshStore = async (fn: (fresh: Store) => Promise<void>) => {
    const fresh = await driver.createStore();
    try {
      await fn(fresh);
    } finally {
      await fresh.close();
    }
  };

  it('writes a send once per idempotency key, every field intact', async () => {
    const first = sendRecord('sd_i', 'ct_i', T);
    await tx((t) => t.insertSends([first]));
    // The same step decided again (a retried transaction, a second worker): same key, a new id and Message-ID.
    await tx((t) => t.insertSends([sendRecord('sd_i2', 'ct_i', T + 1, { idempotencyKey: first.idempotencyKey }), sendRecord('sd_i3', 'ct_i', T + 2, { idempotencyKey: first.idempotencyKey })]));
    expect(await store.sends.get('sd_i')).toEqual(first);
    expect(await store.sends.get('sd_i2')).toBeNull();
    expect(ids((await store.sends.list({ contactId: contactId('ct_i'), limit: 10 })).sends)).toEqual(['sd_i']);
    // A Message-ID is unique too: a send is never stored twice under one identity.
    await tx((t) => t.insertSends([sendRecord('sd_i4', 'ct_i', T, { messageId: first.messageId })]));
    expect(await store.sends.get('sd_i4')).toBeNull();
  });

  it('claims due queued sends oldest first under a lease, and again once the lease has ended', async () => {
    await withFreshStore(async (fresh) => {
      await fresh.transaction((t) =>
        t.insertSends([
          sendRecord('sd_c2', 'ct_c', T, { nextAttemptAt: T - MINUTE }),
          sendRecord('sd_c1', 'ct_c', T, { nextAttemptAt: T - 2 * MINUTE }),
          sendRecord('sd_c3', 'ct_c', T, { nextAttemptAt: T }),
          sendRecord('sd_later', 'ct_c', T, { nextAttemptAt: T + MINUTE }),
          sendRecord('sd_sent', 'ct_c', T, { status: 'sent', nextAttemptAt: T - MINUTE }),
        ]),
      );
      const claimed = await fresh.sends.claimDue(T, T + LEASE, 2);
      expect(claimed.map((s) => [s.id, s.nextAttemptAt])).toEqual([
        ['sd_c1', T + LEASE],
        ['sd_c2', T + LEASE],
      ]);
      expect(ids(await fresh.sends.claimDue(T + MINUTE, T + MINUTE + LEASE, 10))).toEqual(['sd_c3', 'sd_later']);
      expect(await fresh.sends.claimDue(T + LEASE - 1, T + 2 * LEASE, 10)).toEqual([]);
      // A sender that died holding sd_c1 and sd_c2: their lease ends and they come back.
      expect(ids(await fresh.sends.claimDue(T + LEASE, T + 2 * LEASE, 10))).toEqual(['sd_c1', 'sd_c2']);
    });
  });

  it.skipIf(!driver.createSharedStores)('lets concurrent senders claim without sharing a send (SKIP LOCKED, then the lease)', async () => {
    const [first, second] = await driver.createSharedStores!(2);
    try {
      const rows = Array.from({ length: 40 }, (_, i) => sendRecord(`sd_w${String(i).padStart(2, '0')}`, `ct_w${i}`, T, { nextAttemptAt: T - i }));
      await first!.transaction((t) => t.insertSends(rows));
      const claims = await Promise.all([first, second, first, second].map((s) => s!.sends.claimDue(T, T + LEASE, 10)));
      const all = claims.flatMap(ids);
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual(ids(rows).sort());
    } finally {
      await Promise.all([first!.close(), second!.close()]);
    }
  });

  it('records an outcome only on a queued send, and retries only a dead letter', async () => {
    await tx((t) => t.insertSends([sendRecord('sd_o', 'ct_o', T), sendRecord('sd_f', 'ct_o', T)]));
    const sent = outcome('sent', T + 1, { providerAnswer: '250 2.0.0 queued as 4F2A', sentAt: T + 1, subject: 'Hello Ada', recipient: 'ada@example.fr' });
    expect(await store.sends.recordOutcome('sd_o', sent)).toBe(true);
    expect(await store.sends.get('sd_o')).toMatchObject({ status: 'sent', attempts: 1, nextAttemptAt: null, providerAnswer: '250 2.0.0 queued as 4F2A', sentAt: T + 1, subject: 'Hello Ada', recipient: 'ada@example.fr', updatedAt: T + 1 });
    // A second sender finishing late does not overwrite the first one's answer.
    expect(await store.sends.recordOutcome('sd_o', outcome('failed', T + 2, { lastError: 'late' }))).toBe(false);
    expect(await store.sends.recordOutcome('sd_none', sent)).toBe(false);
    expect(await store.sends.retry('sd_o', T + 3)).toBe(false);

    expect(await store.sends.recordOutcome('sd_f', outcome('queued', T + 1, { nextAttemptAt: T + MINUTE, lastError: '421 try later' }))).toBe(true);
    expect(await store.sends.retry('sd_f', T + 2)).toBe(false);
    expect(await store.sends.recordOutcome('sd_f', outcome('failed', T + 2, { attempts: 6, lastError: '550 no such user' }))).toBe(true);
    expect(await store.sends.retry('sd_f', T + 3)).toBe(true);
    const retried = await store.sends.get('sd_f');
    expect(retried).toMatchObject({ status: 'queued', nextAttemptAt: T + 3, attempts: 6, lastError: '550 no such user', messageId: '<sd_f@leadpulse.test>', recipient: 'ct_o@example.fr' });
  });

  it('lists sends newest first by contact, scenario and status, page by page', async () => {
    await tx((t) =>
      t.insertSends([
        sendRecord('sd_l1', 'ct_l', T, { scenarioId: 'sc_l' }),
        sendRecord('sd_l2', 'ct_l', T + 1, { scenarioId: 'sc_l', status: 'failed' }),
        sendRecord('sd_l3a', 'ct_l', T + 2, { scenarioId: 'sc_l2' }),
        sendRecord('sd_l3b', 'ct_l', T + 2, { scenarioId: 'sc_l' }),
        sendRecord('sd_l4', 'ct_l_other', T + 3, { scenarioId: 'sc_l' }),
      ]),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.sends.list({ contactId: contactId('ct_l'), limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page.sends));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['sd_l3b', 'sd_l3a', 'sd_l2', 'sd_l1']);
    expect(ids((await store.sends.list({ scenarioId: 'sc_l', limit: 10 })).sends)).toEqual(['sd_l4', 'sd_l3b', 'sd_l2', 'sd_l1']);
    expect(ids((await store.sends.list({ scenarioId: 'sc_l', status: 'failed', limit: 10 })).sends)).toEqual(['sd_l2']);
    expect((await store.sends.list({ limit: 10, cursor: 'garbage' })).sends).toEqual([]);
  });

  it('moves engagement forward by Message-ID, and counts messages for frequency caps', async () => {
    await tx((t) => t.insertSends([sendRecord('sd_m', 'ct_m', T, { status: 'sent' }), sendRecord('sd_m2', 'ct_m', T + 1, { channel: 'sms' }), sendRecord('sd_m3', 'ct_m', T + 2, { channel: 'alert' }), sendRecord('sd_m4', 'ct_m', T + 3, { status: 'suppressed' })]));
    const status = async () => (await store.sends.get('sd_m'))?.status;
    expect(await store.sends.setStatusByMessageId('<sd_m@leadpulse.test>', 'clicked', T + 5)).toBe(true);
    expect(await status()).toBe('clicked');
    // Mail clients load images after the click: the late open does not hide it.
    expect(await store.sends.setStatusByMessageId('<sd_m@leadpulse.test>', 'opened', T + 6)).toBe(true);
    expect(await status()).toBe('clicked');
    expect(await store.sends.setStatusByMessageId('<sd_m@leadpulse.test>', 'complained', T + 7)).toBe(true);
    expect(await store.sends.get('sd_m')).toMatchObject({ status: 'complained', updatedAt: T + 7 });
    expect(await store.sends.setStatusByMessageId('<unknown@leadpulse.test>', 'opened', T)).toBe(false);
    // A send still queued never left: an open naming it does not take it out of the queue.
    await store.sends.setStatusByMessageId('<sd_m2@leadpulse.test>', 'opened', T + 8);
    expect((await store.sends.get('sd_m2'))?.status).toBe('queued');

    // Email and SMS count, queued included; alerts go to sales and suppressed sends never left.
    expect(await store.sends.countMessagesSince(contactId('ct_m'), T)).toBe(2);
    expect(await store.sends.countMessagesSince(contactId('ct_m'), T + 1)).toBe(1);
    expect(await store.sends.countMessagesSince(contactId('ct_none'), T)).toBe(0);
  });

  it('writes a task once per idempotency key, lists by assignee, status and contact, and updates it', async () => {
    const first = taskRecord('tk_1', 'ct_t', T + 2);
    await tx((t) => t.insertTasks([first, taskRecord('tk_2', 'ct_t', T + 1, { assignee: 'owner@example.fr' }), taskRecord('tk_3', 'ct_t2', T)]));
    await tx((t) => t.insertTasks([taskRecord('tk_dup', 'ct_t', T, { idempotencyKey: first.idempotencyKey })]));
    expect(await store.tasks.get('tk_1')).toEqual(first);
    expect(await store.tasks.get('tk_dup')).toBeNull();
    expect(ids(await store.tasks.list({ assignee: 'sales@example.fr', limit: 10 }))).toEqual(['tk_3', 'tk_1']);
    expect(ids(await store.tasks.list({ contactId: contactId('ct_t'), limit: 10 }))).toEqual(['tk_2', 'tk_1']);
    expect(ids(await store.tasks.list({ contactId: contactId('ct_t'), limit: 1 }))).toEqual(['tk_2']);

    expect(await store.tasks.update('tk_1', { status: 'done', doneAt: T + 9 })).toBe(true);
    expect(await store.tasks.update('tk_2', { status: 'snoozed', snoozedUntil: T + 99, assignee: 'sales@example.fr' })).toBe(true);
    expect(await store.tasks.update('tk_none', { status: 'done' })).toBe(false);
    expect(await store.tasks.update('tk_3', {})).toBe(true);
    expect(await store.tasks.get('tk_1')).toEqual({ ...first, status: 'done', doneAt: T + 9 });
    expect(ids(await store.tasks.list({ assignee: 'sales@example.fr', status: 'open', limit: 10 }))).toEqual(['tk_3']);
    expect(await store.tasks.get('tk_2')).toMatchObject({ status: 'snoozed', snoozedUntil: T + 99, assignee: 'sales@example.fr' });
    expect(await store.tasks.update('tk_2', { snoozedUntil: null })).toBe(true);
    expect((await store.tasks.get('tk_2'))?.snoozedUntil).toBeNull();
  });

  it('erases a contact with its enrolments, sends and tasks', async () => {
    const create = (...names: string[]) => tx((t) => t.createContacts(names.map((name) => ({ id: contactId(name), createdAt: T, state: emptyContactState(), stage: 'warm', doctrineVersion: 1 }))));
    await create('ct_gone', 'ct_kept', 'ct_gone_too');
    await store.scenarios.save(scenarioRecord('sc_g', 'gdpr', T));
    const seed = (name: string) =>
      tx(async (t) => {
        await t.insertEnrolments([enrolmentRecord(`en_${name}`, 'sc_g', name, T)]);
        await t.insertSends([sendRecord(`sd_${name}`, name, T)]);
        await t.insertTasks([taskRecord(`tk_${name}`, name, T)]);
      });
    await seed('ct_gone');
    await seed('ct_kept');
    await seed('ct_gone_too');
    await tx((t) => t.eraseContacts([contactId('ct_gone')]));
    expect(await store.privacy.eraseContact(contactId('ct_gone_too'))).toBe(true);
    for (const name of ['ct_gone', 'ct_gone_too']) {
      expect(await store.enrolments.ofContact(contactId(name))).toEqual([]);
      expect((await store.sends.list({ contactId: contactId(name), limit: 10 })).sends).toEqual([]);
      expect(await store.tasks.list({ contactId: contactId(name), limit: 10 })).toEqual([]);
    }
    expect(ids(await store.enrolments.ofContact(contactId('ct_kept')))).toEqual(['en_ct_kept']);
    expect(ids((await store.sends.list({ contactId: contactId('ct_kept'), limit: 10 })).sends)).toEqual(['sd_ct_kept']);
    expect(ids(await store.tasks.list({ contactId: contactId('ct_kept'), limit: 10 }))).toEqual(['tk_ct_kept']);
  });

  it('anonymises a contact scenario data: no recipient, subject, payload or context; queued sends suppressed, active enrolments exited', async () => {
    await tx((t) => t.createContacts([{ id: contactId('ct_anon'), createdAt: T, state: emptyContactState(), stage: 'warm', doctrineVersion: 1 }]));
    await tx(async (t) => {
      await t.insertEnrolments([enrolmentRecord('en_anon', 'sc_g', 'ct_anon', T), enrolmentRecord('en_anon_done', 'sc_g', 'ct_anon', T - 1, { status: 'completed', endedAt: T, endReason: 'completed' })]);
      await t.insertSends([sendRecord('sd_anon_q', 'ct_anon', T), sendRecord('sd_anon_s', 'ct_anon', T, { status: 'sent', subject: 'Hello Ada', sentAt: T })]);
    });
    await tx((t) => t.stripIdentifiers([contactId('ct_anon')]));
    expect(await store.sends.get('sd_anon_q')).toMatchObject({ status: 'suppressed', recipient: null, subject: null, payload: {}, nextAttemptAt: null, lastError: 'contact anonymised' });
    expect(await store.sends.get('sd_anon_s')).toMatchObject({ status: 'sent', recipient: null, subject: null, payload: {}, sentAt: T });
    expect(await store.enrolments.get('en_anon')).toMatchObject({ status: 'exited', endReason: 'anonymised', context: {}, position: { dueAt: null } });
    expect(await store.enrolments.get('en_anon_done')).toMatchObject({ status: 'completed', endedAt: T, endReason: 'completed', context: {} });
  });
}
