import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY, type Tunnel } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { repoFile, validationDataDir } from '../test-support/validation-data.js';

const data = validationDataDir();
if (!data) console.warn('\n*** SKIPPED: the Olist validation needs ../shared/data (or LEADPULSE_VALIDATION_DATA); see docs/validation.md ***\n');

describe.skipIf(!data)('the Olist marketing funnel, imported through the CSV importer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-olist-'));
  const out: string[] = [];
  const errors: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => errors.push(s) }, env: { LEADPULSE_DATA_DIR: dir, LEADPULSE_LOG_LEVEL: 'silent' } };
  const cli = (...argv: string[]) => {
    out.length = 0;
    errors.length = 0;
    return runCli([...argv, '--verbose'], io);
  };
  const report = async (...argv: string[]) => {
    expect(await cli('report', ...argv, '--from', '2017-06-01', '--to', '2018-12-31', '--format', 'json')).toBe(0);
    return JSON.parse(out.join('')) as Tunnel & Record<string, unknown>;
  };

  beforeAll(async () => {
    const olist = join(data!, 'olist-marketing-funnel');
    expect(await cli('import', join(olist, 'olist_marketing_qualified_leads_dataset.csv'), '--mapping', repoFile('examples/olist/mqls.mapping.json')), errors.join('')).toBe(0);
    expect(await cli('import', join(olist, 'olist_closed_deals_dataset.csv'), '--mapping', repoFile('examples/olist/deals.mapping.json')), errors.join('')).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reproduces the public figures: 8,000 MQLs, all warm, 842 won (10.52 %), a median of 14 days to won', async () => {
    const tunnel = await report('tunnel');
    expect(tunnel.total.contacts).toBe(8000);
    expect(tunnel.total.reached).toEqual({ cold: 8000, warm: 8000, hot: 842, client: 842 });
    expect(tunnel.total.conversion['entry-client']).toBeCloseTo(0.10525, 5);
    // First contact is a date, won a date-time: 14.65 days at the median, 55 at the 75th percentile.
    expect(tunnel.total.time['entry-client'].median! / DAY).toBeCloseTo(14.65, 2);
    expect(Math.floor(tunnel.total.time['entry-client'].median! / DAY)).toBe(14);
    expect(tunnel.total.time['entry-client'].p75! / DAY).toBeCloseTo(54.99, 1);
  });

  it('reproduces the conversion by origin', async () => {
    const tunnel = await report('tunnel', '--by', 'source');
    const rate = (origin: string) => {
      const group = tunnel.groups.find((g) => g.group === origin)!;
      return Math.round(group.conversion['entry-client']! * 1000) / 10;
    };
    expect([rate('paid_search'), rate('organic_search'), rate('social'), rate('email')]).toEqual([12.3, 11.8, 5.6, 3.0]);
    const counts = Object.fromEntries(tunnel.groups.map((g) => [g.group, [g.contacts, g.reached.client]]));
    expect(counts).toMatchObject({ paid_search: [1586, 195], organic_search: [2296, 271], social: [1350, 75], email: [493, 15], unknown: [1099, 179] });
    // The 60 leads without an origin came with no campaign and no referrer: direct traffic.
    expect(counts['direct']).toEqual([60, 14]);
  });

  it('flags the 2017 cohorts as not covered by won dates, which start on 2017-12-05', async () => {
    const tunnel = await report('tunnel', '--by', 'cohort');
    expect(new Date(tunnel.coverageStart!).toISOString()).toBe('2017-12-05T02:00:00.000Z');
    const flags = Object.fromEntries(tunnel.groups.map((g) => [g.group, g.uncovered]));
    expect(flags).toEqual({
      '2017-06': true, '2017-07': true, '2017-08': true, '2017-09': true, '2017-10': true, '2017-11': true, '2017-12': true,
      '2018-01': false, '2018-02': false, '2018-03': false, '2018-04': false, '2018-05': false,
    });
    expect(tunnel.groups.every((g) => !g.immature)).toBe(true);
    expect(tunnel.groups.find((g) => g.group === '2018-01')).toMatchObject({ contacts: 1141 });
  });

  it('exports the same tunnel as CSV', async () => {
    expect(await cli('report', 'tunnel', '--from', '2017-06-01', '--to', '2018-12-31', '--by', 'source', '--format', 'csv')).toBe(0);
    const lines = out.join('').trim().split('\r\n');
    expect(lines[0]).toMatch(/^group,contacts,reached_cold,reached_warm,reached_hot,reached_client,/);
    expect(lines.find((l) => l.startsWith('paid_search,'))).toMatch(/^paid_search,1586,1586,1586,195,195,/);
  });
});
