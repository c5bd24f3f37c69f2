import { EXIT, printTable, type CliFlags, type CliIo } from './cli-io.js';
import { asOfFlag, openServer } from './open-server.js';
import { createProgress } from './progress.js';

export const RECLASSIFY_HELP = `Usage: leadpulse reclassify [--dry-run] [--as-of DATE] [--data-dir DIR] [--database-url URL]

Replays every contact's whole history under the active doctrine: the fold, the classification and the stage
history are rebuilt from the event log, each move dated when it happened in the data.
  --dry-run       count who would move, from which stage to which, without writing anything
  --as-of DATE    classify as of this instant instead of now (a date means its end): a past dataset shows its
                  stages as they stood at its end, not after every window closed`;

export async function reclassifyCommand(io: CliIo, flags: CliFlags): Promise<number> {
  const asOf = asOfFlag(flags);
  const { server } = await openServer(io, flags, asOf === undefined ? {} : { clock: { now: () => new Date(asOf) } });
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
