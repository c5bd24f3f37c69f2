import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactId, emptyContactState } from '@leadpulse/core';
import type { Store } from '../app/ports.js';
import { openInspectedStore, type StoreInspector } from '../test-support/store-inspector.js';
import { runOutboxStoreContract } from './outbox-store.contract.js';
import { runScenarioStoreContract } from './scenario-store.contract.js';
import { enrolmentRecord, sendRecord, taskRecord } from './test-support/scenario-fixtures.js';
import { testDrivers } from './test-support/test-drivers.js';

const T = Date.UTC(2027, 4, 3, 9);

for (const driver of testDrivers(import.meta.url)) {
  describe(`scenario store contract on ${driver.name}`, () => runScenarioStoreContract(driver));
  describe(`outbox store contract on ${driver.name}`, () => runOutboxStoreContract(driver));

  describe(`scenario data of erased and anonymised contacts on ${driver.name}`, () => {
    let store: Store;
    let inspect: StoreInspector;
    beforeAll(async () => ({ store, inspect } = await openInspectedStore(driver, import.meta.url)));
    afterAll(async () => {
      await store.close();
      await inspect.close();
    });

    /** A contact with an enrolment whose context, a send whose recipient and payload, and a task that name it. */
    const seed = async (name: string) => {
      const id = contactId(name);
      await store.transaction(async (t) => {
        await t.createContacts([{ id, createdAt: T, state: emptyContactState(), stage: 'hot', doctrineVersion: 1 }]);
        await t.insertEnrolments([enrolmentRecord(`en_${name}`, 'sc_hot', name, T, { context: { email: `${name}@example.fr` } })]);
        await t.insertSends([sendRecord(`sd_${name}`, name, T, { subject: `Hello ${name}@example.fr` })]);
        await t.insertTasks([taskRecord(`tk_${name}`, name, T)]);
      });
      return id;
    };

    it('leaves no row naming an erased contact', async () => {
      const id = await seed('ct_erased');
      expect((await inspect.tablesHolding('ct_erased')).sort()).toEqual(['contacts', 'enrolments', 'sends', 'tasks']);
      expect(await store.privacy.eraseContact(id)).toBe(true);
      expect(await inspect.tablesHolding('ct_erased')).toEqual([]);
    });

    it('leaves no address of an anonymised contact in its sends and enrolments', async () => {
      const id = await seed('ct_anonymised');
      await store.transaction((t) => t.stripIdentifiers([id]));
      expect(await inspect.tablesHolding('ct_anonymised@example.fr')).toEqual([]);
    });
  });
}
