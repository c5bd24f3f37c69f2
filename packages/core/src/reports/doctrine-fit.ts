import { assembleDoctrineCheck, CHECKED_STAGES, type CheckedStage, type DoctrineCheck, type Outcome } from './doctrine-check.js';

/** How well a doctrine's stages sort contacts by their real conversion, to compare doctrines on the same history. */
export interface DoctrineFit {
  /** The doctrine check by stage (no signals): contacts, conversion, ordered, disorders. */
  readonly check: DoctrineCheck;
  /** The check's verdict, or null when fewer than two stages have enough contacts to compare. */
  readonly ordered: boolean | null;
  /**
   * Somers' D of conversion on the stage reached before buying (none < cold < warm < hot), from −1 to 1: over every
   * pair of a buyer and a non-buyer, the share where the buyer reached the warmer stage minus the share where the
   * non-buyer did. Pairs in the same stage count as neither, so a doctrine that puts everyone in one stage scores 0.
   */
  readonly concordance: number | null;
  /** Share of known contacts that reached no stage before buying (or ever). */
  readonly unknownShare: number | null;
  /** concordance − UNKNOWN_PENALTY × unknownShare; null without both buyers and non-buyers. */
  readonly score: number | null;
}

export const UNKNOWN_PENALTY = 0.25;

/**
 * Scores a doctrine from the doctrine check's outcomes by stage. Example:
 * `doctrineFit(stageOutcomes(facts, { now, horizonMs }), horizonMs).score`.
 */
export function doctrineFit(byStage: Readonly<Record<CheckedStage, Outcome>>, horizonMs: number): DoctrineFit {
  const check = assembleDoctrineCheck({ byStage, signals: { known: 0, converted: 0, bySignal: {}, sampledOneIn: 1 } }, horizonMs);
  let concordant = 0;
  let discordant = 0;
  let buyersBelow = 0;
  let othersBelow = 0;
  for (const stage of CHECKED_STAGES) {
    const { contacts, converted } = byStage[stage];
    const others = contacts - converted;
    concordant += converted * othersBelow;
    discordant += others * buyersBelow;
    buyersBelow += converted;
    othersBelow += others;
  }
  const pairs = buyersBelow * othersBelow;
  const concordance = pairs === 0 ? null : (concordant - discordant) / pairs;
  const unknownShare = check.known === 0 ? null : byStage.none.contacts / check.known;
  const score = concordance === null ? null : concordance - UNKNOWN_PENALTY * (unknownShare ?? 0);
  return { check, ordered: check.ranking.length >= 2 ? check.ordered : null, concordance, unknownShare, score };
}

/** Doctrines whose stages are ordered first (two stages or more), then by score, best first; ties keep their order. */
export function rankByFit<T extends { readonly fit: DoctrineFit }>(rows: readonly T[]): T[] {
  const value = (row: T) => (row.fit.ordered === true && row.fit.score !== null ? 10 : 0) + (row.fit.score ?? -10);
  return rows.map((row, i) => ({ row, i })).sort((a, b) => value(b.row) - value(a.row) || a.i - b.i).map(({ row }) => row);
}
