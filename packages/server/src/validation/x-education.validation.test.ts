import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCTRINE_PRESETS, type DoctrineCheck, type Tunnel } from '@leadpulse/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { buildServer, type LeadPulseServer } from '../main.js';
import { repoFile, validationDataDir } from '../test-support/validation-data.js';

const data = validationDataDir();
if (!data) console.warn('\n*** SKIPPED: the X Education validation needs ../shared/data (or LEADPULSE_VALIDATION_DATA); see docs/validation.md ***\n');

const PERIOD = { from: '2025-01-01', to: '2025-01-31' };

describe.skipIf(!data)('the X Education leads, imported through the CSV importer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-xedu-'));
  let server: LeadPulseServer;
  const run = async <T>(name: 'tunnel' | 'doctrine-check', query: Record<string, string> = {}) => {
    const result = await server.app.reports.run(name, { ...PERIOD, ...query });
    if (!result.ok) throw new Error(result.error.message);
    return result.value.data as T;
  };

  beforeAll(async () => {
    const errors: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => errors.push(s) }, env: { LEADPULSE_DATA_DIR: dir, LEADPULSE_LOG_LEVEL: 'silent' } };
    const file = join(data!, 'x-education-leads', 'Leads.csv');
    const code = await runCli(['import', file, '--mapping', repoFile('examples/x-education/leads.mapping.json'), '--verbose'], io);
    expect(code, errors.join('')).toBe(0);
    server = await buildServer({ port: 0, host: '127.0.0.1', dataDir: dir, databaseUrl: undefined, adminToken: undefined, writeKey: undefined, role: 'api', trustProxy: false, logLevel: 'silent', schedulerIntervalMs: 1000, ingestBatchMax: 2000, ingestFlushMs: 2 });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every lead and reproduces the conversion by lead source (3,561 of 9,240)', async () => {
    const tunnel = await run<Tunnel>('tunnel', { groupBy: 'source' });
    expect(tunnel.total.contacts).toBe(9240);
    expect(tunnel.total.reached.client).toBe(3561);
    const bySource = Object.fromEntries(tunnel.groups.map((g) => [g.group, [g.contacts, g.reached.client]]));
    expect(bySource).toMatchObject({
      Google: [2868, 1147],
      'Direct Traffic': [2543, 818],
      'Olark Chat': [1755, 448],
      'Organic Search': [1154, 436],
      Reference: [534, 490],
      'Welingak Website': [142, 140],
    });
  });

  it('finds that the default doctrine ranks its stages wrongly: chat-driven "hot" leads convert least', async () => {
    const check = await run<DoctrineCheck>('doctrine-check');
    expect([check.known, check.converted]).toEqual([9240, 3561]);
    const byStage = Object.fromEntries(check.byStage.map((s) => [s.stage, [s.contacts, s.converted]]));
    expect(byStage).toEqual({ none: [1872, 651], cold: [844, 404], warm: [5521, 2400], hot: [1003, 106] });
    expect(check.ranking).toEqual(['cold', 'warm', 'none', 'hot']);
    expect(check.ordered).toBe(false);
    expect(check.disorders).toContain('hot converts less (10.6 %) than warm (43.5 %)');
    // The 973 leads whose last activity was a chat conversation: 84 converted, a fifth of the others' rate.
    const chat = check.signals.find((s) => s.signal === 'Chat Started')!;
    expect([chat.contacts, chat.converted, chat.verdict]).toEqual([973, 84, 'predicts not buying']);
    expect(chat.lift).toBeCloseTo(84 / 973 / ((3561 - 84) / (9240 - 973)), 6);
    const call = check.signals.find((s) => s.signal === 'Call Logged')!;
    expect([call.contacts, call.converted, call.verdict]).toEqual([30, 22, 'predicts buying']);
  });

  it('under the lead-qualified preset, finds that its "qualified lead" stage does not beat leads with no stage', async () => {
    const saved = await server.app.putDoctrine(DOCTRINE_PRESETS['lead-qualified'], { note: 'validation' });
    expect(saved.ok).toBe(true);
    const check = await run<DoctrineCheck>('doctrine-check');
    expect(check.known).toBe(9240);
    // No lead shared an email in this anonymised file (its "cold" rule), and none both called and viewed an offer
    // page (its "hot" rule); forms and chats make "warm".
    const byStage = Object.fromEntries(check.byStage.map((s) => [s.stage, [s.contacts, s.converted]]));
    expect(byStage).toEqual({ none: [2726, 1064], cold: [0, 0], warm: [6514, 2497], hot: [0, 0] });
    expect(check.ranking).toEqual(['none', 'warm']);
    expect(check.disorders).toEqual(['warm converts less (38.3 %) than none (39.0 %)']);
  }, 120_000);
});
