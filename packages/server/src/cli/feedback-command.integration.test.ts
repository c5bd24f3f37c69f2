import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dsnHardBounce, malformedDsn } from '../messaging/feedback-fixtures.js';
import { runCli } from './run-cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cli() {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-feedback-cli-'));
  dirs.push(dir);
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: { LEADPULSE_DATA_DIR: join(dir, 'data'), LEADPULSE_LOG_LEVEL: 'silent' } };
  return { dir, stdout: () => out.splice(0).join(''), stderr: () => err.splice(0).join(''), run: (...argv: string[]) => runCli(argv, io) };
}

describe('leadpulse feedback read', () => {
  it('imports a Maildir, moving what it read to cur/, and says what it could not read', async () => {
    const c = cli();
    const maildir = join(c.dir, 'bounces');
    mkdirSync(join(maildir, 'new'), { recursive: true });
    writeFileSync(join(maildir, 'new', '1.eml'), dsnHardBounce('<unknown@leadpulse.test>', 'nobody@example.fr'));
    writeFileSync(join(maildir, 'new', '2.eml'), malformedDsn);
    expect(await c.run('feedback', 'read', maildir)).toBe(0);
    const out = c.stdout();
    expect(out).toMatch(/Read 2 reports: 0 applied, 1 naming no send of ours, 1 unreadable/);
    expect(out).toMatch(/2\.eml\s+unparsed\s+the multipart\/report has neither/);
    expect(readdirSync(join(maildir, 'cur')).sort()).toEqual(['1.eml:2,S', '2.eml:2,S']);
  });

  it('imports one file, and answers bad usage with exit 2', async () => {
    const c = cli();
    const file = join(c.dir, 'bounce.eml');
    writeFileSync(file, malformedDsn);
    expect(await c.run('feedback', 'read', file)).toBe(0);
    expect(c.stdout()).toMatch(/Read 1 reports: 0 applied, 0 naming no send of ours, 1 unreadable/);
    expect(existsSync(file)).toBe(true);
    expect(await c.run('feedback', 'read', join(c.dir, 'missing.eml'))).toBe(2);
    expect(c.stderr()).toMatch(/missing\.eml: no such file or folder/);
    expect(await c.run('feedback', 'list')).toBe(2);
  });
});
