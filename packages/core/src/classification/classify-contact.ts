import type { CompiledDoctrine } from '../doctrine/compile-doctrine.js';
import type { ContactState } from '../fold/contact-state.js';
import type { EpochMs } from '../shared/ids.js';
import type { Classification } from './classification.js';

/** Classifies a folded contact at `now`: `classifyContact(state, compileDoctrine(doctrine), now)`. */
export function classifyContact(state: ContactState, compiled: CompiledDoctrine, now: EpochMs): Classification {
  return compiled.classify(state, now);
}
