import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createStore } from '../storage/create-store.js';
import { runCli } from './run-cli.js';

it('assigns a cost line to a segment by key, refuses an unknown one by flag name, and prints the report by segment', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-cli-'));
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: { LEADPULSE_DATA_DIR: join(dir, 'data'), LEADPULSE_LOG_LEVEL: 'silent' } };
  const run = (...argv: string[]) => runCli(argv, io);

  // A live segment in the store the CLI opens (segments are created through the API or the dashboard).
  const store = await createStore({ dataDir: join(dir, 'data') });
  await store.migrate();
  const at = Date.UTC(2026, 9, 1);
  await store.segments.create({ id: 'sg_lyon', key: 'lyon', name: 'Lyon 30–45', definition: { key: 'lyon', name: 'Lyon 30–45', where: { stage: ['cold'] } }, version: 1, status: 'building', createdAt: at, updatedAt: at });
  await store.segments.setStatus('sg_lyon', 'live', at);
  await store.close();

  expect(await run('costs', 'add', '--channel', 'terrain', '--kind', 'field', '--from', '2026-10-01', '--to', '2026-10-31', '--amount', '900', '--segment', 'marseille')).toBe(2);
  expect(err.join('')).toContain('costs add: segment: no segment has the id or key "marseille"');
  expect(await run('costs', 'add', '--channel', 'terrain', '--kind', 'field', '--from', '2026-10-01', '--to', '2026-10-31', '--amount', '900', '--segment', 'lyon')).toBe(0);
  expect(await run('costs', 'list')).toBe(0);
  expect(out.join('')).toMatch(/terrain\s+-\s+field\s+2026-10-01\s+2026-10-31\s+900\.00\s+EUR\s+sg_lyon/);

  out.length = 0;
  expect(await run('report', 'costs', '--from', '2026-10-01', '--to', '2026-10-31', '--by', 'segment', '--format', 'csv')).toBe(0);
  const [header, lyon, all] = out.join('').split('\r\n');
  expect(header!.split(',').slice(0, 5)).toEqual(['view', 'segment', 'segment_name', 'cost', 'direct_cost']);
  // No contact yet: the assigned line is the segment's cost, with nobody to divide it by.
  expect(lyon!.split(',').slice(0, 5)).toEqual(['segment', 'lyon', 'Lyon 30–45', '900', '900']);
  expect(all!.split(',').slice(0, 4)).toEqual(['all contacts', '', '', '900']);
});
