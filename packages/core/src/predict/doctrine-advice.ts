import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import type { Doctrine } from '../doctrine/doctrine.js';
import type { ContactState } from '../fold/contact-state.js';
import type { EpochMs } from '../shared/ids.js';
import { adviceCandidates, type AdviceCandidate, type AdviceKind } from './advice-candidates.js';
import { createCandidateClassifier, type CandidateClassifier } from './advice-reclassify.js';
import { stageConcordance, stageConversions, stageDisorders, type StageConversion } from './advice-ordering.js';
import { summarizeProposal } from './advice-summary.js';

export type { AdviceKind } from './advice-candidates.js';
export type { StageConversion } from './advice-ordering.js';

/** A contact at an instant, and whether it went on to buy. */
export interface AdviceSnapshot {
  readonly state: ContactState;
  readonly at: EpochMs;
  readonly converted: boolean;
}

/** One doctrine edit, with its conversion per stage measured on contacts it was not chosen on. */
export interface Proposal {
  readonly id: string;
  readonly kind: AdviceKind;
  readonly summary: { readonly en: string; readonly fr: string };
  /** The whole edited doctrine, valid: saved through the usual preview and save. */
  readonly doctrine: Doctrine;
  /** Conversion per stage, in precedence order, of the held-out contacts of the folds that chose this edit. */
  readonly before: readonly StageConversion[];
  readonly after: readonly StageConversion[];
  /** Contacts whose stage changes, over all snapshots. */
  readonly moved: number;
  /** Stage concordance (Somers' D, see stageConcordance) of `after` minus that of `before`: > 0 is better ordered. */
  readonly gain: number;
  /** How many of the folds chose this edit on their training part. */
  readonly folds: number;
  /** What is still out of order after the edit, in the doctrine check's words. */
  readonly disorders: readonly string[];
}

export interface DoctrineAdvice {
  /** The current doctrine's conversion per stage over all snapshots, in precedence order (the fallback last). */
  readonly before: readonly StageConversion[];
  readonly concordance: number | null;
  /** True when each warmer stage (of 30 contacts or more) converts at least as well as the next colder one. */
  readonly ordered: boolean;
  readonly disorders: readonly string[];
  /** Best first: chosen by more folds, then by gain net of the contacts moved. */
  readonly proposals: readonly Proposal[];
  /** How many edits were tried. */
  readonly candidates: number;
}

export interface AdviceInput {
  readonly doctrine: Doctrine;
  readonly snapshots: readonly AdviceSnapshot[];
  readonly folds?: number;
  readonly maxProposals?: number;
  readonly maxCandidates?: number;
}

/** Moving every contact costs this much concordance: an edit must earn the disruption it causes. */
export const MOVE_COST = 0.05;
const EPSILON = 1e-9;
// Ranks proposals by how many folds chose them before their gain (a gain is below 2).
const FOLD_WEIGHT = 10;

/** Per-fold counts of one doctrine's stages: index fold × stages + stage. */
interface FoldCounts {
  readonly contacts: Int32Array;
  readonly converted: Int32Array;
  /** Contacts whose stage differs from the current doctrine's, per fold. */
  readonly moved: Int32Array;
  readonly movers: { out: { contacts: number; converted: number }; in: { contacts: number; converted: number } };
}

/** Folds stratified by outcome, round-robin in input order: deterministic and balanced. */
function assignFolds(snapshots: readonly AdviceSnapshot[], folds: number): Uint32Array {
  const foldOf = new Uint32Array(snapshots.length);
  const seen = [0, 0];
  snapshots.forEach((snapshot, i) => {
    const outcome = snapshot.converted ? 1 : 0;
    foldOf[i] = seen[outcome]!++ % folds;
  });
  return foldOf;
}

/** Sums the given folds' counts into stage arrays; `exclude` sums every other fold instead. */
function sumFolds(counts: Pick<FoldCounts, 'contacts' | 'converted'>, folds: readonly number[], stages: number, total: number, exclude = false): { contacts: Float64Array; converted: Float64Array } {
  const contacts = new Float64Array(stages);
  const converted = new Float64Array(stages);
  for (let f = 0; f < total; f++) {
    if (folds.includes(f) === exclude) continue;
    for (let s = 0; s < stages; s++) {
      contacts[s]! += counts.contacts[f * stages + s]!;
      converted[s]! += counts.converted[f * stages + s]!;
    }
  }
  return { contacts, converted };
}

