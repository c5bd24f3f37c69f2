import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../app/ports.js';
import { createStore } from './create-store.js';

const modeOf = (path: string) => (statSync(path).mode & 0o7777).toString(8);
const recordingLogger = () => {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const logger: Logger = {
    debug: (obj, msg) => lines.push({ level: 'debug', obj: obj as Record<string, unknown>, msg }),
    info: (obj, msg) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
    child: () => logger,
  };
  return { logger, lines };
};

describe.skipIf(process.platform === 'win32')('the data directory', () => {
  it('is created 0700, with the database, its WAL and shared-memory files 0600', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'leadpulse-perms-')), 'data');
    const store = await createStore({ dataDir });
    await store.migrate();
    expect(modeOf(dataDir)).toBe('700');
    for (const file of ['leadpulse.sqlite', 'leadpulse.sqlite-wal', 'leadpulse.sqlite-shm']) expect(modeOf(join(dataDir, file)), file).toBe('600');
    await store.close();
  });

  it('tightens a directory an older version left open, and every file in it, each change logged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-perms-'));
    chmodSync(dataDir, 0o755);
    new Database(join(dataDir, 'leadpulse.sqlite')).close();
    chmodSync(join(dataDir, 'leadpulse.sqlite'), 0o644);
    writeFileSync(join(dataDir, 'secret.txt'), 'lps_secret', { mode: 0o644 });
    mkdirSync(join(dataDir, 'outbox'), { mode: 0o755 });
    writeFileSync(join(dataDir, 'outbox', 'mail.eml'), 'To: a@example.fr', { mode: 0o644 });
    const { logger, lines } = recordingLogger();
    const store = await createStore({ dataDir, logger });
    expect([modeOf(dataDir), modeOf(join(dataDir, 'outbox'))]).toEqual(['700', '700']);
    for (const file of ['leadpulse.sqlite', 'secret.txt', 'outbox/mail.eml']) expect(modeOf(join(dataDir, file)), file).toBe('600');
    const tightened = lines.filter((l) => l.msg === 'store.permissions_tightened');
    expect(tightened.map((l) => [l.obj['path'], l.obj['from'], l.obj['to']])).toEqual(
      expect.arrayContaining([
        [dataDir, '755', '700'],
        [join(dataDir, 'leadpulse.sqlite'), '644', '600'],
        [join(dataDir, 'outbox', 'mail.eml'), '644', '600'],
      ]),
    );
    await store.close();
    // A second start finds nothing to change and says nothing.
    const again = recordingLogger();
    await (await createStore({ dataDir, logger: again.logger })).close();
    expect(again.lines.filter((l) => l.msg === 'store.permissions_tightened')).toEqual([]);
  });

  it('leaves a shared folder (sticky bit) and the others\' files in it alone, and says so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-perms-'));
    chmodSync(dataDir, 0o1777);
    writeFileSync(join(dataDir, 'someone-else.txt'), 'x', { mode: 0o644 });
    const { logger, lines } = recordingLogger();
    const store = await createStore({ dataDir, logger });
    await store.migrate();
    expect(modeOf(dataDir)).toBe('1777');
    expect(modeOf(join(dataDir, 'someone-else.txt'))).toBe('644');
    expect(modeOf(join(dataDir, 'leadpulse.sqlite'))).toBe('600');
    expect(lines.some((l) => l.level === 'warn' && l.msg === 'store.data_dir_shared')).toBe(true);
    await store.close();
  });
});
