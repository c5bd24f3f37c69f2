import type { Condition, Doctrine, StageDefinition } from '../doctrine/doctrine.js';
import { validateDoctrine } from '../doctrine/validate-doctrine.js';
import { parseDuration } from '../shared/duration.js';

/** The edits the doctrine advisor tries (issue 17 part 5). */
export type AdviceKind = 'drop_condition' | 'move_condition' | 'threshold' | 'window';

/** A rule leaf: anything but all, any and not. */
export type LeafCondition = Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown }>;

/** One edited doctrine, with what was changed where. */
export interface AdviceCandidate {
  /** Stable and readable: `drop_condition:hot:2`, `threshold:hot:4:atLeast=5`, `window:warm:0:within=30d`. */
  readonly id: string;
  readonly kind: AdviceKind;
  /** The edited stage, as an index in precedence order: contacts in a stage above it cannot move. */
  readonly stageIndex: number;
  /** Where a moved condition goes (the next lower stage); null for the other kinds. */
  readonly targetIndex: number | null;
  /** The leaf as it stood, and its replacement for threshold and window edits. */
  readonly leaf: LeafCondition;
  readonly replacement: LeafCondition | null;
  /** The stage and position of the leaf: the advisor proposes at most one edit per leaf. */
  readonly leafKey: string;
  readonly doctrine: Doctrine;
}

export const DEFAULT_MAX_CANDIDATES = 80;

// Small ladders: one step each way from the current value, so each leaf yields a handful of candidates.
const COUNT_LADDER = [1, 2, 3, 5, 10, 20, 50, 100];
const SECONDS_LADDER = [30, 60, 120, 300, 600, 1800, 3600];
const MONEY_LADDER = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
const POINTS_LADDER = [5, 10, 20, 30, 50, 75, 100, 150, 200];
const WINDOW_LADDER = ['7d', '14d', '30d', '90d'];

type Path = readonly number[];

interface LeafSite {
  readonly path: Path;
  readonly leaf: LeafCondition;
  /** The leaf alone makes the stage (only `any` above it): it can move to another stage as it is. */
  readonly alone: boolean;
}

function durationMs(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`invalid duration "${text}" in a doctrine that should have been validated`);
  return parsed.value;
}

/** Leaves of a stage rule, with their path through all/any; leaves under `not` are left alone (inverted meaning). */
function leavesOf(condition: Condition, path: Path = [], alone = true): LeafSite[] {
  if ('all' in condition) return condition.all.flatMap((part, i) => leavesOf(part, [...path, i], false));
  if ('any' in condition) return condition.any.flatMap((part, i) => leavesOf(part, [...path, i], alone));
  if ('not' in condition) return [];
  return [{ path, leaf: condition, alone }];
}

/** The condition without the leaf at `path`; a combinator left with one part becomes that part; null when nothing is left. */
function withoutLeaf(condition: Condition, path: Path): Condition | null {
  if (path.length === 0) return null;
  const [head, ...rest] = path;
  const key = 'all' in condition ? 'all' : 'any' in condition ? 'any' : null;
  if (key === null) throw new Error('a leaf path runs only through all and any');
  const parts = (key === 'all' ? (condition as { all: readonly Condition[] }).all : (condition as { any: readonly Condition[] }).any)
    .map((part, i) => (i === head ? withoutLeaf(part, rest) : part))
    .filter((part): part is Condition => part !== null);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return key === 'all' ? { all: parts } : { any: parts };
}

function withLeaf(condition: Condition, path: Path, leaf: LeafCondition): Condition {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if ('all' in condition) return { all: condition.all.map((part, i) => (i === head ? withLeaf(part, rest, leaf) : part)) };
  if ('any' in condition) return { any: condition.any.map((part, i) => (i === head ? withLeaf(part, rest, leaf) : part)) };
  throw new Error('a leaf path runs only through all and any');
}

const orWith = (condition: Condition, leaf: LeafCondition): Condition => ('any' in condition ? { any: [...condition.any, leaf] } : { any: [condition, leaf] });

function withStages(doctrine: Doctrine, edits: ReadonlyMap<number, Condition>): Doctrine {
  return { ...doctrine, stages: doctrine.stages.map((stage, i): StageDefinition => (edits.has(i) ? { ...stage, when: edits.get(i)! } : stage)) };
}

