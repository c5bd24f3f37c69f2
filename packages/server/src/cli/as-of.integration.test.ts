import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY, HOUR, MINUTE } from '@leadpulse/core';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

function cli() {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-as-of-'));
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: { LEADPULSE_DATA_DIR: join(dir, 'data'), LEADPULSE_LOG_LEVEL: 'silent' } };
  return { dir, stderr: () => err.join(''), json: () => {
      const text = out.splice(0).join('');
      return JSON.parse(text.slice(text.indexOf('\n{') + 1)) as Record<string, unknown>;
    }, run: (...argv: string[]) => runCli(argv, io) };
}

/** A quarter of a shop's visitors, ending at `end`: browsing, downloads, carts left or paid, chats. */
function history(end: number): string {
  const lines: string[] = [];
  for (let v = 0; v < 30; v++) {
    let at = end - (80 - v * 2) * DAY;
    const anonymousId = `v${v}`;
    const push = (event: Record<string, unknown>) => lines.push(JSON.stringify({ anonymousId, timestamp: new Date(at).toISOString(), messageId: `${anonymousId}-${lines.length}`, ...event }));
    for (let p = 0; p < 1 + (v % 5); p++) {
      push({ type: 'page', properties: { path: p % 2 ? '/tarifs' : '/' } });
      at += 2 * MINUTE;
    }
    if (v % 3 === 0) push({ type: 'track', event: 'Document Downloaded' });
    if (v % 4 === 1) push({ type: 'track', event: 'Product Added' });
    if (v % 8 === 1) {
      at += 20 * MINUTE;
      push({ type: 'track', event: 'Order Completed', properties: { revenue: 90 } });
    }
    if (v % 7 === 2) push({ type: 'track', event: 'Chat Started' });
    at += (v % 6) * HOUR;
  }
  return `${lines.join('\n')}\n`;
}

describe('leadpulse import --as-of', () => {
  it('gives a history from an earlier year the same stages as the same history shifted to today, and hints without it', { timeout: 60_000 }, async () => {
    const pastEnd = Date.UTC(2019, 11, 31, 18, 0, 0);
    const today = Date.now();
    const past = cli();
    const pastFile = join(past.dir, 'past.ndjson');
    writeFileSync(pastFile, history(pastEnd));
    expect(await past.run('import', pastFile, '--as-of', '2019-12-31')).toBe(0);
    expect(await past.run('report', 'tunnel', '--format', 'json', '--as-of', '2019-12-31')).toBe(0);
    const asOf = past.json();

    const shifted = cli();
    const shiftedFile = join(shifted.dir, 'shifted.ndjson');
    writeFileSync(shiftedFile, history(today - (Date.UTC(2020, 0, 1) - pastEnd)));
    expect(await shifted.run('import', shiftedFile)).toBe(0);
    expect(await shifted.run('report', 'tunnel', '--format', 'json')).toBe(0);
    const now = shifted.json();

    expect(asOf['asOf']).toBe('2020-01-01T00:00:00.000Z');
    expect(asOf['today']).toEqual(now['today']);
    const classified = Object.entries(asOf['today'] as Record<string, number>).filter(([stage]) => stage !== 'unknown');
    expect(classified.reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThan(10);

    // The same past file imported without --as-of leaves every window closed, and says what to do.
    const naive = cli();
    expect(await naive.run('import', pastFile)).toBe(0);
    expect(naive.stderr()).toContain('older than the doctrine');
    expect(naive.stderr()).toMatch(/reclassify --as-of 2019-12-\d\d/);
    expect(naive.stderr()).toContain('admin token');
    expect(await naive.run('report', 'tunnel', '--format', 'json')).toBe(0);
    expect((naive.json()['today'] as Record<string, number>)['unknown']).toBe(30);
  });

  it('refuses an --as-of that is not a date', async () => {
    const h = cli();
    expect(await h.run('reclassify', '--as-of', 'yesterday')).toBe(2);
    expect(h.stderr()).toContain('--as-of: expected a date such as 2019-12-31');
  });
});
