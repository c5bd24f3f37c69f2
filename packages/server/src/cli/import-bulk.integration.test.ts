import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const T0 = Date.UTC(2026, 9, 1, 9);

/** `visitors` new visitors reading `pages` pages each, a minute apart. */
function history(prefix: string, visitors: number, pages: number): string {
  const lines: string[] = [];
  for (let v = 0; v < visitors; v++) {
    for (let p = 0; p < pages; p++) {
      lines.push(JSON.stringify({ type: 'page', anonymousId: `${prefix}-${v}`, properties: { path: `/page-${p}` }, timestamp: new Date(T0 + v * 1000 + p * 60_000).toISOString(), messageId: `${prefix}-${v}-${p}` }));
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('a large import on the embedded store', () => {
  it('says it builds the segment indexes at the end, and leaves them built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadpulse-import-bulk-'));
    const dataDir = join(dir, 'data');
    const err: string[] = [];
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: { LEADPULSE_DATA_DIR: dataDir, LEADPULSE_LOG_LEVEL: 'silent' } };
    const small = join(dir, 'small.ndjson');
    writeFileSync(small, history('small', 100, 10));
    const large = join(dir, 'large.ndjson');
    writeFileSync(large, history('large', 2_000, 11));

    expect(await runCli(['import', small], io)).toBe(0);
    expect(err.join('')).not.toContain('large import');
    expect(await runCli(['import', large], io)).toBe(0);
    expect(err.join('')).toContain('large import: the segment indexes are built once, at the end');
    expect(out.join('')).toContain('accepted 22000, duplicates 0, rejected 0');

    const db = new Database(join(dataDir, 'leadpulse.sqlite'), { readonly: true });
    try {
      const indexes = db.prepare("select name from sqlite_master where type = 'index' and name like 'contact_facts_segment_%' order by name").all();
      expect(indexes.map((r) => (r as { name: string }).name)).toEqual(['contact_facts_segment_city', 'contact_facts_segment_country', 'contact_facts_segment_postal_code', 'contact_facts_segment_stage']);
      expect(db.prepare('select count(*) as n from deferred_indexes').get()).toEqual({ n: 0 });
      expect(db.prepare('select count(*) as n from contact_facts where first_seen_at is not null').get()).toEqual({ n: 2_100 });
    } finally {
      db.close();
    }
  }, 60_000);
});
