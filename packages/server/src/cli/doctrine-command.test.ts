import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shopHistory } from '../test-support/shop-history.js';
import { cliHarness } from '../test-support/cli-harness.js';

describe('leadpulse doctrine suggest|use', () => {
  it('ranks the presets on a shop history, shows the check, and adopts the winner', async () => {
    const h = cliHarness('doctrine');
    const file = join(h.dir, 'shop.ndjson');
    writeFileSync(file, shopHistory(Date.now()).map((e) => JSON.stringify(e)).join('\n'));
    expect(await h.run('import', file)).toBe(0);

    expect(await h.run('doctrine', 'suggest')).toBe(0);
    const lines = h.stdout().split('\n');
    const header = lines.find((l) => l.startsWith('preset'))!;
    expect(header.split(/\s{2,}/)).toEqual(['preset', 'none', 'cold', 'warm', 'hot', 'ordered', 'concordance', 'unknown', 'score']);
    expect(lines[lines.indexOf(header) + 1]).toMatch(/^e-commerce\s+0 \(n\/a\)\s+80 \(2\.5 %\)\s+60 \(10\.0 %\)\s+100 \(70\.0 %\)\s+yes\s/);
    expect(h.stdout()).toContain('Best fit: e-commerce. Adopt it with: leadpulse doctrine use e-commerce');

    expect(await h.run('doctrine', 'suggest', '--format', 'json')).toBe(0);
    expect(JSON.parse(h.stdout())).toMatchObject({ winner: 'e-commerce', contacts: 240 });

    expect(await h.run('doctrine', 'use', 'e-commerce')).toBe(0);
    expect(h.stdout()).toMatch(/^Doctrine version 2 is preset e-commerce; 240 contacts replayed, \d+ moved\.\n$/);
  });

  it('exits 2 on bad usage and 1 when there is nothing to rank', async () => {
    const h = cliHarness('doctrine');
    expect(await h.run('doctrine', 'suggest', '--horizon', 'soon')).toBe(2);
    expect(h.stderr()).toContain('--horizon: ');
    expect(await h.run('doctrine', 'suggest', '--format', 'csv')).toBe(2);
    expect(await h.run('doctrine', 'use', 'b2c')).toBe(2);
    expect(h.stderr()).toContain('Unknown preset "b2c". Presets: suspect-prospect-lead, lead-qualified, e-commerce, call-centre.');
    expect(await h.run('doctrine', 'suggest')).toBe(1);
    expect(h.stderr()).toContain('No preset can be scored');
    expect(await h.run('doctrine', '--help')).toBe(0);
    expect(h.stdout()).toContain('leadpulse doctrine suggest [--horizon 90d]');
  });
});
