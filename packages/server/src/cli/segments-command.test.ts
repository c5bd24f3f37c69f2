import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openServer } from './open-server.js';
import { cliHarness } from '../test-support/cli-harness.js';

const T = Date.UTC(2026, 9, 1, 9);
const iso = (ms: number) => new Date(ms).toISOString();

describe('leadpulse segments', () => {
  const h = cliHarness('segments');

  beforeAll(async () => {
    const people = [
      { userId: 'u-1', traits: { email: 'one@example.fr', city: 'Lyon', birthday: '1988-05-05' } },
      { userId: 'u-2', traits: { email: 'two@example.fr', city: 'Lyon', plan: 'pro' } },
      { userId: 'u-3', traits: { email: 'three@example.fr', city: 'Nantes', plan: 'pro' } },
    ];
    const lines = people.map((p, i) => JSON.stringify({ type: 'identify', ...p, messageId: `m-${i}`, timestamp: iso(T + i) }));
    expect(await h.run('import', h.file('people.ndjson', `${lines.join('\n')}\n`))).toBe(0);
    // Saved through the app as the API saves it, then left to build.
    const { server } = await openServer(h.io, {});
    try {
      const created = await server.app.segments.create({ key: 'lyon', name: 'Lyon', where: { geo: { city: ['lyon'] } } });
      expect(created.ok).toBe(true);
      const status = async () => {
        const found = await server.app.segments.get('lyon');
        return found.ok ? found.value.status : null;
      };
      for (let i = 0; i < 200 && (await status()) !== 'live'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    } finally {
      await server.stop();
    }
  });

  it('lists saved segments', async () => {
    expect(await h.run('segments', 'list')).toBe(0);
    expect(h.stdout()).toMatch(/^key\s+name\s+status\s+version\s+size\nlyon\s+Lyon\s+live\s+1\s+2\n$/);
    expect(await h.run('segments', 'list', '--format', 'json')).toBe(0);
    expect(JSON.parse(h.stdout())).toMatchObject([{ key: 'lyon', size: 2, where: { geo: { city: ['lyon'] } } }]);
  });

  it('counts a saved segment and an unsaved definition', async () => {
    expect(await h.run('segments', 'count', 'lyon', '--format', 'json')).toBe(0);
    expect(JSON.parse(h.stdout())).toMatchObject({ count: 2 });
    const pro = h.file('pro.json', { where: { trait: 'plan', op: 'eq', value: 'pro' } });
    expect(await h.run('segments', 'count', '--where', pro)).toBe(0);
    expect(h.stdout()).toMatch(/pro\.json: 2 member\(s\)/);
    expect(await h.run('segments', 'count', '--where', h.file('bad.json', { where: { age: { atLeast: 60, atMost: 20 } } }))).toBe(2);
    expect(h.stderr()).toMatch(/bad\.json: where\.age/);
    expect(await h.run('segments', 'count', 'nope')).toBe(2);
    expect(h.stderr()).toContain('No segment has the id or key "nope"');
    expect(await h.run('segments', 'count')).toBe(2);
    expect(await h.run('segments', 'frobnicate')).toBe(2);
  });

  it('exports the members as CSV to stdout or a file', async () => {
    expect(await h.run('segments', 'export', 'lyon')).toBe(0);
    const lines = h.stdout().split('\r\n');
    expect(lines[0]).toMatch(/^id,userId,email,stage,score,enteredAt,birthDate,/);
    expect(lines.slice(1, -1).map((l) => l.split(',')[1]).sort()).toEqual(['u-1', 'u-2']);
    const out = join(h.dir, 'lyon.csv');
    expect(await h.run('segments', 'export', 'lyon', '--out', out)).toBe(0);
    expect(h.stderr()).toContain(`Wrote 2 member(s) of lyon to ${out}.`);
    expect(readFileSync(out, 'utf8')).toContain(',1988-05-05,');
  });

  it('has a help text', async () => {
    expect(await h.run('segments', '--help')).toBe(0);
    expect(h.stdout()).toContain('leadpulse segments count --where <file.json>');
    expect(await h.run('--help')).toBe(0);
    expect(h.stdout()).toContain('segments list|count|export');
  });
});
