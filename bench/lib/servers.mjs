// Starts LeadPulse (from the built dist) on SQLite or PostgreSQL for a benchmark, and cleans up after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildServer } from '../../packages/server/dist/main.js';

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const WRITE_KEY = 'lpw_bench_write_key_0123456789';
export const ADMIN_TOKEN = 'lpa_bench_admin_token_0123456789';

/** A fresh PostgreSQL database for one run (dropped by cleanup). */
export async function freshPgDatabase(name) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function startLeadPulse(engine, options = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-bench-'));
  const database = engine === 'postgres' ? await freshPgDatabase(`leadpulse_bench_${process.pid}`) : null;
  const config = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: database?.url,
    writeKey: WRITE_KEY,
    adminToken: ADMIN_TOKEN,
    role: 'api',
    trustProxy: false,
    logLevel: 'silent',
    schedulerIntervalMs: 1000,
    ingestBatchMax: options.batchMax ?? 2000,
    ingestFlushMs: options.flushMs ?? 2,
  };
  const server = await buildServer(config);
  const { url } = await server.start();
  return {
    url,
    server,
    config,
    async stop() {
      await server.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
