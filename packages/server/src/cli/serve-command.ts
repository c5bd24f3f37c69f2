import { countContacts } from './count-contacts.js';
import { loadDemo } from '../demo/load-demo.js';
import { buildServer } from '../main.js';
import { EXIT, type CliIo } from './cli-io.js';
import { configFrom } from './open-server.js';
import { createProgress } from './progress.js';

export const SERVE_HELP = `Usage: leadpulse serve [--port N] [--host H] [--data-dir DIR] [--database-url URL] [--role all|api|worker] [--trust-proxy] [--demo] [--demo-if-empty] [--log-level L]

Starts the HTTP API (ingestion under /v1, admin under /api/v1) and the scheduler that moves stages with time.
  --demo, LEADPULSE_DEMO=1   load the demo dataset when the store is empty
  --demo-if-empty            the same (used by \`npm start\`)
Stops cleanly on Ctrl-C (SIGINT) or SIGTERM: pending writes are committed first.`;

export async function serveCommand(io: CliIo, flags: Record<string, string | boolean | undefined>, signals: { onStop(handler: () => void): void }): Promise<number> {
  const { config } = configFrom(io, flags);
  const server = await buildServer(config);
  if ((config.demo || flags['demo-if-empty']) && (await countContacts(server.app)) === 0) {
    const progress = createProgress(io, 'loading the demo dataset');
    const { events } = await loadDemo(server.app, { now: new Date(), onProgress: (done) => progress.update(done, 75_000, 'events') });
    const seconds = progress.done();
    io.stderr.write(`demo loaded: ${events} events in ${seconds.toFixed(1)} s\n`);
  }
  const { url } = await server.start();
  const counts = await server.app.stageCounts();
  io.stdout.write(`\nLeadPulse is running at ${url}  (store: ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}, role: ${config.role})\n`);
  io.stdout.write(`contacts by stage: ${Object.entries(counts).map(([stage, n]) => `${stage} ${n}`).join(', ') || 'none yet'}\n`);
  if (server.generated.adminToken || server.generated.writeKey) {
    io.stdout.write('\nGenerated on this first start. They are stored as hashes and will not be shown again:\n');
    if (server.generated.adminToken) io.stdout.write(`  admin token  ${server.generated.adminToken}\n`);
    if (server.generated.writeKey) io.stdout.write(`  write key    ${server.generated.writeKey}\n`);
  }
  const key = server.generated.writeKey ?? config.writeKey ?? '<write key>';
  const admin = server.generated.adminToken ?? config.adminToken ?? '<admin token>';
  io.stdout.write(`\nTry it:\n  curl -u '${key}:' ${url}/v1/track -H 'content-type: application/json' -d '{"anonymousId":"visitor-1","event":"Chat Started"}'\n`);
  io.stdout.write(`  curl -H 'Authorization: Bearer ${admin}' '${url}/api/v1/contacts/lookup?anonymousId=visitor-1'\n`);
  io.stdout.write(`  curl -H 'Authorization: Bearer ${admin}' '${url}/api/v1/contacts?stage=hot&limit=5'\n\n`);
  await new Promise<void>((resolve) => signals.onStop(resolve));
  io.stderr.write('stopping…\n');
  await server.stop();
  return EXIT.ok;
}
