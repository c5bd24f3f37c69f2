import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';

/**
 * Runs the CLI in process against a store of its own temporary directory, capturing what it prints. Each `run` starts
 * with empty outputs, so `stdout()` is what that one command printed.
 */
export function cliHarness(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `leadpulse-${name}-`));
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: { LEADPULSE_DATA_DIR: join(dir, 'data'), LEADPULSE_LOG_LEVEL: 'silent' } };
  const run = async (...argv: string[]) => {
    out.length = 0;
    err.length = 0;
    return runCli(argv, io);
  };
  /** Writes a file in the harness's directory (JSON unless a string) and returns its path. */
  const file = (fileName: string, content: unknown) => {
    const path = join(dir, fileName);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };
  return { dir, io, run, file, stdout: () => out.join(''), stderr: () => err.join('') };
}
