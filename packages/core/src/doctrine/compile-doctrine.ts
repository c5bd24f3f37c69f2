import type { Classification, Reason } from '../classification/classification.js';
import type { ContactState, FoldParams } from '../fold/contact-state.js';
import { eventFilterOf, filteredTallyKey, type EventFilter } from '../fold/event-filter.js';
import { compilePointRules, pointRuleTallies, scoreContact } from '../scoring/score-contact.js';
import { parseDuration } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import { compileCondition, type EvalContext } from './compile-condition.js';
import { StageEvaluation, type StageEvaluationRules } from './stage-evaluation.js';
import { generateStageDecision } from './generate-stage-decision.js';
import { tallyLayout } from './tally-layout.js';
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
  /** The published model's purchase probability for `predicted` conditions, or null without a model. */
  predicted(state: ContactState, now: EpochMs): number | null;
}

/** What compiling may bind: the published model, which `predicted` conditions read (docs/predictive-score.md). */
export interface DoctrineBindings {
  /** The probability that the contact, as folded at `now`, buys within the model's horizon. */
  readonly predict?: (state: ContactState, now: EpochMs) => number;
}

const MIN_RETENTION = 400 * 24 * 3_600_000;

const ms = (text: string): number => {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`invalid duration "${text}" in a doctrine that should have been validated`);
  return parsed.value;
};

/** Every property-filtered event count the doctrine reads, in its stages and its point rules. */
function eventFiltersOf(doctrine: Doctrine): EventFilter[] {
  const found = new Map<string, EventFilter>();
  const visit = (condition: Condition | null): void => {
    if (!condition) return;
    if ('all' in condition) condition.all.forEach(visit);
    else if ('any' in condition) condition.any.forEach(visit);
    else if ('not' in condition) visit(condition.not);
    else if ('event' in condition && condition.where) found.set(filteredTallyKey(condition.event, condition.where), eventFilterOf(condition.event, condition.where));
  };
  doctrine.stages.forEach((stage) => visit(stage.when));
  for (const rule of doctrine.points.rules) if (rule.event && rule.where) visit({ event: rule.event, where: rule.where });
  return [...found.values()];
}

function longestWindow(condition: Condition): number {
  if ('all' in condition) return Math.max(0, ...condition.all.map(longestWindow));
  if ('any' in condition) return Math.max(0, ...condition.any.map(longestWindow));
  if ('not' in condition) return longestWindow(condition.not);
  if ('within' in condition && condition.within) return ms(condition.within);
  return 0;
}

/** Whether a stage rule reads the predictive model (`predicted`): the model must then be trained without stage columns. */
export function readsPrediction(doctrine: Doctrine): boolean {
  const reads = (condition: Condition): boolean =>
    'all' in condition ? condition.all.some(reads) : 'any' in condition ? condition.any.some(reads) : 'not' in condition ? reads(condition.not) : 'predicted' in condition;
  return doctrine.stages.some((stage) => reads(stage.when));
}

/** The longest window any stage rule or point rule reads: data older than this is outside every window. */
export function longestDoctrineWindow(doctrine: Doctrine): number {
  return Math.max(0, ...doctrine.stages.map((s) => longestWindow(s.when)), ...doctrine.points.rules.map((rule) => (rule.within ? ms(rule.within) : 0)));
}

/**
 * Compiles a validated doctrine once per version: the stage decision to generated source, the explanations to closures.
 * Example:
 * `compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']).classify(state, now).stage === 'hot'`.
 */
export function compileDoctrine(doctrine: Doctrine, bindings: DoctrineBindings = {}): CompiledDoctrine {
  const stages = doctrine.stages.map((stage) => ({ key: stage.key, condition: compileCondition(stage.when) }));
  // The decision runs as generated code; the closures above explain the winner.
  const decideStage = generateStageDecision(doctrine.stages.map((stage) => stage.when));
  const pointLayout = tallyLayout(pointRuleTallies(doctrine.points.rules));
  const pointRules = compilePointRules(doctrine.points.rules, pointLayout);
  const pointWindows = doctrine.points.rules.map((rule) => (rule.within ? ms(rule.within) : 0));
  const halfLifeMs = doctrine.points.halfLife === 'none' ? null : ms(doctrine.points.halfLife);
  const cartAbandonAfterMs = ms(doctrine.cartAbandonAfter);
  const labels = new Map<StageKey, StageLabels>([...doctrine.stages.map((s) => [s.key, s.labels] as const), [doctrine.fallback.key, doctrine.fallback.labels]]);
  const temperatures = new Map<StageKey, Temperature>(doctrine.stages.flatMap((s) => (s.temperature ? [[s.key, s.temperature] as const] : [])));
  const foldParams: FoldParams = {
    offerPages: doctrine.offerPages,
    microConversions: doctrine.microConversions,
    eventFilters: eventFiltersOf(doctrine),
    cartAbandonAfterMs,
    sessionGapMs: ms(doctrine.sessionGap),
    retentionMs: Math.max(MIN_RETENTION, ...doctrine.stages.map((s) => longestWindow(s.when)), ...pointWindows),
    stageAt: (state, at) => stageOf(state, at).stage,
  };

  const { predict } = bindings;
  const predicted = (state: ContactState, now: EpochMs): number | null => (predict ? predict(state, now) : null);
  const rules: StageEvaluationRules = {
    cartAbandonAfterMs,
    scoreHalfLifeMs: halfLifeMs,
    scoreAt: (state, now) => scoreContact(state, pointRules, halfLifeMs, now, cartAbandonAfterMs, pointLayout.gather(state.tallies)),
    predictedAt: predicted,
  };
  const nextChangeOf = (ctx: EvalContext) => (ctx.next === Number.POSITIVE_INFINITY ? null : ctx.next);

  function classify(state: ContactState, now: EpochMs): Classification {
    const evaluation = new StageEvaluation(state, now, rules);
    const index = decideStage(evaluation);
    const winner = index < 0 ? null : stages[index]!;
    const stage = winner?.key ?? doctrine.fallback.key;
    // Taken before explaining and scoring: neither decided the stage, so neither may move it.
    const nextChangeAt = nextChangeOf(evaluation);
    evaluation.next = Number.POSITIVE_INFINITY;
    const reasons: Reason[] = winner ? [{ stage, conditions: winner.condition.explain(evaluation) }] : [];
    const { score, lines } = evaluation.scoreDetail();
    return { stage, score, reasons, scoreLines: lines, nextChangeAt };
  }

  function stageOf(state: ContactState, now: EpochMs): { stage: StageKey; nextChangeAt: EpochMs | null } {
    const evaluation = new StageEvaluation(state, now, rules);
    const index = decideStage(evaluation);
    return { stage: index < 0 ? doctrine.fallback.key : stages[index]!.key, nextChangeAt: nextChangeOf(evaluation) };
  }

  return {
    doctrine,
    foldParams,
    stageOf,
    predicted,
    stageKeys: [...doctrine.stages.map((s) => s.key), doctrine.fallback.key],
    labelsOf: (key) => labels.get(key) ?? null,
    temperatureOf: (key) => temperatures.get(key) ?? null,
    classify,
  };
}