/** The ladder value one step below and one step above `current` (which need not be on the ladder). */
function neighbours(ladder: readonly number[], current: number): number[] {
  const below = ladder.filter((v) => v < current).at(-1);
  const above = ladder.find((v) => v > current);
  return [below, above].filter((v): v is number => v !== undefined);
}

function thresholdLadder(leaf: LeafCondition): readonly number[] | null {
  if ('score' in leaf) return leaf.score.atMost === undefined && leaf.score.atLeast !== undefined ? POINTS_LADDER : null;
  if (!('signal' in leaf) && !('event' in leaf)) return null;
  if (leaf.atMost !== undefined) return null;
  if ('signal' in leaf && leaf.signal === 'engagedSeconds') return SECONDS_LADDER;
  if ('signal' in leaf && leaf.signal === 'revenue') return MONEY_LADDER;
  return COUNT_LADDER;
}

function thresholdEdits(leaf: LeafCondition): { value: number; replacement: LeafCondition }[] {
  const ladder = thresholdLadder(leaf);
  if (!ladder) return [];
  if ('score' in leaf) return neighbours(ladder, leaf.score.atLeast!).map((value) => ({ value, replacement: { score: { ...leaf.score, atLeast: value } } }));
  if (!('signal' in leaf) && !('event' in leaf)) return [];
  return neighbours(ladder, leaf.atLeast ?? 1).map((value) => ({ value, replacement: { ...leaf, atLeast: value } as LeafCondition }));
}

function windowEdits(leaf: LeafCondition): { within: string; replacement: LeafCondition }[] {
  if (!('signal' in leaf) && !('event' in leaf)) return [];
  if (leaf.within === undefined) return [];
  const textOf = new Map(WINDOW_LADDER.map((text) => [durationMs(text), text]));
  return neighbours([...textOf.keys()], durationMs(leaf.within)).map((ms) => {
    const within = textOf.get(ms)!;
    return { within, replacement: { ...leaf, within } as LeafCondition };
  });
}

/**
 * The edits worth trying on a doctrine, structural ones first (drop, move), then thresholds and windows, at most
 * `maxCandidates`; each edited doctrine is valid. A client stage is left alone: buying is the outcome being predicted.
 * Example: `adviceCandidates(DOCTRINE_PRESETS['suspect-prospect-lead'])[0].id === 'drop_condition:hot:0'`.
 */
export function adviceCandidates(doctrine: Doctrine, options: { maxCandidates?: number } = {}): AdviceCandidate[] {
  const structural: AdviceCandidate[] = [];
  const tuning: AdviceCandidate[] = [];
  const windows: AdviceCandidate[] = [];
  doctrine.stages.forEach((stage, stageIndex) => {
    if (stage.temperature === 'client') return;
    for (const { path, leaf, alone } of leavesOf(stage.when)) {
      const leafKey = `${stage.key}:${path.join('.') || 'rule'}`;
      const base = { stageIndex, leaf, leafKey };
      const dropped = withoutLeaf(stage.when, path);
      if (dropped !== null) {
        structural.push({ ...base, id: `drop_condition:${leafKey}`, kind: 'drop_condition', targetIndex: null, replacement: null, doctrine: withStages(doctrine, new Map([[stageIndex, dropped]])) });
        const target = doctrine.stages[stageIndex + 1];
        if (alone && target) {
          const edits = new Map([[stageIndex, dropped], [stageIndex + 1, orWith(target.when, leaf)]]);
          structural.push({ ...base, id: `move_condition:${leafKey}`, kind: 'move_condition', targetIndex: stageIndex + 1, replacement: null, doctrine: withStages(doctrine, edits) });
        }
      }
      for (const { value, replacement } of thresholdEdits(leaf)) {
        tuning.push({ ...base, id: `threshold:${leafKey}:atLeast=${value}`, kind: 'threshold', targetIndex: null, replacement, doctrine: withStages(doctrine, new Map([[stageIndex, withLeaf(stage.when, path, replacement)]])) });
      }
      for (const { within, replacement } of windowEdits(leaf)) {
        windows.push({ ...base, id: `window:${leafKey}:within=${within}`, kind: 'window', targetIndex: null, replacement, doctrine: withStages(doctrine, new Map([[stageIndex, withLeaf(stage.when, path, replacement)]])) });
      }
    }
  });
  return [...structural, ...tuning, ...windows].filter((candidate) => validateDoctrine(candidate.doctrine).ok).slice(0, options.maxCandidates ?? DEFAULT_MAX_CANDIDATES);
}