/**
 * Proposes doctrine edits that order stages by real conversion (issue 17 part 5). Each candidate edit
 * (advice-candidates.ts) reclassifies the snapshots; in each of `folds` folds the best edits are chosen on the other
 * folds, by stage concordance gained net of MOVE_COST × share of contacts moved, and measured on the held-out fold.
 * A proposal reports the pooled held-out folds that chose it; those whose held-out gain is not positive are dropped.
 * Example: `adviseDoctrine({ doctrine, snapshots }).proposals[0].summary.en`.
 */
export function adviseDoctrine(input: AdviceInput): DoctrineAdvice {
  const { doctrine, snapshots } = input;
  const maxProposals = input.maxProposals ?? 5;
  const base = compileDoctrine(doctrine);
  const stageKeys = base.stageKeys;
  const stages = stageKeys.length;
  const stageIndex = new Map(stageKeys.map((key, i) => [key, i]));
  const n = snapshots.length;
  const folds = Math.max(2, Math.min(input.folds ?? 5, n));
  const foldOf = assignFolds(snapshots, folds);

  const baseStage = new Uint16Array(n);
  const baseCounts = emptyCounts(folds, stages);
  snapshots.forEach((snapshot, i) => {
    const s = stageIndex.get(base.stageOf(snapshot.state, snapshot.at).stage)!;
    baseStage[i] = s;
    count(baseCounts, foldOf[i]! * stages + s, snapshot.converted);
  });
  const everything = sumFolds(baseCounts, [], stages, folds, true);
  const before = stageConversions(stageKeys, everything.contacts, everything.converted);
  const disorders = stageDisorders(before);
  const concordance = stageConcordance(everything.contacts, everything.converted);
  const candidates = adviceCandidates(doctrine, { maxCandidates: input.maxCandidates });
  const advice = { before, concordance, ordered: disorders.length === 0, disorders, candidates: candidates.length };
  if (concordance === null) return { ...advice, proposals: [] };

  const counted = candidates.map((candidate) => countCandidate(candidate, createCandidateClassifier(doctrine, candidate), { snapshots, foldOf, baseStage, stages, folds }));
  const signatures = counted.map((counts) => `${counts.contacts.join(',')}|${counts.converted.join(',')}`);

  const chosenBy = chooseInFolds({ counted, baseCounts, candidates, signatures, stages, folds, n, maxProposals });

  const measured = candidates.flatMap((candidate, j) => {
    const chosen = chosenBy[j]!;
    if (chosen.length === 0) return [];
    const heldBefore = sumFolds(baseCounts, chosen, stages, folds);
    const heldAfter = sumFolds(counted[j]!, chosen, stages, folds);
    const gain = (stageConcordance(heldAfter.contacts, heldAfter.converted) ?? 0) - (stageConcordance(heldBefore.contacts, heldBefore.converted) ?? 0);
    if (gain <= EPSILON) return [];
    const moved = movedOf(counted[j]!, null);
    return [{ j, candidate, chosen, heldBefore, heldAfter, gain, moved, value: FOLD_WEIGHT * chosen.length + gain - (MOVE_COST * moved) / n }];
  });
  const proposals = pickDistinct(measured.map(({ j, value }) => ({ j, value })), candidates, signatures, maxProposals).map((j): Proposal => {
    const { candidate, chosen, heldBefore, heldAfter, gain, moved } = measured.find((m) => m.j === j)!;
    const all = sumFolds(counted[j]!, [], stages, folds, true);
    const wholeAfter = stageConversions(stageKeys, all.contacts, all.converted);
    const after = stageConversions(stageKeys, heldAfter.contacts, heldAfter.converted);
    return {
      id: candidate.id,
      kind: candidate.kind,
      summary: summarizeProposal(candidate, doctrine, { before, after: wholeAfter, movers: counted[j]!.movers }),
      doctrine: candidate.doctrine,
      before: stageConversions(stageKeys, heldBefore.contacts, heldBefore.converted),
      after,
      moved,
      gain,
      folds: chosen.length,
      disorders: stageDisorders(after),
    };
  });
  return { ...advice, proposals };
}

