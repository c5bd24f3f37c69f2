import { loadDemo } from '../demo/load-demo.js';
import { buildServer } from '../main.js';
import { EXIT, type CliFlags, type CliIo } from './cli-io.js';
import { countContacts } from './count-contacts.js';
import { configFrom } from './open-server.js';
import { orderedStageCounts } from './ordered-stage-counts.js';
import { createProgress } from './progress.js';

/** How `serve` learns that it should stop: the entry point wires SIGINT and SIGTERM, tests call the handler. */
export interface StopSignals {
  onStop(handler: () => void): void;
}

export const SERVE_HELP = `Usage: leadpulse serve [--port N] [--host H] [--data-dir DIR] [--database-url URL] [--public-url URL]
                       [--role all|api|worker] [--trust-proxy] [--demo] [--demo-if-empty] [--log-level L]

Starts the HTTP API (ingestion under /v1, admin under /api/v1) and the scheduler that moves stages with time.
Each flag overrides its LEADPULSE_* variable (see \`leadpulse config --help\`).
  --demo, LEADPULSE_DEMO=1   load the demo dataset when the store has no contacts
  --demo-if-empty            the same (used by \`npm start\`)
On the first start of a store, the admin token and the write key that were not configured are generated and
printed once. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM: pending writes are committed first.`;

export async function serveCommand(io: CliIo, flags: CliFlags, signals: StopSignals): Promise<number> {
  const config = configFrom(io, flags);
  const server = await buildServer(config);
  try {
    if ((config.demo || flags['demo-if-empty']) && (await countContacts(server.app)) === 0) {
      const progress = createProgress(io, 'loading the demo dataset');
      const { events, contacts } = await loadDemo(server.app, { now: new Date(server.app.now()), onProgress: (done) => progress.update(done, 75_000, 'events') });
      const seconds = progress.done();
      io.stderr.write(`demo loaded: ${events} events, ${contacts} contacts in ${seconds.toFixed(1)} s\n`);
    }
    const { url } = await server.start();
    const counts = await orderedStageCounts(server.app);
    const store = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
    io.stdout.write(`\nLeadPulse is running at ${url}  (store: ${store}, role: ${config.role})\n`);
    io.stdout.write(`contacts by stage: ${counts.map(([stage, n]) => `${stage} ${n}`).join(', ') || 'none yet'}\n`);
    const { adminToken, writeKey } = server.generated;
    if (adminToken || writeKey) {
      io.stdout.write('\nGenerated on this first start. They are stored as hashes and will not be shown again:\n');
      if (adminToken) io.stdout.write(`  admin token  ${adminToken}\n`);
      if (writeKey) io.stdout.write(`  write key    ${writeKey}\n`);
    }
    if (config.role !== 'worker') {
      const key = writeKey ?? config.writeKey ?? '<write key>';
      const admin = adminToken ?? config.adminToken ?? '<admin token>';
      io.stdout.write(`\nTry it:\n  curl -u '${key}:' ${url}/v1/track -H 'content-type: application/json' -d '{"anonymousId":"visitor-1","event":"Chat Started"}'\n`);
      io.stdout.write(`  curl -H 'Authorization: Bearer ${admin}' '${url}/api/v1/contacts/lookup?anonymousId=visitor-1'\n`);
      io.stdout.write(`  curl -H 'Authorization: Bearer ${admin}' '${url}/api/v1/contacts?stage=hot&limit=5'\n\n`);
    }
    await new Promise<void>((resolve) => signals.onStop(resolve));
    io.stderr.write('stopping…\n');
  } finally {
    await server.stop();
  }
  return EXIT.ok;
}
