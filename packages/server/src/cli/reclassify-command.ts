import { EXIT, printTable, type CliFlags, type CliIo } from './cli-io.js';
import { openServer } from './open-server.js';
import { createProgress } from './progress.js';

export const RECLASSIFY_HELP = `Usage: leadpulse reclassify [--dry-run] [--data-dir DIR] [--database-url URL]

Replays every contact's whole history under the active doctrine: the fold and the classification are
rebuilt from the event log. Stage changes are recorded with cause "reclassify".
  --dry-run   count who would move, from which stage to which, without writing anything`;

export async function reclassifyCommand(io: CliIo, flags: CliFlags): Promise<number> {
  const { server } = await openServer(io, flags);
  try {
    const progress = createProgress(io, flags['dry-run'] ? 'replaying (dry run)' : 'replaying');
    const report = await server.app.reclassify({ dryRun: Boolean(flags['dry-run']), onProgress: (done, total) => progress.update(done, total, 'contacts') });
    const seconds = progress.done();
    io.stdout.write(`${report.dryRun ? 'Would move' : 'Moved'} ${report.changed} of ${report.contacts} contacts (${report.events} events replayed in ${seconds.toFixed(1)} s).\n`);
    if (report.moves.length > 0) printTable(io, [['from', 'to', 'contacts'], ...report.moves.map((m) => [m.from, m.to, String(m.count)])]);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}
