import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import type { Doctrine } from '../doctrine/doctrine.js';
import type { ContactState } from '../fold/contact-state.js';
import type { EpochMs } from '../shared/ids.js';
import type { AdviceCandidate } from './advice-candidates.js';

/** The stage index (precedence order, fallback last) of a contact under a candidate, given its index under the doctrine. */
export type CandidateClassifier = (state: ContactState, at: EpochMs, was: number) => number;

/**
 * Classifies under an edited doctrine while evaluating as few rules as possible; the result is what
 * compileDoctrine(candidate.doctrine).stageOf gives. A candidate edits stage e (and, for a move, e + 1):
 * - above e (was < e) nothing changed: the contact keeps its stage;
 * - below e (was > e) the stages between e and `was` did not hold and still do not, except the edited ones: only
 *   those are tested (the "probe"), and if none holds the contact keeps its stage;
 * - at e, the stage's rule changed: the stages from e down are tested (the "tail").
 */
export function createCandidateClassifier(doctrine: Doctrine, candidate: AdviceCandidate): CandidateClassifier {
  const e = candidate.stageIndex;
  const last = candidate.targetIndex ?? e;
  const edited = candidate.doctrine;
  // Sub-doctrines of the edited one: compiled once, each classifies with the same closures compileDoctrine builds.
  const probe = compileDoctrine({ ...edited, stages: edited.stages.slice(e, last + 1) });
  const tail = compileDoctrine({ ...edited, stages: edited.stages.slice(e) });
  const offset = new Map([...tail.stageKeys.map((key, i) => [key, e + i] as const)]);
  const fallback = doctrine.stages.length;
  return (state, at, was) => {
    if (was < e) return was;
    if (was > e) {
      const stage = probe.stageOf(state, at).stage;
      return stage === probe.doctrine.fallback.key ? was : offset.get(stage)!;
    }
    return offset.get(tail.stageOf(state, at).stage) ?? fallback;
  };
}
