// A real LeadPulse from the built dist, run by e2e/outbox-crash.test.ts in a process it kills with SIGKILL.
// The whole server runs (HTTP ingestion, the scheduler, the outbox over SMTP); only the clock is shifted, and only on
// a restart: FAULT_CLOCK_OFFSET_MS puts each new process after the send lease of the one killed before it, as a real
// restart that came back a lease later would be, so the test does not sit through the leases in real time.
import { buildServer } from '../../packages/server/dist/main.js';
import { createStore } from '../../packages/server/dist/storage/create-store.js';
import { createLogger } from '../../packages/server/dist/log/create-logger.js';

const env = process.env;
const offset = Number(env.FAULT_CLOCK_OFFSET_MS ?? 0);
const clock = { now: () => new Date(Date.now() + offset) };
const logger = createLogger(env.LOG_LEVEL ?? 'silent');

const FAULT_SCENARIO = {
  key: 'fault-probe',
  name: 'One email per probed contact',
  trigger: { type: 'event', event: 'Fault Probe' },
  // The wait makes the email a decision of the scheduler's claim (advanceDueEnrolments), not only of the ingest commit.
  steps: [
    { id: 'wait', type: 'wait', duration: env.FAULT_WAIT ?? '2s' },
    { id: 'email', type: 'send_email', template: 'fault-probe' },
  ],
  exit: [],
  reentry: { policy: 'never' },
};
const FAULT_TEMPLATE = {
  key: 'fault-probe',
  locale: 'en',
  channel: 'email',
  name: 'Fault probe',
  subject: 'Probe for {{ contact.firstName }}',
  body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{ contact.firstName }}, this is probe {{ contact.traits.probe }}.</mj-text></mj-column></mj-section></mj-body></mjml>',
};

const store = await createStore({ databaseUrl: env.FAULT_DATABASE_URL || undefined, dataDir: env.FAULT_DATA_DIR, schema: env.FAULT_SCHEMA || undefined, logger });
const server = await buildServer(
  {
    port: 0,
    host: '127.0.0.1',
    dataDir: env.FAULT_DATA_DIR,
    databaseUrl: env.FAULT_DATABASE_URL || undefined,
    writeKey: env.FAULT_WRITE_KEY,
    adminToken: env.FAULT_ADMIN_TOKEN,
    role: 'all',
    trustProxy: false,
    logLevel: 'silent',
    schedulerIntervalMs: Number(env.LEADPULSE_SCHEDULER_INTERVAL_MS ?? 100),
    ingestBatchMax: 1000,
    ingestFlushMs: 2,
    smtpUrl: env.LEADPULSE_SMTP_URL,
    emailFrom: 'LeadPulse <team@example.com>',
    sendRate: Number(env.LEADPULSE_SEND_RATE ?? 1000),
  },
  { clock, logger, store },
);
if (env.FAULT_SETUP === '1') {
  const template = await server.app.templates.create(FAULT_TEMPLATE);
  if (!template.ok) throw new Error(`template: ${JSON.stringify(template.error)}`);
  const scenario = await server.app.scenarios.create(FAULT_SCENARIO, { activate: true });
  if (!scenario.ok) throw new Error(`scenario: ${JSON.stringify(scenario.error)}`);
}
const { url } = await server.start();
process.stdout.write(`${JSON.stringify({ ready: url })}\n`);
