import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createReportStore } from './report-store.js';
import type { Database as Schema } from './schema.js';

/**
 * The report reads on their own read-only SQLite connection, in a worker thread: better-sqlite3 blocks while a
 * query runs, and a report over a million contacts must not hold up ingestion on the main thread. WAL mode lets
 * this reader see every committed write without blocking the writer.
 */
const database = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
database.pragma('busy_timeout = 5000');
database.pragma('cache_size = -65536');
const reads = createReportStore(new Kysely<Schema>({ dialect: new SqliteDialect({ database }) }), 'sqlite') as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;

parentPort!.on('message', (message: { id: number; method: string; args: unknown[] }) => {
  const method = reads[message.method];
  const answer = method ? method(...message.args) : Promise.reject(new Error(`No report read named ${message.method}.`));
  answer.then(
    (value) => parentPort!.postMessage({ id: message.id, value }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
