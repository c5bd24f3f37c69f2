// A load generator in its own process: it posts batches of Segment events over keep-alive connections.
// Mode "max": as fast as `concurrency` in-flight requests allow. Mode "rate": a fixed number of events per second.
// With `urls`, requests go to each in turn (a client-side round robin over several LeadPulse processes).
import http from 'node:http';
import { generateDemoEvents } from '../../packages/server/dist/demo/generate-demo.js';

const options = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
const auth = `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`;
const targets = (options.urls ?? [options.url]).map((url) => new URL(url));
let turn = 0;

// Events are generated before the clock starts, so only the server's work is measured.
const events = [...generateDemoEvents({ now: new Date(), visitors: options.visitors, seed: options.seed })];
const bodies = [];
for (let i = 0; i < events.length; i += options.batchSize) bodies.push(JSON.stringify({ batch: events.slice(i, i + options.batchSize) }));

function post(body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const target = targets[turn++ % targets.length];
    const request = http.request(
      { host: target.hostname, port: target.port, path: options.path ?? '/v1/batch', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: auth, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${response.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`))));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const latencies = [];
let next = 0;
let failures = 0;
/** The first few failures' reasons, so that a report says why, not only how many. */
const errors = [];
const failed = (error) => {
  failures++;
  if (errors.length < 5) errors.push(error.message);
};
const started = performance.now();
if (options.mode === 'rate') {
  const intervalMs = (options.batchSize / options.eventsPerSecond) * 1000;
  const deadline = started + options.seconds * 1000;
  const inflight = [];
  for (let due = started; due < deadline && next < bodies.length; due += intervalMs) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(post(bodies[next++]).then((ms) => latencies.push(ms), failed));
  }
  await Promise.all(inflight);
} else {
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        try {
          latencies.push(await post(body));
        } catch (error) {
          failed(error);
        }
      }
    }),
  );
}
const ms = performance.now() - started;
const sent = Math.min(next * options.batchSize, events.length);
process.send({ events: sent, ms, failures, errors, latencies });
agent.destroy();
