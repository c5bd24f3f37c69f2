import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../test-support/cli-harness.js';

// No template needed: a task and a trait update, so the store accepts it without any other document.
const callBack = (overrides: Record<string, unknown> = {}) => ({
  key: 'call-back',
  name: 'Call back after a demo request',
  trigger: { type: 'event', event: 'Demo Requested' },
  steps: [
    { id: 'call', type: 'task', title: 'Call back', assignee: { email: 'sales@example.fr' }, due: '1d' },
    { id: 'mark', type: 'update_contact', traits: { demoFollowedUp: true } },
  ],
  exit: [],
  reentry: { policy: 'never' },
  ...overrides,
});

describe('leadpulse scenarios validate', () => {
  const h = cliHarness('scenarios');

  it('accepts one scenario or an array, offline', async () => {
    expect(await h.run('scenarios', 'validate', h.file('one.json', callBack()))).toBe(0);
    expect(h.stdout()).toMatch(/one\.json: valid scenario "call-back"\n$/);
    expect(await h.run('scenarios', 'validate', h.file('two.json', [callBack(), callBack({ key: 'call-back-2' })]))).toBe(0);
    expect(h.stdout()).toContain('2 valid scenarios: call-back, call-back-2');
  });

  it('names file, line and path of each problem, and exits 2', async () => {
    const broken = callBack({ steps: [{ id: 'split', type: 'branch', if: { stage: 'hot' }, then: 'nowhere', else: 'split-2' }] });
    const path = h.file('broken.json', [callBack(), broken]);
    expect(await h.run('scenarios', 'validate', path)).toBe(2);
    const text = readFileSync(path, 'utf8').split('\n');
    const thenLine = text.findIndex((l) => l.includes('"then": "nowhere"')) + 1;
    expect(h.stderr()).toContain(`${path}:${thenLine}: [1].steps[0].then: `);
    expect(h.stderr()).toMatch(/\d+ problem\(s\) found\.\n$/);

    expect(await h.run('scenarios', 'validate', h.file('twice.json', [callBack(), callBack()]))).toBe(2);
    expect(h.stderr()).toContain('[1].key: the key "call-back" appears twice in this file');
    expect(await h.run('scenarios', 'validate', h.file('bad.json', '{\n  "key": "x",\n  oops\n}'))).toBe(2);
    expect(h.stderr()).toMatch(/bad\.json:3: not valid JSON/);
    expect(await h.run('scenarios', 'validate', join(h.dir, 'missing.json'))).toBe(2);
    expect(h.stderr()).toContain('missing.json: no such file.');
    expect(await h.run('scenarios', 'validate')).toBe(2);
    expect(await h.run('scenarios', 'launch')).toBe(2);
    expect(h.stderr()).toContain('Unknown action "launch"');
  });
});

