import { createHash, randomBytes } from 'node:crypto';
import { appendFile, link, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { DkimSigning } from './dkim-key.js';
import { sent, transient, type ClosableCourier, type DeliveryOutcome, type OutgoingMessage } from './courier.js';

/** A message as it would have left, for the dashboard's test inbox. */
export interface InboxMessage {
  readonly sendId: string;
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly at: number;
}

export interface MailSink extends ClosableCourier {
  /** The newest messages first. */
  readInbox(limit: number): Promise<InboxMessage[]>;
  /** Deletes the stored copies of these messages (an erase); the index keeps only their hashed names. */
  forget(messageIds: readonly string[]): Promise<void>;
}

const INDEX = 'index.ndjson';

const isAlreadyThere = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EEXIST';

/**
 * Creates `path` with `content` only if it does not exist yet, never half-written: the content goes to a temporary
 * file first, then a hard link names it (link fails when the name is taken, where a rename would replace it).
 */
async function createOnce(path: string, content: string | Buffer): Promise<'created' | 'exists'> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, content);
  try {
    await link(temporary, path);
    return 'created';
  } catch (error) {
    if (isAlreadyThere(error)) return 'exists';
    throw error;
  } finally {
    await unlink(temporary);
  }
}

/**
 * Where email goes when no SMTP relay is configured (the embedded default, the demo): each message is written to
 * `<dir>/<id>.eml` (openable in any mail client) with a JSON copy for the test inbox, and listed in an index.
 * Nothing leaves the machine. One file per Message-ID: a retried send keeps one message.
 */
export function createMailSink(options: { dir: string; from: string; now?: () => number; dkim?: DkimSigning | null }): MailSink {
  const now = options.now ?? Date.now;
  // Signed as the relay's messages would be, so the test inbox's .eml shows the DKIM-Signature header.
  // nodemailer loads with the first message: a command that never sends does not pay for it.
  let composer: Transporter | null = null;
  const composing = async () => (composer ??= (await import('nodemailer')).createTransport({ streamTransport: true, buffer: true, newline: 'unix', disableFileAccess: true, disableUrlAccess: true, ...(options.dkim ? { dkim: { ...options.dkim } } : {}) }));
  const fileOf = (messageId: string) => createHash('sha256').update(messageId).digest('hex').slice(0, 32);
  const indexLine = (file: string, at: number) => `${JSON.stringify({ at, file })}\n`;

  async function readIndex(): Promise<{ at: number; file: string }[]> {
    try {
      const raw = await readFile(join(options.dir, INDEX), 'utf8');
      return raw
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { at: number; file: string });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  return {
    async deliver(message: OutgoingMessage): Promise<DeliveryOutcome> {
      const at = now();
      const from = message.from ?? options.from;
      const file = fileOf(message.messageId);
      try {
        await mkdir(options.dir, { recursive: true });
        // With `buffer: true` the stream transport hands back the whole message as a Buffer.
        const built = await (await composing()).sendMail({
          messageId: message.messageId,
          from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          headers: { ...message.headers, ...(message.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}) },
          ...(message.unsubscribeUrl ? { list: { unsubscribe: message.unsubscribeUrl } } : {}),
        });
        const copy: InboxMessage = { sendId: message.sendId ?? '', messageId: message.messageId, from, to: message.to, subject: message.subject, html: message.html, text: message.text, at };
        await createOnce(join(options.dir, `${file}.json`), JSON.stringify(copy));
        // The .eml is the commit point: once it exists, the message is delivered.
        const outcome = await createOnce(join(options.dir, `${file}.eml`), built.message as Buffer);
        // A crash between the .eml and its index line would hide the message; the retry that follows puts it back.
        if (outcome === 'created' || !(await readIndex()).some((entry) => entry.file === file)) await appendFile(join(options.dir, INDEX), indexLine(file, at));
        return sent(`stored in the local mail sink as ${file}.eml; nothing left this machine`);
      } catch (error) {
        return transient(`the local mail sink could not write to ${options.dir}: ${(error as Error).message}`);
      }
    },

    async readInbox(limit) {
      const seen = new Set<string>();
      const newest: string[] = [];
      const index = await readIndex();
      for (let i = index.length - 1; i >= 0 && newest.length < limit; i--) {
        const file = index[i]!.file;
        if (seen.has(file)) continue;
        seen.add(file);
        newest.push(file);
      }
      const messages = await Promise.all(
        newest.map(async (file) => {
          try {
            return JSON.parse(await readFile(join(options.dir, `${file}.json`), 'utf8')) as InboxMessage;
          } catch {
            // Removed by hand: the index outlives it.
            return null;
          }
        }),
      );
      return messages.filter((m): m is InboxMessage => m !== null);
    },

    async forget(messageIds) {
      for (const messageId of messageIds) {
        for (const extension of ['eml', 'json']) await rm(join(options.dir, `${fileOf(messageId)}.${extension}`), { force: true });
      }
    },

    async close() {
      composer?.close();
    },
  };
}
