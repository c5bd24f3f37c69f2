import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { processCpuSeconds, sampleBackends } from './lib/pg-backend-cpu.mjs';
import { percentile, runLoad } from './lib/run-load.mjs';
import { ADMIN_TOKEN, freshPgDatabase, WRITE_KEY } from './lib/servers.mjs';

const CLI = fileURLToPath(new URL('../packages/server/bin/leadpulse.mjs', import.meta.url));

/** `leadpulse serve --role api` as an operator starts it; resolves once it listens. */
async function startApi(databaseUrl) {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-scale-bench-'));
  const child = spawn(process.execPath, [CLI, 'serve', '--role', 'api', '--port', '0', '--host', '127.0.0.1', '--log-level', 'warn'], {
    env: { ...process.env, LEADPULSE_DATABASE_URL: databaseUrl, LEADPULSE_DATA_DIR: dataDir, LEADPULSE_WRITE_KEY: WRITE_KEY, LEADPULSE_ADMIN_TOKEN: ADMIN_TOKEN, LEADPULSE_SECRET: 'bench_secret_0123456789abcdef' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const running = /LeadPulse is running at (\S+)/.exec(line);
      if (running) resolve(running[1]);
      // Errors the processes log would explain failed requests: pass them on.
      else if (line.includes('"level":50')) process.stderr.write(`${line}\n`);
    });
    void exited.then(() => reject(new Error('leadpulse serve exited before it was ready')));
  });
  return {
    url,
    cpuSeconds: () => processCpuSeconds(child.pid) ?? 0,
    async stop() {
      child.kill('SIGTERM');
      // A process that does not stop within 10 s is killed: a benchmark never hangs on its clean-up.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * HTTP ingestion through 1, 2 and 3 `api` processes on one PostgreSQL database (docs/scale-out.md): the same demo
 * traffic and load generator as the ingestion benchmark, spread over the processes in turn. Besides events/s, the CPU
 * each side spends per thousand events (the LeadPulse processes, and the PostgreSQL backends that served them), which
 * is what sizing a deployment needs: on this machine every process shares the same two cores.
 */
export async function benchScaleOut({ visitors, processes = [1, 2, 3] }) {
  const runs = [];
  for (const count of processes) {
    const database = await freshPgDatabase(`leadpulse_scale_${process.pid}`);
    const apis = [];
    try {
      // Started one after the other, so that each run measures ingestion, not the start-up lock.
      for (let i = 0; i < count; i++) apis.push(await startApi(database.url));
      const cpuBefore = apis.map((api) => api.cpuSeconds());
      const backends = await sampleBackends(new URL(database.url).pathname.slice(1));
      const run = await runLoad({ urls: apis.map((api) => api.url), writeKey: WRITE_KEY, visitors, seed: 7, concurrency: 32, batchSize: 50, mode: 'max' });
      const databaseCpu = await backends.stop();
      const leadpulseCpu = apis.reduce((sum, api, i) => sum + api.cpuSeconds() - cpuBefore[i], 0);
      const thousands = run.events / 1000;
      runs.push({
        processes: count,
        events: run.events,
        eventsPerSecond: run.events / (run.ms / 1000),
        p99: percentile(run.latencies, 99),
        failures: run.failures,
        errors: run.errors,
        leadpulseCpuPerThousand: leadpulseCpu / thousands,
        databaseCpuPerThousand: databaseCpu / thousands,
      });
    } finally {
      for (const api of apis) await api.stop();
      await database.drop();
    }
  }
  return { visitors, runs };
}
