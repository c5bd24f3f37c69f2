import { exclusively } from '../app/exclusively.js';
import { loadDemo } from '../demo/load-demo.js';
import { startDemoSite, type DemoSite } from '../demo-site/start-demo-site.js';
import { buildServer } from '../main.js';
import { EXIT, type CliFlags, type CliIo } from './cli-io.js';
import { countContacts } from './count-contacts.js';
import { configFrom } from './open-server.js';
import { orderedStageCounts } from './ordered-stage-counts.js';
import { createProgress } from './progress.js';
import { replayClock } from '../app/replay-clock.js';

/** How `serve` learns that it should stop: the entry point wires SIGINT and SIGTERM, tests call the handler. */
export interface StopSignals {
  onStop(handler: () => void): void;
}

export const SERVE_HELP = `Usage: leadpulse serve [--port N] [--host H] [--data-dir DIR] [--database-url URL] [--public-url URL]
                       [--role all|api|worker] [--trust-proxy] [--demo] [--demo-if-empty] [--log-level L]
                       [--demo-site] [--demo-site-port N]

Starts the HTTP API (ingestion under /v1, admin under /api/v1) and the scheduler that moves stages with time.
Each flag overrides its LEADPULSE_* variable (see \`leadpulse config --help\`).
  --demo, LEADPULSE_DEMO=1   load the demo dataset when the store has no contacts
  --demo-if-empty            the same (used by \`npm start\`)
  --demo-site                also serve the demo company's website, with the tracker, on --demo-site-port (8081)
On the first start of a store, the admin token and the write key that were not configured are generated and
printed once, and so is the password of the first dashboard admin (LEADPULSE_ADMIN_EMAIL, admin@localhost by
default), created when the store has no users. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM: pending writes are committed first.
Logs go to standard output: readable lines on a terminal, JSON lines otherwise (for log collectors). With the demo
flags, the line per HTTP request is logged at debug level (--log-level debug shows it).`;

export const DEMO_SITE_HELP = `Usage: leadpulse demo-site [--demo-site-port N] [serve options]

Runs \`leadpulse serve --demo-site\`: the API and, on its own port (8081 by default), the website of the demo company
with the LeadPulse tracker installed. Browse it, accept the cookie banner, and the panel in the corner shows your own
contact warming up: three pages and two minutes make you cold, the white paper warm, a cart you leave for an hour hot.
A write key restricted to the site's origins is created on each start (the previous one is revoked).`;

export async function serveCommand(io: CliIo, flags: CliFlags, signals: StopSignals): Promise<number> {
  const config = configFrom(io, flags);
  // The demo is loaded as if watched over its whole quarter: the clock follows it, then runs free.
  const clock = replayClock();
  // In the demo a person reads the terminal: a line per request would bury the banner (--log-level debug shows them).
  const requestLogLevel = config.demo || flags['demo-if-empty'] || config.demoSite ? 'debug' : 'info';
  const server = await buildServer(config, { clock, http: { requestLogLevel } });
  let stopSite: (() => Promise<void>) | null = null;
  try {
    if ((config.demo || flags['demo-if-empty']) && (await countContacts(server.app)) === 0) {
      const progress = createProgress(io, 'loading the demo dataset');
      const { events, contacts } = await loadDemo(server.app, { now: new Date(server.app.now()), travel: clock.hold, onProgress: (done) => progress.update(done, 75_000, 'events') });
      const seconds = progress.done();
      io.stderr.write(`demo loaded: ${events} events, ${contacts} contacts in ${seconds.toFixed(1)} s\n`);
    }
    const firstAdmin = await exclusively(server.store, 'start', () => server.app.users.ensureFirstAdmin(config.adminEmail));
    const { url } = await server.start();
    let site: DemoSite | null = null;
    if (config.demoSite && config.role !== 'worker') {
      const port = Number(new URL(url).port);
      site = await startDemoSite({ app: server.app, leadpulsePort: port, leadpulseUrl: config.publicUrl, port: config.demoSitePort, host: config.host });
      stopSite = site.close;
    }
    const counts = await orderedStageCounts(server.app);
    const store = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
    io.stdout.write(`\nLeadPulse is running at ${url}  (store: ${store}, role: ${config.role})\n`);
    if (config.role !== 'worker') io.stdout.write(`open ${url}/ in a browser and sign in\n`);
    io.stdout.write(`contacts by stage: ${counts.map(([stage, n]) => `${stage} ${n}`).join(', ') || 'none yet'}\n`);
    const scenarios = await server.app.scenarios.list();
    const active = scenarios.filter((s) => s.record.status === 'active').length;
    const mail = config.smtpUrl ? `email goes through ${new URL(config.smtpUrl).host}` : `email goes to the test inbox in ${config.dataDir}/mail-sink (nothing leaves this machine; set LEADPULSE_SMTP_URL to send)`;
    io.stdout.write(`follow-up scenarios: ${active} active of ${scenarios.length}; ${mail}\n`);
    const { adminToken, writeKey } = server.generated;
    if (adminToken || writeKey || firstAdmin) {
      io.stdout.write('\nGenerated on this first start. They are stored as hashes and will not be shown again:\n');
      if (adminToken) io.stdout.write(`  admin token  ${adminToken}\n`);
      if (writeKey) io.stdout.write(`  write key    ${writeKey}\n`);
      if (firstAdmin) io.stdout.write(`  dashboard    ${firstAdmin.user.email} / ${firstAdmin.password}  (admin; change it with \`leadpulse users reset-password\`)\n`);
    }
    if (site) io.stdout.write(`\nDemo website: ${site.url}  (accept the cookie banner, then watch the panel at the top right)\n`);
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
    await stopSite?.();
    await server.stop();
  }
  return EXIT.ok;
}