describe('leadpulse scenarios import|list|export|simulate', () => {
  const h = cliHarness('scenarios');
  beforeAll(async () => {
    expect(await h.run('scenarios', 'import', h.file('call-back.json', callBack()))).toBe(0);
    expect(h.stdout()).toBe('Created call-back: version 1, draft.\n');
  });

  it('imports again as a new version of the same key, and lists it', async () => {
    expect(await h.run('scenarios', 'import', h.file('both.json', [callBack({ name: 'Call back, v2' }), callBack({ key: 'second' })]))).toBe(0);
    expect(h.stdout()).toBe('Updated call-back: version 2, draft.\nCreated second: version 1, draft.\n');
    expect(await h.run('scenarios', 'list')).toBe(0);
    const lines = h.stdout().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['key', 'status', 'version', 'enrolled', 'trigger', 'name']);
    expect(lines.find((l) => l.startsWith('call-back'))!.split(/\s{2,}/)).toEqual(['call-back', 'draft', '2', '0', 'event "Demo Requested"', 'Call back, v2']);
    expect(await h.run('scenarios', 'list', '--format', 'json')).toBe(0);
    expect(JSON.parse(h.stdout())).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'second', version: 1, atStep: {} })]));
  });

  it('refuses what the store cannot accept, naming file, line and path, and imports nothing of an invalid file', async () => {
    const unknownTemplate = h.file('mail.json', callBack({ key: 'mail', steps: [{ id: 'mail', type: 'send_email', template: 'no-such-template' }] }));
    expect(await h.run('scenarios', 'import', unknownTemplate)).toBe(2);
    expect(h.stderr()).toMatch(/mail\.json:\d+: steps\[0\]\.template: .*no-such-template/);
    expect(h.stderr()).toContain('1 of 1 scenario(s) refused.');
    expect(await h.run('scenarios', 'import', h.file('invalid.json', [callBack({ key: 'fine' }), callBack({ key: 'Not A Slug' })]))).toBe(2);
    expect(h.stderr()).toContain('nothing was imported');
    expect(await h.run('scenarios', 'export', 'fine')).toBe(2);
  });

  it('exports one scenario or all, ready to import again', async () => {
    expect(await h.run('scenarios', 'export', 'call-back')).toBe(0);
    expect(JSON.parse(h.stdout())).toEqual(callBack({ name: 'Call back, v2' }));
    const out = join(h.dir, 'all.json');
    expect(await h.run('scenarios', 'export', '--out', out)).toBe(0);
    expect(h.stderr()).toMatch(/^Wrote \d+ scenario\(s\) to .*all\.json\.\n$/);
    const all = JSON.parse(readFileSync(out, 'utf8')) as { key: string }[];
    expect(all.map((s) => s.key)).toEqual(expect.arrayContaining(['call-back', 'second']));
    expect(await h.run('scenarios', 'validate', out)).toBe(0);
    expect(await h.run('scenarios', 'export', 'nope')).toBe(2);
    expect(h.stderr()).toContain('No scenario has the key "nope"');
  });

  it('simulates over an NDJSON event file on a virtual clock, storing nothing', async () => {
    const events = h.file(
      'events.ndjson',
      [
        { type: 'identify', userId: 'u-1', traits: { email: 'ana@example.fr' }, timestamp: '2026-03-02T09:00:00Z' },
        { type: 'track', userId: 'u-1', event: 'Demo Requested', timestamp: '2026-03-02T09:10:00Z' },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    expect(await h.run('scenarios', 'simulate', 'call-back', '--events', events, '--from', '2026-03-01', '--until', '2026-03-10')).toBe(0);
    expect(h.stdout()).toMatch(/^at\s+contact\s+what\s+step\s+detail\n/);
    expect(h.stdout()).toMatch(/2026-03-02 09:10\s+\S+\s+enrolled/);
    expect(h.stdout()).toMatch(/\s+task\s+call\s+/);
    expect(h.stdout()).toContain('1 contact(s), 1 enrolled, 0 send(s) from 2026-03-01 to 2026-03-10. Dry run: nothing was stored or sent.');
    expect(await h.run('scenarios', 'simulate', 'call-back', '--events', events, '--from', '2026-03-01', '--format', 'json')).toBe(0);
    expect(JSON.parse(h.stdout())).toMatchObject({ from: '2026-03-01T00:00:00.000Z', contacts: 1, enrolled: 1 });

    expect(await h.run('scenarios', 'simulate', 'call-back', '--events', h.file('bad.ndjson', '{"type":"track"}\n{nope}\n'))).toBe(2);
    expect(h.stderr()).toMatch(/bad\.ndjson:2: not valid JSON/);
    expect(await h.run('scenarios', 'simulate', 'call-back', '--from', 'last week')).toBe(2);
    expect(h.stderr()).toContain('--from: expected a date');
    expect(await h.run('scenarios', 'simulate', 'nope')).toBe(2);
    expect(await h.run('scenarios', 'simulate')).toBe(2);
    expect(await h.run('scenarios', 'list', '--as-of', '2026-01-01')).toBe(2);
    expect(await h.run('scenarios', '--help')).toBe(0);
    expect(h.stdout()).toContain('leadpulse scenarios simulate <key>');
  });
});
