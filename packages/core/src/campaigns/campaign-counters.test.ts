import { describe, expect, it } from 'vitest';
import { countersReached } from './campaign-counters.js';

describe('countersReached', () => {
  it.each([
    [null, 'queued', ['decided']],
    [null, 'suppressed', ['decided', 'suppressed']],
    [null, 'opened', ['decided', 'sent', 'delivered', 'opened']],
    ['queued', 'sent', ['sent']],
    ['sent', 'opened', ['delivered', 'opened']],
    ['sent', 'clicked', ['delivered', 'opened', 'clicked']],
    ['opened', 'clicked', ['clicked']],
    ['clicked', 'opened', []],
    ['sent', 'bounced', ['bounced']],
    ['clicked', 'unsubscribed', ['unsubscribed']],
    ['queued', 'failed', ['failed']],
    ['failed', 'queued', []],
  ] as const)('%s → %s counts %j', (from, to, counters) => {
    expect(countersReached(from, to)).toEqual(counters);
  });
});