const movedOf = (counts: FoldCounts, except: number | null) => counts.moved.reduce((sum, m, f) => (f === except ? sum : sum + m), 0);

interface FoldChoice {
  readonly counted: readonly FoldCounts[];
  readonly baseCounts: FoldCounts;
  readonly candidates: readonly AdviceCandidate[];
  readonly signatures: readonly string[];
  readonly stages: number;
  readonly folds: number;
  readonly n: number;
  readonly maxProposals: number;
}

/** For each candidate, the folds whose training part (every other fold) chose it among its best distinct edits. */
function chooseInFolds(choice: FoldChoice): number[][] {
  const { counted, baseCounts, candidates, signatures, stages, folds, n, maxProposals } = choice;
  const chosenBy: number[][] = candidates.map(() => []);
  const sizes = foldSizes(baseCounts, stages, folds);
  for (let f = 0; f < folds; f++) {
    const train = sumFolds(baseCounts, [f], stages, folds, true);
    const baseD = stageConcordance(train.contacts, train.converted);
    if (baseD === null) continue;
    const trainSize = n - sizes[f]!;
    const values = counted.map((counts, j) => {
      const t = sumFolds(counts, [f], stages, folds, true);
      const d = stageConcordance(t.contacts, t.converted);
      return { j, value: d === null ? Number.NEGATIVE_INFINITY : d - baseD - (MOVE_COST * movedOf(counts, f)) / trainSize };
    });
    for (const j of pickDistinct(values, candidates, signatures, maxProposals)) chosenBy[j]!.push(f);
  }
  return chosenBy;
}

function foldSizes(counts: FoldCounts, stages: number, folds: number): Int32Array {
  return Int32Array.from({ length: folds }, (_, f) => counts.contacts.subarray(f * stages, (f + 1) * stages).reduce((a, b) => a + b, 0));
}

function emptyCounts(folds: number, stages: number): FoldCounts {
  return { contacts: new Int32Array(folds * stages), converted: new Int32Array(folds * stages), moved: new Int32Array(folds), movers: { out: { contacts: 0, converted: 0 }, in: { contacts: 0, converted: 0 } } };
}

function count(counts: FoldCounts, cell: number, converted: boolean): void {
  counts.contacts[cell]!++;
  if (converted) counts.converted[cell]!++;
}

interface Classified {
  readonly snapshots: readonly AdviceSnapshot[];
  readonly foldOf: Uint32Array;
  readonly baseStage: Uint16Array;
  readonly stages: number;
  readonly folds: number;
}

/** Stage counts per fold under one candidate, and who moves into or out of the edited stage. */
function countCandidate(candidate: AdviceCandidate, classify: CandidateClassifier, data: Classified): FoldCounts {
  const { snapshots, foldOf, baseStage, stages, folds } = data;
  const counts = emptyCounts(folds, stages);
  const edited = candidate.stageIndex;
  for (let i = 0; i < snapshots.length; i++) {
    const snapshot = snapshots[i]!;
    const was = baseStage[i]!;
    const s = classify(snapshot.state, snapshot.at, was);
    count(counts, foldOf[i]! * stages + s, snapshot.converted);
    if (s === was) continue;
    counts.moved[foldOf[i]!]!++;
    const side = was === edited ? counts.movers.out : s === edited ? counts.movers.in : null;
    if (side) {
      side.contacts++;
      if (snapshot.converted) side.converted++;
    }
  }
  return counts;
}

/** The best-valued candidates with a positive value, at most one per leaf and none that classify like a kept one. */
function pickDistinct(values: readonly { j: number; value: number }[], candidates: readonly AdviceCandidate[], signatures: readonly string[], max: number): number[] {
  const leaves = new Set<string>();
  const seen = new Set<string>();
  const picked: number[] = [];
  for (const { j } of [...values].filter((v) => v.value > EPSILON).sort((a, b) => b.value - a.value || a.j - b.j)) {
    if (picked.length >= max) break;
    const candidate = candidates[j]!;
    if (leaves.has(candidate.leafKey) || seen.has(signatures[j]!)) continue;
    leaves.add(candidate.leafKey);
    seen.add(signatures[j]!);
    picked.push(j);
  }
  return picked;
}
