/** Which side of a measured scenario a contact is on: `control` enrols but receives nothing. */
export type CampaignGroup = 'treated' | 'control';

/** One A/B variant of a send step: another template, or the same template with another subject. */
export interface SendVariant {
  readonly id: string;
  readonly template: string;
  readonly subject?: string;
  /** Relative share of the split; equal shares when every weight is absent. */
  readonly weight?: number;
}

/**
 * A number in [0, 1) from a text: FNV-1a over its UTF-16 code units, then MurmurHash3's finaliser so that nearby
 * texts (`c_1`, `c_2`) land far apart. Pure and stable across processes and engines: an assignment never moves.
 */
export function hashUnit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x100000000;
}

/**
 * A contact's group in a scenario, from (scenario, contact) and not the enrolment: a contact who re-enters stays on the
 * side it was on, so the control group stays clean. `percent` is the control share (10 means 10 %).
 * Example: `campaignGroup('scn_1', 'c_42', 10)` → `'treated'` (9 times in 10 over many contacts).
 */
export function campaignGroup(scenarioId: string, contactId: string, percent: number | undefined): CampaignGroup {
  if (!percent || percent <= 0) return 'treated';
  return hashUnit(`group\u0000${scenarioId}\u0000${contactId}`) * 100 < percent ? 'control' : 'treated';
}

/** The variant an enrolment gets at a send step, split by weight; deciding the step again picks the same one. */
export function pickVariant(variants: readonly SendVariant[], enrolmentId: string, stepId: string): SendVariant | null {
  if (variants.length === 0) return null;
  const total = variants.reduce((sum, v) => sum + (v.weight ?? 1), 0);
  let point = hashUnit(`variant\u0000${enrolmentId}\u0000${stepId}`) * total;
  for (const variant of variants) {
    point -= variant.weight ?? 1;
    if (point < 0) return variant;
  }
  return variants[variants.length - 1]!;
}
