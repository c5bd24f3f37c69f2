import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactId } from '@leadpulse/core';
import type { Store } from '../app/ports.js';
import type { SuppressionRecord } from '../app/suppression-ports.js';
import { testDrivers } from './test-support/test-drivers.js';

const T = Date.UTC(2027, 0, 5, 9);
const row = (address: string, reason: SuppressionRecord['reason'], extra: Partial<SuppressionRecord> = {}): SuppressionRecord => ({ channel: 'email', address, reason, contactId: contactId('ct_1'), at: T, source: 'test', ...extra });

for (const driver of testDrivers(import.meta.url)) {
  describe(`suppression list on ${driver.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await driver.createStore();
      await store.transaction((tx) =>
        tx.insertSuppressions([
          row('a@example.fr', 'unsubscribed'),
          row('a@example.fr', 'hard_bounced', { source: 'smtp' }),
          row('b@example.fr', 'complained', { contactId: contactId('ct_2') }),
          row('+33600000000', 'unsubscribed', { channel: 'sms' }),
          row('c@example.fr', 'unsubscribed', { contactId: contactId('ct_3') }),
        ]),
      );
    });
    afterAll(async () => store.close());

    it('finds the rows of an address on its channel only', async () => {
      const found = await store.suppressions.find('email', ['a@example.fr', 'nobody@example.fr']);
      expect(found.map((r) => r.reason).sort()).toEqual(['hard_bounced', 'unsubscribed']);
      expect(await store.suppressions.find('sms', ['a@example.fr'])).toEqual([]);
      expect((await store.suppressions.find('sms', ['+33600000000']))[0]).toMatchObject({ channel: 'sms', reason: 'unsubscribed', contactId: 'ct_1', at: T });
    });

    it('keeps the first instant of a row written twice', async () => {
      await store.transaction((tx) => tx.insertSuppressions([row('a@example.fr', 'unsubscribed', { at: T + 1000, source: 'later' }), row('a@example.fr', 'unsubscribed', { at: T + 2000 })]));
      const [unsubscribed] = (await store.suppressions.find('email', ['a@example.fr'])).filter((r) => r.reason === 'unsubscribed');
      expect([unsubscribed!.at, unsubscribed!.source]).toEqual([T, 'test']);
    });

    it('pages the list in (channel, address, reason) order with a key cursor, and filters it', async () => {
      const first = await store.suppressions.list({ limit: 2 });
      expect(first.map((r) => [r.address, r.reason])).toEqual([['a@example.fr', 'hard_bounced'], ['a@example.fr', 'unsubscribed']]);
      const rest = await store.suppressions.list({ limit: 10, after: first[1]! });
      expect(rest.map((r) => [r.channel, r.address])).toEqual([['email', 'b@example.fr'], ['email', 'c@example.fr'], ['sms', '+33600000000']]);
      expect((await store.suppressions.list({ limit: 10, reason: 'complained' })).map((r) => r.address)).toEqual(['b@example.fr']);
      expect((await store.suppressions.list({ limit: 10, channel: 'sms' })).map((r) => r.address)).toEqual(['+33600000000']);
    });

    it("reads, lifts and deletes a contact's rows in a transaction", async () => {
      const mine = await store.transaction((tx) => tx.suppressionsOfContacts([contactId('ct_3')]));
      expect(mine.map((r) => r.address)).toEqual(['c@example.fr']);
      await store.transaction((tx) => tx.liftSuppressionsOfContacts('email', [contactId('ct_3')], ['unsubscribed']));
      expect(await store.suppressions.find('email', ['c@example.fr'])).toEqual([]);
      await store.transaction((tx) => tx.deleteSuppressionsOfContacts([contactId('ct_2')]));
      expect(await store.suppressions.find('email', ['b@example.fr'])).toEqual([]);
    });

    it('lifts an address for the reasons named and says how many rows went', async () => {
      expect(await store.suppressions.lift('email', 'a@example.fr', ['complained'])).toBe(0);
      expect(await store.suppressions.lift('email', 'a@example.fr', ['unsubscribed', 'hard_bounced'])).toBe(2);
      expect(await store.suppressions.find('email', ['a@example.fr'])).toEqual([]);
    });
  });
}
