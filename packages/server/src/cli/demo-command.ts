import { loadDemo } from '../demo/load-demo.js';
import { EXIT, UsageError, wholeNumberFlag, type CliFlags, type CliIo } from './cli-io.js';
import { countContacts } from './count-contacts.js';
import { openServer } from './open-server.js';
import { orderedStageCounts } from './ordered-stage-counts.js';
import { createProgress } from './progress.js';
import { replayClock } from '../app/replay-clock.js';

export const DEMO_HELP = `Usage: leadpulse demo [--visitors N] [--seed N] [--force] [--data-dir DIR] [--database-url URL]

Loads the demo dataset into the configured store: the 90 days up to now of a fictitious French B2B software
company's site (Atelier Horizon), about 20,000 visitors from organic and paid search, social networks,
emailing, a trade show and field sales. The same seed gives the same data. The events are replayed day by
day, as if LeadPulse had watched the whole quarter, so stage changes and the daily history are dated when they
happened.
  --visitors N   how many visitors to generate (default 20000)
  --seed N       another seed gives another, equally plausible dataset (default 2026)
  --force        load even when the store already has contacts (refused otherwise)`;

const EVENTS_PER_VISITOR = 3.75;

export async function demoCommand(io: CliIo, flags: CliFlags): Promise<number> {
  const visitors = wholeNumberFlag(flags, 'visitors', 20_000, 1);
  const seed = wholeNumberFlag(flags, 'seed', 2026);
  const clock = replayClock();
  const { server } = await openServer(io, flags, { clock });
  try {
    if (!flags['force'] && (await countContacts(server.app)) > 0) throw new UsageError('The store already has contacts; use --force to add the demo anyway.');
    const progress = createProgress(io, 'loading the demo dataset');
    const result = await loadDemo(server.app, { now: new Date(server.app.now()), visitors, seed, travel: clock.hold, onProgress: (done) => progress.update(done, visitors * EVENTS_PER_VISITOR, 'events') });
    const seconds = progress.done();
    io.stdout.write(`demo loaded: ${result.events} events (${result.accepted} new) on ${result.contacts} contacts in ${seconds.toFixed(1)} s\n`);
    printStageShares(io, await orderedStageCounts(server.app));
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}

function printStageShares(io: CliIo, counts: [string, number][]): void {
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const width = Math.max(...counts.map(([stage]) => stage.length));
  for (const [stage, n] of counts) io.stdout.write(`  ${stage.padEnd(width)}  ${String(n).padStart(6)}  ${((100 * n) / Math.max(total, 1)).toFixed(1).padStart(5)}%\n`);
}
