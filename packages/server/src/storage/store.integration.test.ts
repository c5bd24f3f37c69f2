import { describe } from 'vitest';
import { runStoreContract } from './store.contract.js';
import { testDrivers } from './test-support/test-drivers.js';

for (const driver of testDrivers(import.meta.url)) describe(`store contract on ${driver.name}`, () => runStoreContract(driver));
