import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReportRepository } from '../app/ports.js';

/** The heavy report reads: they aggregate over every contact of a period. */
export const REPORT_READS = ['reportFacts', 'tunnelInputs', 'channelCounts', 'blockingInputs', 'doctrineCheckInputs', 'stageMoves', 'campaignStats', 'campaignOutcomes', 'segmentChannelCounts'] as const;
export type ReportReads = Pick<ReportRepository, (typeof REPORT_READS)[number]>;

type Answer = { id: number; value?: unknown; error?: string };

/** The compiled worker; tests run from sources, where the build next to them has it (the test setup builds it). */
function workerFile(): string {
  const beside = fileURLToPath(new URL('./report-worker.js', import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL('../../dist/storage/report-worker.js', import.meta.url));
}

/**
 * Runs the report reads of an SQLite file in a worker thread, started on the first report and stopped by `close`.
 * Each call is one message; a worker that dies fails the calls in flight and is started again by the next one.
 */
export function createReportReader(file: string): { reads: ReportReads; close(): Promise<void> } {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  const start = () => {
    const started = new Worker(workerFile(), { workerData: { file } });
    // Idle, it must not keep the process alive; `close` ends it.
    started.unref();
    started.on('message', ({ id, value, error }: Answer) => {
      const call = pending.get(id);
      pending.delete(id);
      if (error !== undefined) call?.reject(new Error(`report query failed: ${error}`));
      else call?.resolve(value);
    });
    const fail = (error: Error) => {
      if (worker === started) worker = null;
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`the report worker stopped (exit code ${code})`)));
    return started;
  };

  const call = (method: string) => (...args: unknown[]) =>
    new Promise((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args });
    });

  const reads = Object.fromEntries(REPORT_READS.map((method) => [method, call(method)])) as unknown as ReportReads;
  return {
    reads,
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}
