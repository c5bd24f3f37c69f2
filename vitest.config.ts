import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index.ts') => fileURLToPath(new URL(`./packages/${pkg}/src/${entry}`, import.meta.url));
const CORE_TESTS = 'packages/core/src/**/*.test.ts';

export default defineConfig({
  resolve: {
    // Tests run against sources, not dist, so no build is needed before `vitest`.
    alias: [
      { find: /^@leadpulse\/core\/campaign-statistics$/, replacement: src('core', 'campaign-statistics.ts') },
      { find: '@leadpulse/core', replacement: src('core') },
      { find: /^@leadpulse\/contract\/(client|error-codes|tracker-snippet)$/, replacement: fileURLToPath(new URL('./packages/contract/src/$1.ts', import.meta.url)) },
      { find: /^@leadpulse\/contract$/, replacement: src('contract') },
    ],
  },
  test: {
    // Storage suites on PostgreSQL each use their own schema, so files can run in parallel.
    pool: 'forks',
    // Vitest runs one file at a time on a two-core machine (cores − 1). Most of the slow files wait on something
    // (Chromium, SMTP, PostgreSQL, restarts after kill -9), so two at a time nearly halves the suite's wall time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest runs a project's global setup only when some of its files run: core's pure tests need no build, so
    // `vitest run packages/core` starts at once, and a run with any other file builds first.
    projects: [
      { extends: true, test: { name: 'core', include: [CORE_TESTS] } },
      {
        extends: true,
        test: {
          name: 'built',
          include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.test.ts'],
          exclude: [...configDefaults.exclude, CORE_TESTS],
          globalSetup: ['./scripts/vitest-global-setup.ts'],
        },
      },
    ],
  },
});
