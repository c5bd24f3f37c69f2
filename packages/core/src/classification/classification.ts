import type { StageKey } from '../doctrine/doctrine.js';
import type { EpochMs, EventId } from '../shared/ids.js';

/** One condition that held, in words, with what was observed and the events that prove it. */
export interface ReasonCondition {
  /** Machine-readable form, e.g. `{ signal: 'offerViews', atLeast: 3, within: '30d' }`. */
  readonly condition: unknown;
  /** Human sentence in English, e.g. "3 or more offer-page views within 30d (observed 4)". */
  readonly text: string;
  readonly observed: number | string | boolean | null;
  readonly evidence: readonly EventId[];
}

export interface Reason {
  readonly stage: StageKey;
  readonly conditions: readonly ReasonCondition[];
}

export interface ScoreLine {
  readonly rule: string;
  readonly points: number;
}

/** The outcome of `CompiledDoctrine.classify`: a pure function of the folded state, the compiled doctrine and now. */
export interface Classification {
  readonly stage: StageKey;
  readonly score: number;
  /** The conditions that held for the stage reached (empty for the fallback). */
  readonly reasons: readonly Reason[];
  /** Points per rule after decay and caps. */
  readonly scoreLines: readonly ScoreLine[];
  /** The next instant at which the classification may change without a new event, or null. */
  readonly nextChangeAt: EpochMs | null;
}
