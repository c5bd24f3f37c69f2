import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Messages read from a folder: how many were handled, and those whose handling failed (left where they were). */
export interface FolderReading {
  readonly read: number;
  readonly failed: readonly { readonly file: string; readonly error: string }[];
}

/**
 * Reads the new messages of a Maildir (new/), hands each to `handle`, then moves it to cur/ with the Seen flag, as a
 * mail client would: a message is moved only once handled, so a crash or a failed store write leaves it to be read
 * again by the next poll. Files starting with a dot are in-progress deliveries by convention, and skipped.
 */
export async function readMaildir(dir: string, handle: (raw: Buffer, file: string) => Promise<void>, options: { limit?: number } = {}): Promise<FolderReading> {
  const incoming = join(dir, 'new');
  await mkdir(join(dir, 'cur'), { recursive: true });
  const names = (await readdir(incoming)).filter((name) => !name.startsWith('.')).sort();
  const failed: { file: string; error: string }[] = [];
  let read = 0;
  for (const name of names.slice(0, options.limit ?? 500)) {
    const path = join(incoming, name);
    try {
      await handle(await readFile(path), path);
      await rename(path, join(dir, 'cur', `${name.split(':')[0]}:2,S`));
      read++;
    } catch (error) {
      failed.push({ file: path, error: (error as Error).message });
    }
  }
  return { read, failed };
}

/**
 * One-off imports: a Maildir (read as above, moved to cur/), any other folder (every file in it, left in place), or
 * one file.
 */
export async function readFeedbackPath(path: string, handle: (raw: Buffer, file: string) => Promise<void>): Promise<FolderReading> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    await handle(await readFile(path), path);
    return { read: 1, failed: [] };
  }
  const isMaildir = await stat(join(path, 'new')).then((s) => s.isDirectory(), () => false);
  if (isMaildir) return readMaildir(path, handle, { limit: Number.MAX_SAFE_INTEGER });
  const failed: { file: string; error: string }[] = [];
  let read = 0;
  for (const name of (await readdir(path)).filter((n) => !n.startsWith('.')).sort()) {
    const file = join(path, name);
    if (!(await stat(file)).isFile()) continue;
    try {
      await handle(await readFile(file), file);
      read++;
    } catch (error) {
      failed.push({ file, error: (error as Error).message });
    }
  }
  return { read, failed };
}
