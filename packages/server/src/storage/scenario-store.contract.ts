import { afterAll, beforeAll, expect, it } from 'vitest';
import { contactId, emptyContactState } from '@leadpulse/core';
import type { Store, StoreTx } from '../app/ports.js';
import type { EnrolmentRecord } from '../app/scenario-ports.js';
import { enrolmentRecord, scenarioDocument, scenarioRecord, templateRecord } from './test-support/scenario-fixtures.js';
import type { TestDriver } from './test-support/test-drivers.js';

const T = Date.UTC(2027, 4, 3, 9);
const MINUTE = 60_000;

/** Scenarios, templates and enrolments (scenario-ports.ts), run once per engine. */
export function runScenarioStoreContract(driver: TestDriver) {
  let store: Store;
  beforeAll(async () => {
    store = await driver.createStore();
  });
  afterAll(async () => store.close());
  const tx = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);
  const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);
  /** Claims read enrolments with their contacts, so the contacts of claimed enrolments exist. */
  const createContacts = (on: Store, names: readonly string[]) =>
    on.transaction((t) => t.createContacts(names.map((name) => ({ id: contactId(name), createdAt: T, state: emptyContactState(), stage: 'warm', doctrineVersion: 1 }))));

  it('keeps every version of a scenario and reads the newest unless asked', async () => {
    expect(await store.scenarios.save(scenarioRecord('sc_v', 'versions', T, { status: 'draft' }))).toBe(true);
    const second = scenarioRecord('sc_v', 'versions', T, { version: 2, status: 'draft', scenario: scenarioDocument('versions', { name: 'Second' }), updatedAt: T + MINUTE });
    expect(await store.scenarios.save(second)).toBe(true);
    expect(await store.scenarios.get('sc_v')).toEqual(second);
    expect((await store.scenarios.get('sc_v', 1))?.scenario.name).toBe('Scenario versions');
    expect(await store.scenarios.get('sc_v', 3)).toBeNull();
    expect(await store.scenarios.get('sc_none')).toBeNull();
    expect(await store.scenarios.getByKey('versions')).toEqual(second);
    expect((await store.scenarios.list()).filter((s) => s.id === 'sc_v').map((s) => s.version)).toEqual([2]);
  });

  it('refuses a key another scenario holds, and frees a key its holder gave up', async () => {
    expect(await store.scenarios.save(scenarioRecord('sc_k1', 'taken', T))).toBe(true);
    expect(await store.scenarios.save(scenarioRecord('sc_k2', 'taken', T))).toBe(false);
    expect(await store.scenarios.get('sc_k2')).toBeNull();
    // The holder's old version keeps the old key in its document; only the newest version holds a key.
    expect(await store.scenarios.save(scenarioRecord('sc_k1', 'renamed', T, { version: 2 }))).toBe(true);
    expect(await store.scenarios.save(scenarioRecord('sc_k2', 'taken', T))).toBe(true);
    expect((await store.scenarios.getByKey('taken'))?.id).toBe('sc_k2');
    expect((await store.scenarios.getByKey('renamed'))?.id).toBe('sc_k1');
    expect((await store.scenarios.get('sc_k1', 1))?.key).toBe('taken');
  });

  it('sets the status of every version, lists the active ones, and deletes versions with their enrolments', async () => {
    await store.scenarios.save(scenarioRecord('sc_s', 'status', T, { status: 'draft' }));
    await store.scenarios.save(scenarioRecord('sc_s', 'status', T, { version: 2, status: 'draft' }));
    expect(ids(await store.scenarios.active())).not.toContain('sc_s');
    expect(await store.scenarios.setStatus('sc_s', 'active', T + MINUTE)).toBe(true);
    expect(await store.scenarios.setStatus('sc_none', 'active', T)).toBe(false);
    expect(await store.scenarios.get('sc_s')).toMatchObject({ version: 2, status: 'active', updatedAt: T + MINUTE });
    expect(await store.scenarios.get('sc_s', 1)).toMatchObject({ status: 'active' });
    expect(ids(await store.scenarios.active())).toContain('sc_s');

    expect(await tx((t) => t.insertEnrolments([enrolmentRecord('en_s1', 'sc_s', 'ct_s', T)]))).toEqual(['en_s1']);
    // The same id again (the same trigger seen again) is skipped, and the first one kept as it was.
    expect(await tx((t) => t.insertEnrolments([enrolmentRecord('en_s1', 'sc_s', 'ct_s', T + MINUTE)]))).toEqual([]);
    expect((await store.enrolments.get('en_s1'))?.enteredAt).toBe(T);
    expect(await store.scenarios.delete('sc_s')).toBe(true);
    expect(await store.scenarios.delete('sc_s')).toBe(false);
    expect(await store.scenarios.get('sc_s', 1)).toBeNull();
    expect(await store.enrolments.get('en_s1')).toBeNull();
  });

  it('counts active enrolments by step', async () => {
    await store.scenarios.save(scenarioRecord('sc_c', 'counts', T));
    const at = (stepId: string | null) => ({ stepId, dueAt: T, occurrence: 0, waitingSince: null });
    await tx((t) =>
      t.insertEnrolments([
        enrolmentRecord('en_c1', 'sc_c', 'ct_c1', T, { position: at('wait') }),
        enrolmentRecord('en_c2', 'sc_c', 'ct_c2', T, { position: at('wait') }),
        enrolmentRecord('en_c3', 'sc_c', 'ct_c3', T, { position: at('mail') }),
        enrolmentRecord('en_c4', 'sc_c', 'ct_c4', T, { status: 'completed', position: at(null) }),
        enrolmentRecord('en_c5', 'sc_c', 'ct_c5', T, { status: 'exited', position: at('wait') }),
      ]),
    );
    expect(await store.scenarios.countsByStep('sc_c')).toEqual({ wait: 2, mail: 1 });
    expect(await store.scenarios.countsByStep('sc_none')).toEqual({});
  });

  it('stores templates by (key, locale), finds the other locale when one is missing, and refuses a taken pair', async () => {
    const en = templateRecord('tp_en', 'warm-follow-up', 'en', T);
    expect(await store.templates.save(en)).toBe(true);
    expect(await store.templates.find('warm-follow-up', 'fr')).toEqual(en);
    const fr = templateRecord('tp_fr', 'warm-follow-up', 'fr', T);
    expect(await store.templates.save(fr)).toBe(true);
    expect(await store.templates.find('warm-follow-up', 'fr')).toEqual(fr);
    expect(await store.templates.find('warm-follow-up', 'en')).toEqual(en);
    expect(await store.templates.find('missing', 'en')).toBeNull();

    expect(await store.templates.save(templateRecord('tp_other', 'warm-follow-up', 'en', T))).toBe(false);
    expect(await store.templates.get('tp_other')).toBeNull();
    const edited = { ...en, subject: 'Still there?', updatedAt: T + MINUTE, createdAt: T + MINUTE };
    expect(await store.templates.save(edited)).toBe(true);
    expect(await store.templates.get('tp_en')).toEqual({ ...edited, createdAt: T });
    expect(ids(await store.templates.list())).toEqual(['tp_en', 'tp_fr']);
    expect(await store.templates.delete('tp_en')).toBe(true);
    expect(await store.templates.delete('tp_en')).toBe(false);
    expect(await store.templates.find('warm-follow-up', 'en')).toEqual(fr);
  });

  it('inserts and saves enrolments with every field intact, and reads them by contact, by id and by scenario', async () => {
    await store.scenarios.save(scenarioRecord('sc_e', 'enrolments', T));
    const first = enrolmentRecord('en_e1', 'sc_e', 'ct_e', T);
    await tx((t) => t.insertEnrolments([first, enrolmentRecord('en_e2', 'sc_e', 'ct_e2', T + 1)]));
    expect(await store.enrolments.get('en_e1')).toEqual(first);
    const moved: EnrolmentRecord = {
      ...first,
      scenarioVersion: 2,
      position: { stepId: 'mail', dueAt: T + 2 * MINUTE, occurrence: 1, waitingSince: T + MINUTE },
      history: [...first.history, { at: T + MINUTE, stepId: 'wait', what: 'waiting' }],
      updatedAt: T + MINUTE,
    };
    await tx((t) => t.saveEnrolments([moved]));
    expect(await store.enrolments.get('en_e1')).toEqual(moved);
    const ended: EnrolmentRecord = { ...moved, status: 'completed', position: { ...moved.position, stepId: null, dueAt: null }, endedAt: T + 3 * MINUTE, endReason: 'completed', updatedAt: T + 3 * MINUTE };
    await tx((t) => t.saveEnrolments([moved, ended]));
    expect(await store.enrolments.get('en_e1')).toEqual(ended);
    expect(await store.enrolments.get('en_none')).toBeNull();

    await tx((t) => t.insertEnrolments([enrolmentRecord('en_e3', 'sc_e', 'ct_e', T + 10)]));
    expect(ids(await store.enrolments.ofContact(contactId('ct_e')))).toEqual(['en_e3', 'en_e1']);
    expect(ids(await tx((t) => t.enrolmentsOfContacts([contactId('ct_e'), contactId('ct_e2'), contactId('ct_none')])))).toEqual(['en_e2', 'en_e3']);
    const latest = await tx((t) =>
      t.latestEnrolments([
        { scenarioId: 'sc_e', contactId: contactId('ct_e') },
        { scenarioId: 'sc_other', contactId: contactId('ct_e2') },
        { scenarioId: 'sc_e', contactId: contactId('ct_none') },
      ]),
    );
    expect(ids(latest)).toEqual(['en_e3']);
  });

  it('pages a scenario enrolments newest first, with a status filter', async () => {
    await store.scenarios.save(scenarioRecord('sc_p', 'pages', T));
    await tx((t) =>
      t.insertEnrolments([
        enrolmentRecord('en_p1', 'sc_p', 'ct_p1', T),
        enrolmentRecord('en_p2', 'sc_p', 'ct_p2', T + 1),
        // Same instant: the id breaks the tie, so no row is skipped or repeated between pages.
        enrolmentRecord('en_p3a', 'sc_p', 'ct_p3', T + 2, { status: 'exited' }),
        enrolmentRecord('en_p3b', 'sc_p', 'ct_p4', T + 2),
        enrolmentRecord('en_p4', 'sc_other', 'ct_p1', T + 3),
      ]),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.enrolments.ofScenario('sc_p', { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.enrolments.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page.enrolments));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['en_p3b', 'en_p3a', 'en_p2', 'en_p1']);
    const active = await store.enrolments.ofScenario('sc_p', { status: 'active', limit: 10 });
    expect([ids(active.enrolments), active.nextCursor]).toEqual([['en_p3b', 'en_p2', 'en_p1'], null]);
    expect((await store.enrolments.ofScenario('sc_p', { limit: 10, cursor: 'not-a-cursor' })).enrolments).toEqual([]);
  });

  it('claims due enrolments of active scenarios, oldest first, and counts the active ones', async () => {
    const fresh = await driver.createStore();
    try {
      await fresh.scenarios.save(scenarioRecord('sc_run', 'running', T));
      await fresh.scenarios.save(scenarioRecord('sc_held', 'held', T, { status: 'paused' }));
      await createContacts(fresh, ['ct_d1', 'ct_d2', 'ct_d3', 'ct_d4', 'ct_d5', 'ct_d6']);
      await fresh.transaction((t) =>
        t.insertEnrolments([
          enrolmentRecord('en_d2', 'sc_run', 'ct_d2', T, { position: { stepId: 'mail', dueAt: T - 2 * MINUTE, occurrence: 0, waitingSince: null } }),
          enrolmentRecord('en_d1', 'sc_run', 'ct_d1', T, { position: { stepId: 'mail', dueAt: T - 3 * MINUTE, occurrence: 0, waitingSince: null } }),
          enrolmentRecord('en_d3', 'sc_run', 'ct_d3', T, { position: { stepId: 'mail', dueAt: T, occurrence: 0, waitingSince: null } }),
          enrolmentRecord('en_later', 'sc_run', 'ct_d4', T, { position: { stepId: 'wait', dueAt: T + MINUTE, occurrence: 0, waitingSince: T } }),
          enrolmentRecord('en_held', 'sc_held', 'ct_d5', T, { position: { stepId: 'mail', dueAt: T - 9 * MINUTE, occurrence: 0, waitingSince: null } }),
          enrolmentRecord('en_done', 'sc_run', 'ct_d6', T, { status: 'completed', position: { stepId: null, dueAt: T - 9 * MINUTE, occurrence: 0, waitingSince: null } }),
        ]),
      );
      expect(ids(await fresh.transaction((t) => t.claimDueEnrolments(T, 2)))).toEqual(['en_d1', 'en_d2']);
      expect(ids(await fresh.transaction((t) => t.claimDueEnrolments(T, 10)))).toEqual(['en_d1', 'en_d2', 'en_d3']);
      await fresh.scenarios.setStatus('sc_held', 'active', T);
      expect(ids(await fresh.transaction((t) => t.claimDueEnrolments(T, 10)))).toEqual(['en_held', 'en_d1', 'en_d2', 'en_d3']);
      expect(await fresh.enrolments.countActive()).toBe(5);
    } finally {
      await fresh.close();
    }
  });

  // SQLite has one writer: its transactions never overlap, so there is no concurrent claim to test there.
  it.skipIf(!driver.createSharedStores)('lets two workers claim due enrolments at once without sharing a row (SKIP LOCKED)', async () => {
    const [first, second] = await driver.createSharedStores!(2);
    try {
      await first!.scenarios.save(scenarioRecord('sc_w', 'workers', T));
      const due = Array.from({ length: 6 }, (_, i) => enrolmentRecord(`en_w${i}`, 'sc_w', `ct_w${i}`, T, { position: { stepId: 'mail', dueAt: T - i, occurrence: 0, waitingSince: null } }));
      await createContacts(first!, due.map((e) => e.contactId));
      await first!.transaction((t) => t.insertEnrolments(due));
      const a = await holding(first!, (t) => t.claimDueEnrolments(T, 4), () => second!.transaction((t) => t.claimDueEnrolments(T, 10)));
      expect(a.held).toHaveLength(4);
      expect(a.other).toHaveLength(2);
      expect([...ids(a.held), ...ids(a.other)].sort()).toEqual(ids(due).sort());

      // Ingestion holds a contact (then reads its enrolments): the worker skips that contact's enrolment, never waits.
      const b = await holding(first!, (t) => t.lockContacts([contactId('ct_w0')]), () => second!.transaction((t) => t.claimDueEnrolments(T, 10)));
      expect(ids(b.other).sort()).toEqual(['en_w1', 'en_w2', 'en_w3', 'en_w4', 'en_w5']);
    } finally {
      await Promise.all([first!.close(), second!.close()]);
    }
  });
}

/** Runs `hold` in a transaction of `on` and keeps it open while `meanwhile` runs elsewhere. */
async function holding<H, O>(on: Store, hold: (t: StoreTx) => Promise<H>, meanwhile: () => Promise<O>): Promise<{ held: H; other: O }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let gotHeld!: (value: H) => void;
  const heldValue = new Promise<H>((resolve) => (gotHeld = resolve));
  const done = on.transaction(async (t) => {
    gotHeld(await hold(t));
    await released;
  });
  try {
    const held = await Promise.race([heldValue, done.then(() => Promise.reject(new Error('the holding transaction ended before holding')))]);
    return { held, other: await meanwhile() };
  } finally {
    release();
    await done;
  }
}
