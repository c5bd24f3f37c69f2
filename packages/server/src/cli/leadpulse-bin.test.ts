import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('../../', import.meta.url));
const bin = normalize((JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as { bin: { leadpulse: string } }).bin.leadpulse);
const leadpulse = (binPath: string, ...args: string[]) => spawnSync(process.execPath, [binPath, ...args], { encoding: 'utf8', timeout: 20_000 });

describe('the leadpulse bin', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'leadpulse-bin-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is a file of the package, not of the build, so `npm ci` links it before anything is built', () => {
    expect(bin.split(/[\\/]/)[0]).not.toBe('dist');
    expect(existsSync(join(serverDir, bin))).toBe(true);
  });

  it('runs the built CLI', () => {
    // The test run builds the server first (scripts/vitest-global-setup.ts).
    const result = leadpulse(join(serverDir, bin), '--help');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^LeadPulse \S+: classify every contact/);
  });

  it('says how to build when the CLI is not built', () => {
    mkdirSync(dirname(join(scratch, bin)), { recursive: true });
    copyFileSync(join(serverDir, bin), join(scratch, bin));
    const result = leadpulse(join(scratch, bin), '--help');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not built yet: run `npm run build`/);
  });
});
