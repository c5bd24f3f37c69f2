// The SMTP relay of the benchmarks, in a process of its own so it does not share LeadPulse's event loop: the tests'
// smtp-server (it parses every message it accepts, as a relay reads what it queues). RELAY_DELAY_MS delays each answer,
// as a relay that syncs its queue to disk or sits across a network. Tells its parent its URL, then how many messages it
// accepted whenever asked.
import { startSmtpTestServer } from '../../packages/server/dist/test-support/smtp-test-server.js';

const relay = await startSmtpTestServer({ kind: 'accept' }, { replyDelayMs: Number(process.env.RELAY_DELAY_MS ?? 0) });
process.send({ url: relay.url });
process.on('message', (message) => {
  if (message === 'count') process.send({ received: relay.received.length, distinct: new Set(relay.received.map((m) => m.messageId)).size });
  if (message === 'reset') relay.received.length = 0;
  if (message === 'stop') void relay.close().then(() => process.exit(0));
});
