import { parentPort, workerData } from 'node:worker_threads';
import { Kysely } from 'kysely';
import { createSqliteReadDialect } from './dialects/sqlite.js';
import { createReportStore } from './report-store.js';
import type { Database as Schema } from './schema.js';

/**
 * The report reads on their own read-only SQLite connection, in a worker thread: better-sqlite3 blocks while a
 * query runs, and a report over a million contacts must not hold up ingestion on the main thread. WAL mode lets
 * this reader see every committed write without blocking the writer.
 */
const dialect = createSqliteReadDialect((workerData as { file: string }).file);
const reads = createReportStore(new Kysely<Schema>({ dialect: dialect.kysely }), dialect) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

parentPort!.on('message', (message: { id: number; method: string; args: unknown[] }) => {
  const method = reads[message.method];
  const answer = method ? method(...message.args) : Promise.reject(new Error(`No report read named ${message.method}.`));
  answer.then(
    (value) => parentPort!.postMessage({ id: message.id, value }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
