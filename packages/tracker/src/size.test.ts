import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildTracker } from '../build.mjs';

describe('lp.js', () => {
  it('stays under 6 KB gzipped, so adding it never costs a site a noticeable load', async () => {
    const code = await buildTracker({ write: false });
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(gzipped).toBeLessThan(6 * 1024);
    // A bundle that lost its body would pass the size check; these are the public API's names.
    for (const method of ['track', 'identify', 'page', 'consent', 'productAdded', 'checkoutStarted', 'orderCompleted', 'sendBeacon', 'visibilityState']) {
      expect(code).toContain(method);
    }
  });
});
