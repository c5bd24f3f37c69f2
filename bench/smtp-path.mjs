import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { createCouriers } from '../packages/server/dist/messaging/create-couriers.js';
import { createLogger } from '../packages/server/dist/log/create-logger.js';
import { renderEmail, sampleTemplateContext } from '../packages/server/dist/messaging/render-template.js';
import { activate, BENCH_TEMPLATE, emailScenario, manualClock, openFollowUps, seedQueuedSends } from './lib/follow-ups.mjs';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

/**
 * The SMTP path: `messages` queued sends drained by LeadPulse's outbox (claim, render, nodemailer pool of 5, one
 * message at a time past the hand-over gate, record each outcome) into the test relay in another process, against a
 * bare nodemailer pool of 5 sending the same rendered messages to the same relay. A ratio near 1 means the relay sets
 * the pace, not LeadPulse. `relayDelayMs` delays each of the relay's answers (a relay that syncs its queue to disk).
 */
export async function benchSmtpPath({ messages, relayDelayMs = 0, pipeline = 1 }) {
  const relay = await startRelay(relayDelayMs);
  try {
    const ours = await leadpulse(messages, relay, pipeline);
    await relay.ask('reset');
    const peer = await barePool(ours.sample, messages, relay);
    return { messages, relayDelayMs, pipeline, ours, peer: { seconds: peer.seconds, perSecond: peer.perSecond, received: peer.received }, ratio: ours.perSecond / peer.perSecond };
  } finally {
    relay.stop();
  }
}

async function startRelay(delayMs) {
  const child = fork(new URL('./lib/smtp-relay.mjs', import.meta.url), { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, RELAY_DELAY_MS: String(delayMs) } });
  const url = await new Promise((resolve) => child.once('message', (m) => resolve(m.url)));
  const ask = (message) =>
    new Promise((resolve) => {
      if (message !== 'count') return resolve(child.send(message));
      child.once('message', resolve);
      child.send(message);
    });
  return { url, ask, stop: () => child.send('stop') };
}

async function leadpulse(messages, relay, pipeline) {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-bench-smtp-'));
  const at = { value: T0 };
  // The relay is local and fast: a send rate above what it can take, so that the pool is the only limit.
  const couriers = await createCouriers({ smtpUrl: relay.url, emailFrom: 'LeadPulse <team@example.com>', sendRate: 10_000, sendPipeline: pipeline, secret: 'bench-secret-0123456789', dataDir, logger: createLogger('silent') });
  const lp = await openFollowUps({ dataDir, clock: manualClock(at), couriers });
  const scenario = await activate(lp.followUps, emailScenario('bench-smtp'));
  // The sends as their step decided them (the throughput benchmark times the deciding): the drain alone is timed.
  seedQueuedSends(dataDir, scenario, { to: messages, now: T0 });
  const started = performance.now();
  let delivered = 0;
  for (let n = 1; n > 0; ) delivered += n = await lp.followUps.outbox.drain({ limit: 100 });
  const seconds = (performance.now() - started) / 1000;
  const { received } = await relay.ask('count');
  const sample = (await lp.store.sends.list({ status: 'sent', limit: 1 })).sends[0];
  await lp.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { delivered, received, seconds, perSecond: delivered / seconds, sample: { subject: sample?.subject ?? 'News', to: sample?.recipient ?? 'c0@example.com' } };
}

async function barePool(sample, messages, relay) {
  const transport = createTransport({ url: relay.url, pool: true, maxConnections: 5 });
  // The same message as LeadPulse sends: the template rendered through MJML, with its plain-text part.
  const rendered = await renderEmail({ subject: BENCH_TEMPLATE.subject, body: BENCH_TEMPLATE.body }, sampleTemplateContext('en'));
  if (!rendered.ok) throw new Error('the bench template does not render');
  const { html, text } = rendered.value;
  const started = performance.now();
  for (let first = 0; first < messages; first += 100) {
    const batch = [];
    for (let i = first; i < Math.min(messages, first + 100); i++) {
      batch.push(transport.sendMail({ messageId: `<peer-${i}@bench.local>`, from: 'LeadPulse <team@example.com>', to: `c${i}@example.com`, subject: sample.subject, html, text }));
    }
    await Promise.all(batch);
  }
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  const { received } = await relay.ask('count');
  return { seconds, perSecond: messages / seconds, received };
}
