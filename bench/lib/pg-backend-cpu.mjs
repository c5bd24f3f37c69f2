import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PG_ADMIN_URL } from './servers.mjs';

export const CLOCK_TICKS = 100; // USER_HZ: /proc's CPU times are in 1/100 s on Linux.

/** CPU seconds a process has used so far (user + system, all threads), or null once it has exited. */
export function processCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
  } catch {
    return null;
  }
}

/**
 * CPU time of the PostgreSQL backends connected to `database` while sampled, read from /proc every 20 ms until stopped:
 * a backend already connected at the start counts from its time then (what it did before, such as a migration,
 * is not the measured work's), one that connects later from zero.
 */
export async function sampleBackends(database) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  const backendsNow = async () => (await client.query('select pid from pg_stat_activity where datname = $1', [database])).rows.map((r) => r.pid);
  const baseline = new Map((await backendsNow()).map((pid) => [pid, processCpuSeconds(pid) ?? 0]));
  const latest = new Map();
  let running = true;
  const loop = (async () => {
    let pids = [];
    for (let i = 0; running; i++) {
      if (i % 5 === 0) pids = await backendsNow();
      for (const pid of pids) {
        const seconds = processCpuSeconds(pid);
        if (seconds !== null) latest.set(pid, Math.max(latest.get(pid) ?? 0, seconds));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return [...latest].reduce((sum, [pid, seconds]) => sum + seconds - (baseline.get(pid) ?? 0), 0);
    },
  };
}
