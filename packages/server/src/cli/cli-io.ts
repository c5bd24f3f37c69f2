/** Where a command writes and what it reads; tests pass buffers, the entry point passes the process's streams. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly env: Record<string, string | undefined>;
  /** Read only by commands that take input on stdin (`users add --password-stdin`). */
  readonly stdin?: AsyncIterable<string | Buffer>;
}

/** Flags as node:util parseArgs returns them, by name without dashes. */
export type CliFlags = Readonly<Record<string, string | boolean | readonly (string | boolean)[] | undefined>>;

/** Bad usage or input: exit code 2 with this message. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Prints rows as columns aligned on the widest cell; the first row is the header. */
export function printTable(io: CliIo, rows: readonly (readonly string[])[]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const row of rows) io.stdout.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`);
}

/** A whole-number flag, or a usage error naming it. */
export function wholeNumberFlag(flags: CliFlags, name: string, fallback: number, min = 0): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} expects a whole number of ${min} or more, got ${JSON.stringify(raw)}.`);
  return value;
}

/** All of stdin as text, without the one trailing newline that `echo` or a terminal adds. */
export async function readStdin(io: CliIo): Promise<string> {
  if (!io.stdin) throw new UsageError('This command reads stdin, but none is attached.');
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return text.replace(/\r?\n$/, '');
}
