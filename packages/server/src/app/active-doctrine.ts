import { compileDoctrine, type CompiledDoctrine, type ContactState, type EpochMs } from '@leadpulse/core';
import type { DoctrineVersion } from './ports.js';
import type { Predictor } from './predict/predictor.js';

/** The doctrine every evaluation uses, compiled once per version. */
export interface ActiveDoctrine {
  readonly version: number;
  readonly compiled: CompiledDoctrine;
  readonly record: DoctrineVersion;
  /** The published predictive model, which every evaluation also asks (null until one is trained). */
  readonly predictor: Predictor | null;
}

export function activateDoctrine(record: DoctrineVersion, predictor: Predictor | null = null): ActiveDoctrine {
  // `predicted` conditions read the model without the stage: the stage is what they decide (a doctrine that reads the
  // model is trained without stage columns, collect-training-data.ts).
  const bindings = predictor ? { predict: (state: ContactState, now: EpochMs) => predictor.probability(state, now, null) } : {};
  return { version: record.version, compiled: compileDoctrine(record.doctrine, bindings), record, predictor };
}
