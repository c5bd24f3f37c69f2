import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Dataset, PredictiveModel, Result, TrainOptions, TrainRefusal } from '@leadpulse/core';
import type { TrainingProgress } from './model-ports.js';
import type { TrainingWorkerData, TrainingWorkerMessage } from './training-worker.js';

/** The compiled worker beside this module; from the sources (tests), the built one in dist. */
function workerFile(): string {
  const beside = fileURLToPath(new URL('./training-worker.js', import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL('../../../dist/app/predict/training-worker.js', import.meta.url));
}

/** Trains in a worker thread (training-worker.ts); the dataset's buffers move to it, so the caller must not reuse them. */
export function trainInWorker(dataset: Dataset, options: Omit<TrainOptions, 'onProgress'>, onProgress?: (progress: TrainingProgress) => void): Promise<Result<{ model: PredictiveModel }, TrainRefusal>> {
  return new Promise((resolve, reject) => {
    const data: TrainingWorkerData = { dataset, options };
    const transfer = [dataset.x.buffer, dataset.y.buffer, dataset.at.buffer] as ArrayBuffer[];
    const worker = new Worker(workerFile(), { workerData: data, transferList: transfer });
    let settled = false;
    worker.on('message', (message: TrainingWorkerMessage) => {
      if (message.kind === 'progress') onProgress?.({ phase: message.phase, done: message.done, total: message.total });
      else {
        settled = true;
        resolve(message.result);
        void worker.terminate();
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The training worker stopped (exit code ${code}) before it answered.`));
    });
  });
}
