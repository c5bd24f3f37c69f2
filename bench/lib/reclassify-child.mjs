// Runs `reclassify` in a process of its own so its time and peak memory are its own.
import { buildServer } from '../../packages/server/dist/main.js';

const { dataDir, databaseUrl } = JSON.parse(process.argv[2]);
const server = await buildServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl, role: 'api', trustProxy: false, logLevel: 'silent', schedulerIntervalMs: 1000, ingestBatchMax: 2000, ingestFlushMs: 2, writeKey: 'lpw_bench_write_key_0123456789', adminToken: 'lpa_bench_admin_token_0123456789' });
const started = performance.now();
const report = await server.app.reclassify({ dryRun: false });
const ms = performance.now() - started;
await server.stop();
process.send({ ms, contacts: report.contacts, events: report.events, changed: report.changed, maxRssMB: process.resourceUsage().maxRSS / 1024 });
