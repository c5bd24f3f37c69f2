import { buildTracker } from '@leadpulse/tracker/build';

/** The server serves the built tracker (/lp.js), and the browser tests load it: build it once per test run. */
export default async function setup() {
  await buildTracker();
}
