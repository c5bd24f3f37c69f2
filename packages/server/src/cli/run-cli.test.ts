import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCTRINE_PRESETS } from '@leadpulse/core';
import { runCli } from './run-cli.js';

function harness(env: Record<string, string> = {}, stdin?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-cli-'));
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: { LEADPULSE_DATA_DIR: join(dir, 'data'), LEADPULSE_LOG_LEVEL: 'silent', ...env },
    ...(stdin === undefined ? {} : { stdin: [stdin] }),
  };
  return { dir, io, stdout: () => out.join(''), stderr: () => err.join(''), run: (...argv: string[]) => runCli(argv, io) };
}

describe('leadpulse CLI', () => {
  it('prints help and the version, and exits 2 on bad usage', async () => {
    const h = harness();
    expect(await h.run('--help')).toBe(0);
    expect(h.stdout()).toContain('reclassify [--dry-run]');
    expect(await h.run('import', '--help')).toBe(0);
    expect(h.stdout()).toContain('--mapping');
    expect(await h.run('--version')).toBe(0);
    expect(await h.run('teleport')).toBe(2);
    expect(await h.run('import', '--no-such-flag')).toBe(2);
    expect(await h.run('import')).toBe(2);
    expect(h.stderr()).toContain('Missing the file to import');
  });

  it('gives each command its own help and refuses flags and arguments it does not take', async () => {
    const h = harness();
    for (const command of ['serve', 'import', 'reclassify', 'doctrine', 'keys', 'users', 'demo', 'demo-site', 'report', 'costs', 'config']) {
      expect(await h.run(command, '--help'), command).toBe(0);
      expect(h.stdout()).toContain(`leadpulse ${command}`);
    }
    expect(h.stdout()).toContain('LEADPULSE_DATABASE_URL (--database-url)');
    expect(await h.run('reclassify', '--mapping', 'm.json')).toBe(2);
    expect(h.stderr()).toContain('leadpulse reclassify does not take --mapping');
    expect(await h.run('reclassify', 'now')).toBe(2);
    expect(h.stderr()).toContain('leadpulse reclassify: unexpected argument "now"');
    expect(await h.run('doctrine', 'check', 'x.json')).toBe(2);
    expect(await h.run('keys', 'rotate')).toBe(2);
    expect(await h.run('demo', '--visitors', 'many')).toBe(2);
    expect(h.stderr()).toContain('--visitors expects a whole number of 1 or more, got "many"');
    expect(await h.run('--version')).toBe(0);
    expect(h.stdout()).toMatch(/^\d+\.\d+\.\d+\n/m);
  });

  it('exits 1 with one line on a failure, and the stack with --verbose', async () => {
    const h = harness();
    const notAFolder = join(h.dir, 'file');
    writeFileSync(notAFolder, 'x');
    expect(await h.run('reclassify', '--data-dir', join(notAFolder, 'data'))).toBe(1);
    expect(h.stderr().trim().split('\n')).toHaveLength(1);
    expect(h.stderr()).toMatch(/^leadpulse reclassify failed: .+ \(run again with --verbose for details\)$/m);
    expect(await h.run('reclassify', '--verbose', '--data-dir', join(notAFolder, 'data'))).toBe(1);
    expect(h.stderr()).toMatch(/\n\s+at /);
  });

  it('stops on a bad configuration value, naming the variable and the fix', async () => {
    const h = harness({ LEADPULSE_PORT: '80a' });
    expect(await h.run('config')).toBe(2);
    expect(h.stderr()).toContain('LEADPULSE_PORT must be a whole number from 0 to 65535, got "80a"; set LEADPULSE_PORT=8080 or unset it.');
    expect(await h.run('config', '--data-dir', '')).toBe(2);
    expect(h.stderr()).toContain('--data-dir (LEADPULSE_DATA_DIR) must be a folder path');
  });

  it('prints the effective configuration with sources and masked secrets', async () => {
    const h = harness({ LEADPULSE_ADMIN_TOKEN: 'lpa_super_secret_token_value' });
    expect(await h.run('config', '--port', '9000')).toBe(0);
    expect(h.stdout()).toMatch(/LEADPULSE_PORT\s+9000\s+flag/);
    expect(h.stdout()).toMatch(/LEADPULSE_DATA_DIR\s+\S+\s+env/);
    expect(h.stdout()).not.toContain('super_secret');
  });

  it('imports NDJSON with line-numbered rejections, and a re-run is all duplicates', async () => {
    const h = harness();
    const file = join(h.dir, 'events.ndjson');
    const now = Date.now();
    writeFileSync(
      file,
      [
        JSON.stringify({ type: 'page', anonymousId: 'n1', properties: { path: '/' }, timestamp: new Date(now - 300_000).toISOString() }),
        JSON.stringify({ type: 'track', anonymousId: 'n1', event: 'Chat Started', timestamp: new Date(now - 200_000).toISOString() }),
        '{ not json',
        '',
        JSON.stringify({ type: 'track', anonymousId: 'n2' }),
      ].join('\n'),
    );
    expect(await h.run('import', file)).toBe(2);
    expect(h.stdout()).toContain('accepted 2, duplicates 0, rejected 2');
    expect(h.stderr()).toContain(`${file}:3: (event): not valid JSON`);
    expect(h.stderr()).toContain(`${file}:5: event: a track call needs the event name`);
    expect(await h.run('import', file)).toBe(2);
    expect(h.stdout()).toContain('accepted 0, duplicates 2, rejected 2');
  });

  it('rejects an NDJSON line with a NUL character or hostile nesting alone, naming its line and field', async () => {
    const h = harness();
    const file = join(h.dir, 'hostile.ndjson');
    const at = new Date(Date.now() - 60_000).toISOString();
    const deep = `{"type":"track","anonymousId":"d1","event":"Deep","timestamp":"${at}","properties":{"p":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    writeFileSync(file, [JSON.stringify({ type: 'track', anonymousId: 'h1', event: 'Chat\u0000Started', timestamp: at }), deep, JSON.stringify({ type: 'track', anonymousId: 'h2', event: 'Chat Started', timestamp: at })].join('\n'));
    expect(await h.run('import', file)).toBe(2);
    expect(h.stdout()).toContain('accepted 1, duplicates 0, rejected 2');
    expect(h.stderr()).toContain(`${file}:1: event: contains a NUL character`);
    expect(h.stderr()).toContain(`${file}:2: properties.p[0][0]`);
    expect(h.stderr()).toContain('nest more than 32 levels deep');
  });

  it('imports CSV through a mapping file and validates the mapping', async () => {
    const h = harness();
    const csv = join(h.dir, 'leads.csv');
    writeFileSync(csv, 'id,email,date,origin,revenue\nL1,Ana@Example.fr,2026-11-01,paid_search,\nL2,bob@example.fr,2026-11-02,social,120\nL3,,not-a-date,organic,\n');
    const mapping = join(h.dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ events: [{ type: 'track', event: 'Form Submitted', userId: 'id', email: 'email', timestamp: 'date', context: { 'campaign.source': 'origin' } }, { type: 'track', event: 'Order Completed', userId: 'id', timestamp: 'date', properties: { revenue: 'revenue' }, numbers: ['revenue'], skipEmpty: ['revenue'] }] }));
    expect(await h.run('import', csv, '--mapping', mapping)).toBe(2);
    expect(h.stdout()).toContain('accepted 3, duplicates 0, rejected 1');
    expect(h.stderr()).toContain(`${csv}:4: date: expected a date such as 2026-11-02 or 2026-11-02T14:30:00Z, got "not-a-date"`);
    expect(await h.run('import', csv, '--mapping', mapping)).toBe(2);
    expect(h.stdout()).toContain('accepted 0, duplicates 3, rejected 1');
    const badMapping = join(h.dir, 'bad.json');
    writeFileSync(badMapping, JSON.stringify({ type: 'track', userId: 'id' }));
    expect(await h.run('import', csv, '--mapping', badMapping)).toBe(2);
    expect(h.stderr()).toContain('event: a track mapping needs "event"');
    expect(await h.run('import', csv)).toBe(2);
    expect(h.stderr()).toContain('a CSV import needs --mapping');
  });

  it('validates a doctrine file, naming file, line and path', async () => {
    const h = harness();
    const good = join(h.dir, 'good.json');
    writeFileSync(good, JSON.stringify(DOCTRINE_PRESETS['lead-qualified'], null, 2));
    expect(await h.run('doctrine', 'validate', good)).toBe(0);
    expect(h.stdout()).toContain('valid doctrine');
    const doctrine = structuredClone(DOCTRINE_PRESETS['suspect-prospect-lead']!) as unknown as { stages: { when: unknown }[] };
    doctrine.stages[1]!.when = { any: [{ signal: 'chats', within: 'thirty days' }] };
    const bad = join(h.dir, 'bad.json');
    const text = JSON.stringify(doctrine, null, 2);
    writeFileSync(bad, text);
    expect(await h.run('doctrine', 'validate', bad)).toBe(2);
    const line = text.split('\n').findIndex((l) => l.includes('thirty days')) + 1;
    expect(h.stderr()).toContain(`${bad}:${line}: stages[1].when.any[0].within: expected a duration such as "30d"`);
  });

  it('creates, lists and revokes keys, and reclassifies with a dry run', async () => {
    const h = harness();
    expect(await h.run('keys', 'create', '--kind', 'write', '--label', 'Site', '--origin', 'https://www.example.fr')).toBe(0);
    const id = /created write key (\S+)/.exec(h.stdout())![1]!;
    expect(await h.run('keys', 'list')).toBe(0);
    expect(h.stdout()).toContain('https://www.example.fr');
    expect(await h.run('keys', 'revoke', id)).toBe(0);
    expect(await h.run('keys', 'revoke', id)).toBe(2);
    expect(await h.run('keys', 'create', '--kind', 'root', '--label', 'x')).toBe(2);
    expect(await h.run('keys', 'create', '--kind', 'admin', '--label', 'x', '--origin', 'https://a.example.fr')).toBe(2);
    expect(await h.run('reclassify', '--dry-run')).toBe(0);
    expect(h.stdout()).toContain('Would move 0 of 0 contacts');
  });

  it('adds, lists, re-roles, resets and removes users, with exit codes 0, 1 and 2', async () => {
    const h = harness({}, 'chosen password 1\n');
    expect(await h.run('users', 'add', 'Ana@Example.fr', '--role', 'admin', '--name', 'Ana')).toBe(0);
    const generated = /password \(shown once\): (\S+)/.exec(h.stdout())![1]!;
    expect(generated).toHaveLength(20);
    expect(await h.run('users', 'add', 'bob@example.fr', '--role', 'sales', '--password-stdin')).toBe(0);
    expect(h.stdout()).toContain('added bob@example.fr (sales)');
    expect(h.stdout().match(/shown once/g)).toHaveLength(1);
    expect(await h.run('users', 'list')).toBe(0);
    expect(h.stdout()).toMatch(/ana@example\.fr\s+admin\s+Ana/);
    expect(h.stdout()).toMatch(/bob@example\.fr\s+sales/);
    expect(h.stdout()).not.toContain('scrypt');

    expect(await h.run('users', 'add', 'ana@example.fr', '--role', 'sales')).toBe(2);
    expect(h.stderr()).toContain('A user already has the email ana@example.fr');
    expect(await h.run('users', 'add', 'carl@example.fr', '--role', 'owner')).toBe(2);
    expect(await h.run('users', 'add', 'carl@example.fr')).toBe(2);
    expect(await h.run('users', 'remove')).toBe(2);
    expect(await h.run('users', 'set-role', 'bob@example.fr', 'boss')).toBe(2);
    expect(await h.run('users', 'remove', 'ana@example.fr')).toBe(1);
    expect(h.stderr()).toContain('This is the last admin');
    expect(await h.run('users', 'set-role', 'ana@example.fr', 'marketer')).toBe(1);

    expect(await h.run('users', 'set-role', 'bob@example.fr', 'admin')).toBe(0);
    expect(h.stdout()).toContain('bob@example.fr is now admin');
    expect(await h.run('users', 'reset-password', 'ana@example.fr')).toBe(0);
    expect(h.stdout()).toMatch(/new password set for ana@example\.fr[^\n]*\npassword \(shown once\): \S{20}/);
    expect(await h.run('users', 'remove', 'ana@example.fr')).toBe(0);
    expect(await h.run('users', 'remove', 'ana@example.fr')).toBe(2);
    expect(h.stderr()).toContain('No user has ana@example.fr');

    const short = harness({ LEADPULSE_DATA_DIR: h.io.env.LEADPULSE_DATA_DIR }, 'short\n');
    expect(await short.run('users', 'add', 'dan@example.fr', '--role', 'sales', '--password-stdin')).toBe(2);
    expect(short.stderr()).toContain('password: a password needs at least 10 characters');
  });

  it('loads the demo into an empty store only, unless forced', async () => {
    const h = harness();
    expect(await h.run('demo', '--visitors', '150')).toBe(0);
    expect(h.stdout()).toMatch(/demo loaded: (\d+) events \(\1 new\) on \d+ contacts/);
    expect(h.stdout()).toMatch(/unknown\s+\d+\s+\d+\.\d%/);
    expect(h.stdout().indexOf('  unknown')).toBeLessThan(h.stdout().indexOf('  cold'));
    expect(h.stdout().indexOf('  hot')).toBeLessThan(h.stdout().indexOf('  client'));
    expect(await h.run('demo', '--visitors', '150')).toBe(2);
    expect(h.stderr()).toContain('The store already has contacts; use --force');
    expect(await h.run('demo', '--visitors', '150', '--force')).toBe(0);
    expect(h.stdout()).toMatch(/\(0 new\)/);
    expect(await h.run('reclassify')).toBe(0);
    expect(h.stdout()).toMatch(/Moved \d+ of \d+ contacts/);
  });

  it('serves until told to stop, printing the URL, the generated secrets once and how to try it', async () => {
    const h = harness();
    let stop: () => void = () => {};
    const exit = runCli(['serve', '--port', '0', '--host', '127.0.0.1'], h.io, { onStop: (handler) => (stop = handler) });
    await expect.poll(() => h.stdout(), { timeout: 10_000 }).toContain('Try it:');
    const url = /running at (\S+)/.exec(h.stdout())![1]!;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const writeKey = /write key\s+(\S+)/.exec(h.stdout())![1]!;
    expect(h.stdout()).toMatch(/admin token\s+\S+/);
    expect(h.stdout()).toContain(`curl -u '${writeKey}:' ${url}/v1/track`);
    const [, email, password] = /dashboard\s+(\S+) \/ (\S+)/.exec(h.stdout())!;
    expect(email).toBe('admin@localhost');
    const signIn = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect((await signIn.json()).user.role).toBe('admin');
    stop();
    expect(await exit).toBe(0);

    const again = harness();
    const second = runCli(['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', h.io.env.LEADPULSE_DATA_DIR], again.io, { onStop: (handler) => (stop = handler) });
    await expect.poll(() => again.stdout(), { timeout: 10_000 }).toContain('Try it:');
    expect(again.stdout()).not.toContain('Generated on this first start');
    expect(again.stdout()).not.toContain('dashboard');
    stop();
    expect(await second).toBe(0);
  });
});

describe('leadpulse report and costs', () => {
  it('imports cost lines from CSV, naming the file, line and field of each problem, and storing none if one is wrong', async () => {
    const h = harness();
    const bad = join(h.dir, 'costs.csv');
    writeFileSync(bad, 'channel,kind,from,to,amount,currency\ngoogle,digital,2026-10-01,2026-10-31,1200,EUR\nterrain,field,2026-10-01,2026-10-31,douze,EUR\nsalon,booth,2026-10-01,2026-10-31,900,EUR\n');
    expect(await h.run('costs', 'import', bad)).toBe(2);
    expect(h.stderr()).toContain('costs.csv:3: amount:');
    expect(h.stderr()).toContain('costs.csv:4: kind:');
    expect(h.stderr()).toContain('Nothing was stored.');
    expect(await h.run('costs', 'list')).toBe(0);
    expect(h.stdout()).not.toContain('google');

    const good = join(h.dir, 'good.csv');
    writeFileSync(good, 'channel,kind,from,to,amount\ngoogle,digital,2026-10-01,2026-10-31,1200\nterrain,field,2026-10-01,2026-10-31,3000\n');
    expect(await h.run('costs', 'import', good)).toBe(0);
    expect(h.stdout()).toContain('stored 2 cost line(s)');
    expect(await h.run('costs', 'list')).toBe(0);
    expect(h.stdout()).toMatch(/terrain\s+-\s+field\s+2026-10-01\s+2026-10-31\s+3000\.00\s+EUR/);
    expect(await h.run('costs', 'add', '--channel', 'linkedin', '--from', '2026-10-01', '--to', '2026-10-31', '--amount', '450')).toBe(0);
    expect(h.stdout()).toMatch(/stored 1 cost line\(s\): cost_/);
  });

  it('prints a report as a table, CSV or JSON, and refuses a bad flag by name', async () => {
    const h = harness();
    expect(await h.run('report', 'costs', '--from', '2026-10-01', '--to', '2026-10-31', '--format', 'csv')).toBe(0);
    expect(h.stdout().split('\r\n')[0]).toBe('view,channel,campaign,kind,cost,contacts,reached_cold,reached_warm,reached_hot,reached_client,cost_per_contact,cost_per_cold,cost_per_warm,cost_per_hot,cost_per_client,revenue,cost_per_revenue,currency');
    expect(await h.run('report', 'tunnel', '--format', 'json')).toBe(0);
    expect(JSON.parse(h.stdout().slice(h.stdout().indexOf('{')))).toMatchObject({ report: 'tunnel', total: { contacts: 0 } });
    expect(await h.run('report', 'tunnel')).toBe(0);
    const header = (out: string) => out.split('\n').find((line) => line.startsWith('group'))!.split(/\s+/);
    expect(header(h.stdout())).toEqual(['group', 'contacts', 'reached_cold', 'reached_warm', 'reached_hot', 'reached_client', 'skipped_warm', 'conversion_entry-client', 'days_entry-client_median', 'revenue']);
    expect(h.stdout()).toContain('more columns with --wide');
    expect(await h.run('report', 'tunnel', '--wide')).toBe(0);
    expect(h.stdout().split('\n').filter((line) => line.startsWith('group')).at(-1)!.split(/\s+/)).toContain('days_hot-client_p75');
    expect(await h.run('report', 'tunnel', '--by', 'planet')).toBe(2);
    expect(h.stderr()).toContain('--by: expected none, source');
    expect(await h.run('report', 'funnel')).toBe(2);
    expect(h.stderr()).toContain('Unknown report "funnel"');
  });
});
