import type { EpochMs, PublishedModel } from '@leadpulse/core';

export type ModelRunStatus = 'training' | 'published' | 'refused' | 'failed' | 'retired';

export interface TrainingProgress {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

/** One training of the predictive score: running, then published, refused (with why) or failed. */
export interface ModelRun {
  readonly id: string;
  readonly status: ModelRunStatus;
  readonly horizonDays: number;
  readonly requestedAt: EpochMs;
  readonly finishedAt: EpochMs | null;
  readonly progress: TrainingProgress;
  readonly published: PublishedModel | null;
  /** A refusal (`{ code, message, … }`) or a failure's message. */
  readonly outcome: { readonly code: string; readonly message: string; readonly [detail: string]: unknown } | null;
}

export interface ModelRepository {
  start(run: { id: string; horizonDays: number; requestedAt: EpochMs }): Promise<void>;
  progress(id: string, progress: TrainingProgress): Promise<void>;
  /** Publishing retires the model published before, in the same transaction. */
  finish(id: string, result: { status: 'published'; published: PublishedModel; at: EpochMs } | { status: 'refused' | 'failed'; outcome: NonNullable<ModelRun['outcome']>; at: EpochMs }): Promise<void>;
  published(): Promise<ModelRun | null>;
  /** The newest runs first. */
  runs(limit: number): Promise<ModelRun[]>;
  /** Runs left 'training' by a process that stopped: marked failed, so that a new one may start. */
  failStale(before: EpochMs, at: EpochMs): Promise<number>;
}
