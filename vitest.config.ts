import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index.ts') => fileURLToPath(new URL(`./packages/${pkg}/src/${entry}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against sources, not dist, so no build is needed before `vitest`.
    alias: [
      { find: '@leadpulse/core', replacement: src('core') },
      { find: /^@leadpulse\/contract\/(client|error-codes|tracker-snippet)$/, replacement: fileURLToPath(new URL('./packages/contract/src/$1.ts', import.meta.url)) },
      { find: /^@leadpulse\/contract$/, replacement: src('contract') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    // Storage suites on PostgreSQL each use their own schema, so files can run in parallel.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
