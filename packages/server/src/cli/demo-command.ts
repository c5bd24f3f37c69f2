import { countContacts } from './count-contacts.js';
import { loadDemo } from '../demo/load-demo.js';
import { EXIT, UsageError, type CliIo } from './cli-io.js';
import { openServer } from './open-server.js';
import { createProgress } from './progress.js';

export const DEMO_HELP = `Usage: leadpulse demo [--visitors N] [--seed N] [--force]

Loads the demo dataset into the configured store: 90 days of a fictitious French B2B software company's site
(Atelier Horizon), about 20,000 visitors from organic search, paid search, social, emailing, a trade show and
field sales. The same seed gives the same data. Refuses a store that already has contacts unless --force.`;

export async function demoCommand(io: CliIo, flags: Record<string, string | boolean | undefined>): Promise<number> {
  const visitors = flags['visitors'] === undefined ? 20_000 : Number(flags['visitors']);
  const seed = flags['seed'] === undefined ? 2026 : Number(flags['seed']);
  if (!Number.isInteger(visitors) || visitors < 1) throw new UsageError('--visitors expects a whole number of 1 or more.');
  if (!Number.isInteger(seed)) throw new UsageError('--seed expects a whole number.');
  const { server } = await openServer(io, flags);
  try {
    if (!flags['force'] && (await countContacts(server.app)) > 0) throw new UsageError('The store already has contacts; use --force to add the demo anyway.');
    const progress = createProgress(io, 'loading the demo dataset');
    const result = await loadDemo(server.app, { now: new Date(), visitors, seed, onProgress: (done) => progress.update(done, visitors * 3.75, 'events') });
    progress.done();
    const counts = await server.app.stageCounts();
    io.stdout.write(`demo loaded: ${result.events} events; contacts by stage: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}
