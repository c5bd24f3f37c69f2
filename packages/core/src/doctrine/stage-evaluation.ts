import type { ContactState } from '../fold/contact-state.js';
import type { Score } from '../scoring/score-contact.js';
import type { EpochMs } from '../shared/ids.js';
import type { EvalContext } from './compile-condition.js';

/** What an evaluation needs from its compiled doctrine version. */
export interface StageEvaluationRules {
  readonly cartAbandonAfterMs: number;
  readonly scoreHalfLifeMs: number | null;
  scoreAt(state: ContactState, now: EpochMs): Score;
  predictedAt(state: ContactState, now: EpochMs): number | null;
}

/**
 * One evaluation of one contact at one instant: the context every rule reads. The score and the model's probability
 * are computed at most once, and only when a rule or the caller asks; a score computed while the stage is decided
 * moves `next` when a threshold or trait point rule may flip. One object per evaluation, no closures: classification
 * runs for every event of every contact.
 */
export class StageEvaluation implements EvalContext {
  readonly state: ContactState;
  readonly now: EpochMs;
  readonly cartAbandonAfterMs: number;
  readonly scoreHalfLifeMs: number | null;
  next = Number.POSITIVE_INFINITY;
  private readonly rules: StageEvaluationRules;
  private scored: Score | null = null;
  private probability: number | null | undefined = undefined;

  constructor(state: ContactState, now: EpochMs, rules: StageEvaluationRules) {
    this.state = state;
    this.now = now;
    this.rules = rules;
    this.cartAbandonAfterMs = rules.cartAbandonAfterMs;
    this.scoreHalfLifeMs = rules.scoreHalfLifeMs;
  }

  score(): number {
    return this.scoreDetail().score;
  }

  scoreDetail(): Score {
    if (this.scored === null) {
      const scored = (this.scored = this.rules.scoreAt(this.state, this.now));
      if (scored.changesAt !== null && scored.changesAt > this.now && scored.changesAt < this.next) this.next = scored.changesAt;
    }
    return this.scored;
  }

  predicted(): number | null {
    if (this.probability === undefined) this.probability = this.rules.predictedAt(this.state, this.now);
    return this.probability;
  }
}
