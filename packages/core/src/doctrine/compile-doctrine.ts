import type { Classification, Reason } from '../classification/classification.js';
import type { ContactState, FoldParams } from '../fold/contact-state.js';
import { compilePointRules, scoreContact } from '../scoring/score-contact.js';
import { parseDuration } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import { compileCondition, type EvalContext } from './compile-condition.js';
import type { Condition, Doctrine, StageKey, StageLabels, Temperature } from './doctrine.js';

export interface CompiledDoctrine {
  readonly doctrine: Doctrine;
  readonly foldParams: FoldParams;
  /** Stage keys in precedence order, the fallback last. */
  readonly stageKeys: readonly StageKey[];
  labelsOf(key: StageKey): StageLabels | null;
  temperatureOf(key: StageKey): Temperature | null;
  /** The stage, score, reasons and next change instant of a folded contact at `now`. */
  classify(state: ContactState, now: EpochMs): Classification;
  /** Only the stage decision and its next change instant: no reasons, and the score only if a rule reads it. */
  stageOf(state: ContactState, now: EpochMs): { stage: StageKey; nextChangeAt: EpochMs | null };
}

const MIN_RETENTION = 400 * 24 * 3_600_000;

const ms = (text: string): number => {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`invalid duration "${text}" in a doctrine that should have been validated`);
  return parsed.value;
};

function longestWindow(condition: Condition): number {
  if ('all' in condition) return Math.max(0, ...condition.all.map(longestWindow));
  if ('any' in condition) return Math.max(0, ...condition.any.map(longestWindow));
  if ('not' in condition) return longestWindow(condition.not);
  if ('within' in condition && condition.within) return ms(condition.within);
  return 0;
}

/**
 * Compiles a validated doctrine into closures, once per version. Example:
 * `compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']).classify(state, now).stage === 'hot'`.
 */
export function compileDoctrine(doctrine: Doctrine): CompiledDoctrine {
  const stages = doctrine.stages.map((stage) => ({ key: stage.key, condition: compileCondition(stage.when) }));
  const pointRules = compilePointRules(doctrine.points.rules);
  const halfLifeMs = doctrine.points.halfLife === 'none' ? null : ms(doctrine.points.halfLife);
  const cartAbandonAfterMs = ms(doctrine.cartAbandonAfter);
  const labels = new Map<StageKey, StageLabels>([...doctrine.stages.map((s) => [s.key, s.labels] as const), [doctrine.fallback.key, doctrine.fallback.labels]]);
  const temperatures = new Map<StageKey, Temperature>(doctrine.stages.flatMap((s) => (s.temperature ? [[s.key, s.temperature] as const] : [])));
  const foldParams: FoldParams = {
    offerPages: doctrine.offerPages,
    microConversions: doctrine.microConversions,
    cartAbandonAfterMs,
    sessionGapMs: ms(doctrine.sessionGap),
    retentionMs: Math.max(MIN_RETENTION, ...doctrine.stages.map((s) => longestWindow(s.when))),
    stageAt: (state, at) => stageOf(state, at).stage,
  };

  function classify(state: ContactState, now: EpochMs): Classification {
    let scored: ReturnType<typeof scoreContact> | null = null;
    const score = () => (scored ??= scoreContact(state, pointRules, halfLifeMs, now)).score;
    const ctx: EvalContext = { state, now, cartAbandonAfterMs, score, scoreHalfLifeMs: halfLifeMs, next: Number.POSITIVE_INFINITY };
    let stage: StageKey = doctrine.fallback.key;
    let reasons: Reason[] = [];
    for (const candidate of stages) {
      if (!candidate.condition.test(ctx)) continue;
      stage = candidate.key;
      // Explaining re-reads the winning stage's leaves; it must not move ctx.next, so give it a scratch copy.
      reasons = [{ stage, conditions: candidate.condition.explain({ ...ctx, next: Number.POSITIVE_INFINITY }) }];
      break;
    }
    scored ??= scoreContact(state, pointRules, halfLifeMs, now);
    return { stage, score: scored.score, reasons, scoreLines: scored.lines, nextChangeAt: ctx.next === Number.POSITIVE_INFINITY ? null : ctx.next };
  }

  function stageOf(state: ContactState, now: EpochMs): { stage: StageKey; nextChangeAt: EpochMs | null } {
    let scored: number | null = null;
    const score = () => (scored ??= scoreContact(state, pointRules, halfLifeMs, now).score);
    const ctx: EvalContext = { state, now, cartAbandonAfterMs, score, scoreHalfLifeMs: halfLifeMs, next: Number.POSITIVE_INFINITY };
    let stage: StageKey = doctrine.fallback.key;
    for (const candidate of stages) {
      if (candidate.condition.test(ctx)) {
        stage = candidate.key;
        break;
      }
    }
    return { stage, nextChangeAt: ctx.next === Number.POSITIVE_INFINITY ? null : ctx.next };
  }

  return {
    doctrine,
    foldParams,
    stageOf,
    stageKeys: [...doctrine.stages.map((s) => s.key), doctrine.fallback.key],
    labelsOf: (key) => labels.get(key) ?? null,
    temperatureOf: (key) => temperatures.get(key) ?? null,
    classify,
  };
}
