import { TALLY, type ContactState } from '../fold/contact-state.js';
import type { Tally } from '../fold/tally.js';
import { DAY } from '../shared/duration.js';
import type { EpochMs } from '../shared/ids.js';
import type { FeatureSpec } from './feature-spec.js';

/** A spec turned into lookups once, so that filling a row allocates nothing. */
interface FeaturePlan {
  readonly width: number;
  readonly windowsMs: Float64Array;
  /** The planned tallies by state key: a row walks the few tallies a contact has, not every planned one. */
  readonly tallies: ReadonlyMap<string, readonly TallyPlan[]>;
  /** The abandoned-carts tally, which also counts a cart left open past the delay; null when not planned. */
  readonly abandoned: TallyPlan | null;
  /** First column of the "other events" counts, or -1. */
  readonly otherColumn: number;
  readonly excluded: ReadonlySet<string>;
  readonly recencyColumn: number;
  readonly touches: readonly { readonly part: 'source' | 'medium'; readonly levels: ReadonlyMap<string, number>; readonly other: number }[];
  readonly traits: readonly TraitPlan[];
  readonly stages: ReadonlyMap<string, number>;
  readonly stageDaysColumn: number;
}

interface TallyPlan {
  readonly key: string;
  readonly sum: boolean;
  readonly column: number;
}

type TraitPlan =
  | { readonly kind: 'number'; readonly key: string; readonly column: number }
  | { readonly kind: 'category'; readonly key: string; readonly levels: ReadonlyMap<string, number>; readonly other: number };

const plans = new WeakMap<FeatureSpec, FeaturePlan>();

function planOf(spec: FeatureSpec): FeaturePlan {
  const cached = plans.get(spec);
  if (cached) return cached;
  let column = 0;
  const span = spec.windowsDays.length + 1;
  const tallies = new Map<string, TallyPlan[]>();
  let abandoned: TallyPlan | null = null;
  for (const tally of spec.tallies) {
    const planned = { key: tally.tally, sum: tally.measure === 'sum', column };
    column += span;
    tallies.set(planned.key, [...(tallies.get(planned.key) ?? []), planned]);
    if (planned.key === TALLY.abandonedCarts) abandoned ??= planned;
  }
  const otherColumn = spec.otherEvents ? column : -1;
  if (spec.otherEvents) column += span;
  const recencyColumn = column;
  column += 2;
  const touches = (['source', 'medium'] as const).flatMap((part) => {
    const levels = part === 'source' ? spec.sources : spec.mediums;
    if (levels.length === 0) return [];
    const first = column;
    const map = new Map(levels.map((level, i) => [level, first + i]));
    column += levels.length + 1;
    return [{ part, levels: map, other: first + levels.length }];
  });
  const traits = spec.traits.map((trait): TraitPlan => {
    if (trait.kind === 'number') return { kind: 'number', key: trait.key, column: column++ };
    const first = column;
    column += trait.levels.length + 1;
    return { kind: 'category', key: trait.key, levels: new Map(trait.levels.map((level, i) => [level, first + i])), other: first + trait.levels.length };
  });
  const firstStageColumn = column;
  const stages = new Map(spec.stages.map((stage, i) => [stage, firstStageColumn + i]));
  column += spec.stages.length;
  const stageDaysColumn = column++;
  if (column !== spec.features.length) throw new Error(`feature spec lists ${spec.features.length} columns but describes ${column}`);
  const plan: FeaturePlan = {
    width: column,
    windowsMs: Float64Array.from(spec.windowsDays, (days) => days * DAY),
    tallies,
    abandoned,
    otherColumn,
    excluded: new Set(spec.excludedTallies),
    recencyColumn,
    touches,
    traits,
    stages,
    stageDaysColumn,
  };
  plans.set(spec, plan);
  return plan;
}

/**
 * Adds a tally's occurrences at or before `at` to its window columns (window i in out[column + i], lifetime after
 * them), as viewTally reads windows: exact for recent occurrences, a day bucket while its whole day is inside.
 */
