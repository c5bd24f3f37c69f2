import { startPeer } from './peer-bare-fastify.mjs';
import { startLeadPulse, WRITE_KEY } from './lib/servers.mjs';
import { percentile, runLoad } from './lib/run-load.mjs';

const load = (url, visitors) => ({ url, writeKey: WRITE_KEY, visitors, seed: 7, concurrency: 32, batchSize: 50, mode: 'max' });

/** Events per second over HTTP, batches of 50 on /v1/batch, durable and classified when answered. */
export async function benchIngestHttp({ visitors }) {
  const results = {};
  const peer = await startPeer();
  const peerRun = await runLoad(load(peer.url, visitors));
  results.peer = { eventsPerSecond: peerRun.events / (peerRun.ms / 1000), stored: peer.count(), p99: percentile(peerRun.latencies, 99), failures: peerRun.failures };
  await peer.stop();
  for (const engine of ['sqlite', 'postgres']) {
    const lp = await startLeadPulse(engine);
    const run = await runLoad(load(lp.url, visitors));
    const stored = await lp.server.store.events.count();
    const stages = await lp.server.app.stageCounts();
    results[engine] = { eventsPerSecond: run.events / (run.ms / 1000), events: run.events, stored, stages, p50: percentile(run.latencies, 50), p99: percentile(run.latencies, 99), failures: run.failures };
    await lp.stop();
  }
  return results;
}
