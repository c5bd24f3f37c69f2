import { describe } from 'vitest';
import { runPrivacyStoreContract } from './privacy-store.contract.js';
import { runStoreContract } from './store.contract.js';
import { testDrivers } from './test-support/test-drivers.js';
import { runUserStoreContract } from './user-store.contract.js';

for (const driver of testDrivers(import.meta.url)) {
  describe(`store contract on ${driver.name}`, () => runStoreContract(driver));
  describe(`user store contract on ${driver.name}`, () => runUserStoreContract(driver));
  describe(`privacy store contract on ${driver.name}`, () => runPrivacyStoreContract(driver));
}
