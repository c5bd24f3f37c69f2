import type { EpochMs } from '../shared/ids.js';
import type { ContactFacts } from './contact-facts.js';
import { rate } from './statistics.js';

export interface ExitPage {
  readonly path: string;
  /** Quiet contacts of the stage whose last session ended on this page. */
  readonly exits: number;
  /** Share of the stage's quiet contacts. */
  readonly share: number;
  /** Contacts of any stage whose last page this is (quiet or not): how much traffic ends here at all. */
  readonly lastPageOf: number;
  /** exits / lastPageOf: how often ending here means going quiet at this stage. */
  readonly exitRate: number | null;
}

export interface StageExits {
  readonly stage: string;
  readonly quiet: number;
  readonly pages: readonly ExitPage[];
}

export interface PathStep {
  readonly step: string;
  readonly contacts: number;
  /** Share of the previous step's contacts that made this one. */
  readonly fromPrevious: number | null;
  readonly drop: number | null;
}

export interface BlockingPoints {
  /** A contact is quiet when not seen for this long. */
  readonly quietAfterMs: number;
  readonly byStage: readonly StageExits[];
  /** The on-site purchase path, with the biggest drop flagged by the largest `drop`. */
  readonly purchasePath: readonly PathStep[];
  readonly worstStep: string | null;
}

/** Where contacts of each stage go quiet, and where the purchase path loses the most. */
export function buildBlockingPoints(facts: readonly ContactFacts[], options: { now: EpochMs; quietAfterMs: number; top: number; stages: readonly string[] }): BlockingPoints {
  const lastPageOf = new Map<string, number>();
  for (const f of facts) if (f.exitPath) lastPageOf.set(f.exitPath, (lastPageOf.get(f.exitPath) ?? 0) + 1);
  const quietBefore = options.now - options.quietAfterMs;
  const byStage = options.stages.map((stage): StageExits => {
    const quiet = facts.filter((f) => f.stage === stage && f.lastSeenAt !== null && f.lastSeenAt < quietBefore);
    const exits = new Map<string, number>();
    for (const f of quiet) if (f.exitPath) exits.set(f.exitPath, (exits.get(f.exitPath) ?? 0) + 1);
    const pages = [...exits]
      .map(([path, count]) => ({ path, exits: count, share: count / quiet.length, lastPageOf: lastPageOf.get(path) ?? 0, exitRate: rate(count, lastPageOf.get(path) ?? 0) }))
      .sort((a, b) => b.exits - a.exits || a.path.localeCompare(b.path))
      .slice(0, options.top);
    return { stage, quiet: quiet.length, pages };
  });

  const steps: [string, number][] = [
    ['cart', facts.filter((f) => f.carts > 0).length],
    ['checkout', facts.filter((f) => f.checkouts > 0 || (f.carts > 0 && f.orders > 0)).length],
    ['order', facts.filter((f) => f.orders > 0 && (f.carts > 0 || f.checkouts > 0)).length],
  ];
  const purchasePath = steps.map(([step, contacts], i): PathStep => {
    const previous = i === 0 ? null : steps[i - 1]![1];
    const fromPrevious = previous === null ? null : rate(contacts, previous);
    return { step, contacts, fromPrevious, drop: fromPrevious === null ? null : 1 - fromPrevious };
  });
  const worst = purchasePath.filter((s) => s.drop !== null).sort((a, b) => b.drop! - a.drop!)[0];
  return { quietAfterMs: options.quietAfterMs, byStage, purchasePath, worstStep: worst?.step ?? null };
}
