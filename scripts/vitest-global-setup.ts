import { execFileSync } from 'node:child_process';
import { buildTracker } from '@leadpulse/tracker/build';

/**
 * Once per test run that includes a file outside core (see vitest.config.ts): the server serves the built tracker
 * (/lp.js) and dashboard (/), which the browser tests load; the embedded store runs its report reads in a worker
 * thread, which loads the compiled server (tests import the sources).
 */
export default async function setup() {
  // While iterating on one file after a full build, LEADPULSE_TEST_NO_BUILD=1 reuses the last build (never in CI).
  if (process.env['LEADPULSE_TEST_NO_BUILD'] === '1') return;
  await buildTracker();
  execFileSync('npx', ['tsc', '-b', 'packages/server'], { stdio: 'inherit' });
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  execFileSync('npm', ['run', 'build', '--silent', '--workspace', '@leadpulse/dashboard'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
