import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LeadPulseApp } from '../app/leadpulse-app.js';
import type { Store } from '../app/ports.js';
import { createLogger } from '../log/create-logger.js';
import { buildServer, type LeadPulseServer, type ServerConfig, type ServerOverrides } from '../main.js';
import { manualClock, type ManualClock } from './manual-clock.js';

export interface TestServer {
  /** Not listening: use `server.inject()`, or `server.listen({ port: 0 })` where a real socket is needed. */
  readonly server: FastifyInstance;
  readonly app: LeadPulseApp;
  readonly store: Store;
  readonly leadpulse: LeadPulseServer;
  readonly writeKey: string;
  readonly adminToken: string;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

export const TEST_WRITE_KEY = 'lpw_test_write_key_0123456789';
export const TEST_ADMIN_TOKEN = 'lpa_test_admin_token_0123456789';

/** A real server on a temporary SQLite store (or a given store) with a manual clock. No port is opened. */
export async function createTestServer(options: { now?: Date | number; store?: Store; config?: Partial<ServerConfig>; http?: ServerOverrides['http']; txtResolver?: ServerOverrides['txtResolver'] } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-test-'));
  const clock = manualClock(options.now ?? Date.UTC(2026, 10, 2, 9, 0, 0));
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    writeKey: TEST_WRITE_KEY,
    adminToken: TEST_ADMIN_TOKEN,
    role: 'api',
    trustProxy: false,
    logLevel: 'silent',
    schedulerIntervalMs: 1000,
    // Tests train the predictive score when they mean to, never on a timer.
    modelRetrainDays: 0,
    ingestBatchMax: 1000,
    ingestFlushMs: 0,
    ...options.config,
  };
  // Tests stay silent unless LOG_LEVEL asks otherwise.
  const logger = createLogger(process.env['LOG_LEVEL'] ?? 'silent');
  // DNS is an outside service: tests never ask the real one (the sending domain's check reads as offline).
  const txtResolver = options.txtResolver ?? { resolveTxt: async (name: string) => Promise.reject(Object.assign(new Error(`queryTxt ECONNREFUSED ${name}`), { code: 'ECONNREFUSED' })) };
  const leadpulse = await buildServer(config, { clock, logger, store: options.store, http: options.http, txtResolver });
  return {
    server: leadpulse.http,
    app: leadpulse.app,
    store: leadpulse.store,
    leadpulse,
    writeKey: TEST_WRITE_KEY,
    adminToken: TEST_ADMIN_TOKEN,
    clock,
    async close() {
      await leadpulse.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
