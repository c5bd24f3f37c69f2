import http from 'node:http';
import { ADMIN_TOKEN, startLeadPulse, WRITE_KEY } from './lib/servers.mjs';
import { percentile, runLoad } from './lib/run-load.mjs';

const agent = new http.Agent({ keepAlive: true });
function request(url, { method = 'GET', body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method, agent, headers }, (res) => {
      let data = '';
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * At a fixed offered load (background traffic from another process), probes send a `Chat Started` for a
 * fresh visitor and time how long after the HTTP answer the admin API shows the contact as hot.
 */
export async function benchLatency({ eventsPerSecond, seconds }) {
  const lp = await startLeadPulse('sqlite');
  const background = runLoad({ url: lp.url, writeKey: WRITE_KEY, visitors: Math.ceil((eventsPerSecond * seconds) / 3.5), seed: 3, concurrency: 64, batchSize: 50, mode: 'rate', eventsPerSecond, seconds });
  const answerToStage = [];
  const probeRequest = [];
  const auth = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`;
  const deadline = performance.now() + seconds * 1000 - 500;
  for (let i = 0; performance.now() < deadline; i++) {
    const anonymousId = `probe-${i}`;
    const sent = performance.now();
    await request(`${lp.url}/v1/track`, { method: 'POST', body: JSON.stringify({ anonymousId, event: 'Chat Started' }), headers: { 'content-type': 'application/json', authorization: auth } });
    const answered = performance.now();
    probeRequest.push(answered - sent);
    for (;;) {
      const found = await request(`${lp.url}/api/v1/contacts/lookup?anonymousId=${anonymousId}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      if (found.status === 200 && JSON.parse(found.body).stage === 'hot') break;
    }
    answerToStage.push(performance.now() - answered);
    await new Promise((r) => setTimeout(r, 50));
  }
  const load = await background;
  await lp.stop();
  return {
    offered: eventsPerSecond,
    achieved: load.events / (load.ms / 1000),
    backgroundP50: percentile(load.latencies, 50),
    backgroundP99: percentile(load.latencies, 99),
    probes: answerToStage.length,
    requestP50: percentile(probeRequest, 50),
    requestP99: percentile(probeRequest, 99),
    stageP50: percentile(answerToStage, 50),
    stageP99: percentile(answerToStage, 99),
    eventToStageP99: percentile(probeRequest.map((r, i) => r + answerToStage[i]), 99),
  };
}
