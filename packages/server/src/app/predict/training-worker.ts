import { parentPort, workerData } from 'node:worker_threads';
import { trainModel, type Dataset, type TrainOptions } from '@leadpulse/core';

/**
 * The worker thread that trains (train-in-worker.ts starts it): fitting takes seconds to minutes of CPU, which must not
 * hold the event loop that answers HTTP and ingests events. It receives the dataset's arrays (transferred, not
 * copied), posts progress, then the result.
 */
export type TrainingWorkerData = { readonly dataset: Dataset; readonly options: Omit<TrainOptions, 'onProgress'> };
export type TrainingWorkerMessage =
  | { readonly kind: 'progress'; readonly phase: string; readonly done: number; readonly total: number }
  | { readonly kind: 'result'; readonly result: ReturnType<typeof trainModel> };

const { dataset, options } = workerData as TrainingWorkerData;
const post = (message: TrainingWorkerMessage) => parentPort!.postMessage(message);
let last = 0;
const result = trainModel(dataset, {
  ...options,
  onProgress: (done, total, phase) => {
    const now = Date.now();
    if (now - last < 250 && done < total) return;
    last = now;
    post({ kind: 'progress', phase, done, total });
  },
});
post({ kind: 'result', result });
