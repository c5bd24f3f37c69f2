import { EXIT, UsageError, printTable, type CliFlags, type CliIo } from './cli-io.js';
import { openServer } from './open-server.js';
import { readFeedbackPath } from '../messaging/feedback-maildir.js';

export const FEEDBACK_HELP = `Usage: leadpulse feedback read <dir|file> [--data-dir DIR] [--database-url URL]

Imports bounce reports (DSN, RFC 3464) and feedback-loop complaints (ARF, RFC 5965) once, as the bounce mailbox
(LEADPULSE_BOUNCE_MAILDIR) and the provider webhook do: each report is kept, matched to its send by the original
Message-ID (else the recipient) and becomes an Email Bounced or Email Complained event on the contact.
  <dir|file>   one report file (.eml), a folder of them (left in place), or a Maildir (new/ is read and moved to cur/)
A report that cannot be read is kept as unparsed, with the reason; see GET /api/v1/email/feedback.`;

export async function feedbackCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  const [verb, path] = positionals;
  if (verb !== 'read' || !path) throw new UsageError(`Expected: leadpulse feedback read <dir|file>\n\n${FEEDBACK_HELP}`);
  const { server } = await openServer(io, flags);
  try {
    const counts = { parsed: 0, unparsed: 0, unmatched: 0 };
    const unreadable: string[][] = [];
    const reading = await readFeedbackPath(path, async (raw, file) => {
      const record = await server.app.emailFeedback.receive(raw, 'cli');
      counts[record.status]++;
      if (record.status !== 'parsed') unreadable.push([file, record.status, record.reason ?? '']);
    });
    io.stdout.write(`Read ${reading.read} reports: ${counts.parsed} applied, ${counts.unmatched} naming no send of ours, ${counts.unparsed} unreadable (kept with the reason).\n`);
    if (unreadable.length > 0) printTable(io, [['file', 'status', 'reason'], ...unreadable]);
    for (const failure of reading.failed) io.stderr.write(`${failure.file}: ${failure.error}\n`);
    return reading.failed.length > 0 ? EXIT.failure : EXIT.ok;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${path}: no such file or folder.`);
    throw error;
  } finally {
    await server.stop();
  }
}
