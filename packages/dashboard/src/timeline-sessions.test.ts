import type { TimelineEntry } from '@leadpulse/contract/client';
import { expect, it } from 'vitest';
import { withSessions } from './timeline-sessions.js';

const event = (minute: number, name: string): TimelineEntry => ({ kind: 'event', at: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), event: { name } });

it('puts a heading above each run of events under 30 minutes apart, newest first', () => {
  // Newest first: a session at 120-125, then one at 0-10.
  const items = withSessions([event(125, 'c'), event(120, 'b'), event(10, 'a2'), event(0, 'a1')]);
  expect(items.map((i) => (i.kind === 'session' ? `session@${new Date(i.at).getUTCMinutes() + new Date(i.at).getUTCHours() * 60}` : String(i.event?.['name'])))).toEqual([
    'session@120',
    'c',
    'b',
    'session@0',
    'a2',
    'a1',
  ]);
});
