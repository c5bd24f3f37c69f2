import { describe, expect, it } from 'vitest';
import { printTable, type CliIo } from './cli-io.js';
import { lineOfPath } from './json-lines.js';
import { createProgress, formatDuration } from './progress.js';

function buffers(isTTY: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s), isTTY }, env: {} };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('printTable', () => {
  it('aligns columns on the widest cell, without trailing spaces', () => {
    const b = buffers(false);
    printTable(b.io, [['from', 'to', 'contacts'], ['unknown', 'cold', '12'], ['hot', 'client', '3']]);
    expect(b.out()).toBe('from     to      contacts\nunknown  cold    12\nhot      client  3\n');
  });
});

describe('createProgress', () => {
  it('prints a line every 10% when stderr is not a terminal', () => {
    const b = buffers(false);
    const progress = createProgress(b.io, 'importing');
    for (let done = 0; done <= 100; done += 5) progress.update(done, 100, 'events');
    progress.done();
    expect(b.err().split('\n').filter(Boolean)).toHaveLength(11);
    expect(b.err()).toContain('importing: 50% (50 events)\n');
    expect(b.err()).not.toContain('\r');
  });

  it('redraws one bar in place on a terminal', () => {
    const b = buffers(true);
    const progress = createProgress(b.io, 'replaying');
    progress.update(1, 4, 'contacts');
    progress.update(4, 4, 'contacts');
    progress.done();
    expect(b.err()).toMatch(/^\rreplaying \[#{8}\.{22}\] 25% 1 contacts .*\rreplaying \[#{30}\] 100% 4 contacts .*\n$/s);
  });

  it('shows an import in megabytes with the events sent, their rate and the time left at that rate', () => {
    const b = buffers(false);
    let now = 1_000_000;
    const progress = createProgress(b.io, 'importing crm.ndjson', () => now);
    now += 20_000;
    progress.update(30_000_000, 120_000_000, 'bytes', { value: 160_000, unit: 'events' });
    now += 60_000;
    progress.update(120_000_000, 120_000_000, 'bytes', { value: 640_000, unit: 'events' });
    expect(b.err()).toBe(
      'importing crm.ndjson: 20% (30.0 of 120.0 MB, 160000 events at 8000 events/s, about 1 min 00 s left)\n' +
        'importing crm.ndjson: 100% (120.0 of 120.0 MB, 640000 events at 8000 events/s)\n',
    );
  });

  it('gives the time left on the terminal line too, once a second has passed', () => {
    const b = buffers(true);
    let now = 0;
    const progress = createProgress(b.io, 'replaying', () => now);
    progress.update(10, 100, 'contacts');
    expect(b.err()).not.toContain('left');
    now = 2_000;
    progress.update(40, 100, 'contacts');
    expect(b.err()).toContain('40% 40 contacts (20/s), about 3 s left');
  });

  it('says durations as a person would', () => {
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(59.4)).toBe('59 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(7_500)).toBe('2 h 05 min');
  });
});

describe('lineOfPath', () => {
  const text = JSON.stringify({ name: 'x', stages: [{ key: 'cold' }, { key: 'warm', when: { any: [{ signal: 'chats', within: '7 days' }] } }] }, null, 2);
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('finds the line of a nested value', () => {
    expect(lineOfPath(text, ['stages', 1, 'when', 'any', 0, 'within'])).toBe(lineOf('7 days'));
    expect(lineOfPath(text, ['stages', 0, 'key'])).toBe(lineOf('"cold"'));
  });

  it('falls back to the nearest existing parent, or line 1', () => {
    expect(lineOfPath(text, ['stages', 1, 'when', 'all'])).toBe(lineOf('"when"'));
    expect(lineOfPath(text, ['missing'])).toBe(1);
    expect(lineOfPath('{ broken', ['stages'])).toBe(1);
  });
});