function addTally(tally: Tally, sum: boolean, at: EpochMs, windowsMs: Float64Array, out: Float64Array, column: number): void {
  const windows = windowsMs.length;
  const longest = windowsMs[windows - 1]!;
  out[column + windows]! += sum ? tally.sum : tally.n;
  // Indexed loops, not destructuring: this runs for every tally of every row.
  const days = tally.days;
  for (let i = days.length - 1; i >= 0; i--) {
    const bucket = days[i]!;
    const start = bucket[0] * DAY;
    if (start > at) continue;
    if (start <= at - longest) break;
    for (let w = 0; w < windows; w++) if (start > at - windowsMs[w]!) out[column + w]! += sum ? bucket[2] : bucket[1];
  }
  // At most RECENT_CAP occurrences, newest last: one pass from the newest serves every window (cheaper than bisecting
  // for each window's start, measured).
  const recent = tally.recent;
  for (let i = recent.length - 1; i >= 0; i--) {
    const occurrence = recent[i]!;
    const age = at - occurrence[0];
    if (age < 0) continue;
    if (age >= longest) break;
    const amount = sum ? occurrence[1] : 1;
    for (let w = 0; w < windows; w++) if (age < windowsMs[w]!) out[column + w]! += amount;
  }
}

function levelOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/**
 * Fills one feature row for `state` as it stands at `at`, in `out` from `offset`: the same function online and in
 * training, so the model sees the columns it learnt. NaN marks a missing value. Windows are read as the doctrine reads
 * them; `stage` is the contact's stage at `at` (null when unknown). Example:
 * `featuresInto(spec, state, now, 'warm', row)`.
 */
export function featuresInto(spec: FeatureSpec, state: ContactState, at: EpochMs, stage: string | null, out: Float64Array, offset = 0): void {
  const plan = planOf(spec);
  const windows = plan.windowsMs.length;
  out.fill(0, offset, offset + plan.width);
  for (const key in state.tallies) {
    const tally = state.tallies[key]!;
    if (tally.n === 0) continue;
    const planned = plan.tallies.get(key);
    if (planned !== undefined) for (const p of planned) addTally(tally, p.sum, at, plan.windowsMs, out, offset + p.column);
    // Event tallies only (`e:Name`), not the doctrine's filtered subsets of them (`e:Name?[…]`).
    if (plan.otherColumn < 0 || key.charCodeAt(0) !== 101 || key.charCodeAt(1) !== 58 || plan.excluded.has(key) || key.includes('?[')) continue;
    addTally(tally, false, at, plan.windowsMs, out, offset + plan.otherColumn);
  }
  // The doctrine counts an open cart left past the delay as abandoned before the next event folds it.
  const { abandoned } = plan;
  if (abandoned !== null && state.openCart && state.openCart.lastAt + spec.cartAbandonAfterMs <= at) {
    const age = at - (state.openCart.lastAt + spec.cartAbandonAfterMs);
    for (let w = 0; w < windows; w++) if (age < plan.windowsMs[w]!) out[offset + abandoned.column + w]! += 1;
    out[offset + abandoned.column + windows]! += 1;
  }
  out[offset + plan.recencyColumn] = state.lastSeenAt === null ? Number.NaN : Math.max(0, at - state.lastSeenAt) / DAY;
  out[offset + plan.recencyColumn + 1] = state.firstSeenAt === null ? Number.NaN : Math.max(0, at - state.firstSeenAt) / DAY;
  for (const touch of plan.touches) {
    const level = state.firstTouch === null ? null : touch.part === 'source' ? state.firstTouch.source : state.firstTouch.medium;
    if (level !== null) out[offset + (touch.levels.get(level) ?? touch.other)] = 1;
  }
  for (const trait of plan.traits) {
    const value = state.traits[trait.key];
    if (trait.kind === 'number') out[offset + trait.column] = numberOf(value);
    else {
      const level = levelOf(value);
      if (level !== null) out[offset + (trait.levels.get(level) ?? trait.other)] = 1;
    }
  }
  const stageColumn = stage === null ? undefined : plan.stages.get(stage);
  if (stageColumn !== undefined) out[offset + stageColumn] = 1;
  const reached = stage === null ? undefined : state.reached?.[stage];
  out[offset + plan.stageDaysColumn] = reached === undefined || reached > at ? Number.NaN : (at - reached) / DAY;
}

/** The number of columns a spec's rows have. */
export const featureWidth = (spec: FeatureSpec): number => planOf(spec).width;

/** One contact's feature row, allocated: for explanations and tests; scoring loops use featuresInto. */
export function featureVector(spec: FeatureSpec, state: ContactState, at: EpochMs, stage: string | null): Float64Array {
  const row = new Float64Array(featureWidth(spec));
  featuresInto(spec, state, at, stage, row);
  return row;
}
