import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../app/ports.js';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;
/** The store's own files: the database and the files SQLite keeps beside it. */
const STORE_FILE = /^leadpulse\.sqlite(-wal|-shm|-journal)?$/;

const isOpen = (stats: Stats) => (stats.mode & 0o077) !== 0;
const octal = (mode: number) => (mode & 0o7777).toString(8);

/**
 * Makes the data directory private to the user running LeadPulse: created 0700, and on every start an existing one
 * (an older version made it 0755 and its files 0644) is tightened, each change logged. Every file LeadPulse keeps
 * there (the database, its -wal and -shm, and whatever else lives in the folder, secrets included) becomes 0600. A
 * directory that others share (sticky bit, like /tmp) or that another user owns is left alone, with a warning, and
 * only the store's own files in it are tightened. The database file is created 0600 before SQLite opens it, and
 * SQLite creates -wal and -shm with the database's mode. No-op on Windows, which has no such modes.
 */
export function preparePrivateDataDir(dataDir: string, databaseFile: string, logger?: Logger): void {
  if (process.platform === 'win32') return;
  const created = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  const dir = lstatSync(dataDir);
  const owned = typeof process.getuid !== 'function' || dir.uid === process.getuid();
  const shared = (dir.mode & 0o1000) !== 0 || !owned;
  if (shared) logger?.warn({ path: dataDir, mode: octal(dir.mode), fix: 'set LEADPULSE_DATA_DIR to a folder of its own' }, 'store.data_dir_shared');
  else if (isOpen(dir)) tighten(dataDir, dir, PRIVATE_DIR, created ? undefined : logger);

  if (!existsSync(databaseFile)) closeSync(openSync(databaseFile, 'a', PRIVATE_FILE));
  for (const entry of readdirSync(dataDir)) {
    if (shared && !STORE_FILE.test(entry)) continue;
    tightenTree(join(dataDir, entry), logger);
  }
}

function tightenTree(path: string, logger?: Logger): void {
  const stats = lstatSync(path);
  // A symbolic link's target is not ours to change.
  if (stats.isSymbolicLink()) return;
  if (stats.isDirectory()) {
    if (isOpen(stats)) tighten(path, stats, PRIVATE_DIR, logger);
    for (const entry of readdirSync(path)) tightenTree(join(path, entry), logger);
  } else if (stats.isFile() && isOpen(stats)) tighten(path, stats, PRIVATE_FILE, logger);
}

function tighten(path: string, stats: Stats, mode: number, logger?: Logger): void {
  try {
    chmodSync(path, mode);
  } catch (error) {
    // A file another user owns (LeadPulse once run as root): starting is still right, and the operator is told.
    logger?.warn({ path, mode: octal(stats.mode), err: error }, 'store.permissions_unchanged');
    return;
  }
  logger?.info({ path, from: octal(stats.mode), to: octal(mode) }, 'store.permissions_tightened');
}
