import type { EpochMs } from '../shared/ids.js';
import type { Temperature } from '../doctrine/doctrine.js';
import { PAGE_SIGNAL, TEMPERATURES, type ContactFacts } from './contact-facts.js';
import { rate, wilsonInterval } from './statistics.js';

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

export interface PageLift {
  readonly path: string;
  /** Contacts at the stage who viewed the page, and how many of them moved up. */
  readonly viewed: number;
  readonly movedUp: number;
  readonly rate: number | null;
  /** The same for contacts at the stage who did not view it. */
  readonly rateWithout: number | null;
  readonly lift: number | null;
  /** 95 % intervals apart: not a fluke of small numbers. */
  readonly significant: boolean;
}

export interface StageLift {
  /** Contacts who reached this temperature; moving up means reaching the next one. */
  readonly from: Temperature;
  readonly to: Temperature;
  readonly contacts: number;
  readonly movedUp: number;
  readonly pages: readonly PageLift[];
}

export interface BlockingPoints {
  /** A contact is quiet when not seen for this long. */
  readonly quietAfterMs: number;
  readonly byStage: readonly StageExits[];
  /** The on-site purchase path, with the biggest drop flagged by the largest `drop`. */
  readonly purchasePath: readonly PathStep[];
  readonly worstStep: string | null;
  /** Pages that contacts who moved up viewed more than those who stalled, by stage. */
  readonly lift: readonly StageLift[];
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
  return { quietAfterMs: options.quietAfterMs, byStage, purchasePath, worstStep: worst?.step ?? null, lift: pageLift(facts, options.top) };
}

const MIN_VIEWERS = 10;

function pageLift(facts: readonly ContactFacts[], top: number): StageLift[] {
  return TEMPERATURES.slice(0, 3).map((from, i) => {
    const to = TEMPERATURES[i + 1]!;
    const population = facts.filter((f) => f.reachedAt[from] !== null);
    const moved = (f: ContactFacts) => f.reachedAt[to] !== null;
    const movedUp = population.filter(moved).length;
    const byPage = new Map<string, { viewed: number; movedUp: number }>();
    for (const f of population) {
      for (const signal of f.signals) {
        if (!signal.startsWith(PAGE_SIGNAL)) continue;
        const entry = byPage.get(signal) ?? { viewed: 0, movedUp: 0 };
        entry.viewed++;
        if (moved(f)) entry.movedUp++;
        byPage.set(signal, entry);
      }
    }
    const pages = [...byPage]
      .filter(([, c]) => c.viewed >= MIN_VIEWERS)
      .map(([signal, c]): PageLift => {
        const withRate = rate(c.movedUp, c.viewed);
        const withoutRate = rate(movedUp - c.movedUp, population.length - c.viewed);
        const a = wilsonInterval(c.movedUp, c.viewed);
        const b = wilsonInterval(movedUp - c.movedUp, population.length - c.viewed);
        return {
          path: signal.slice(PAGE_SIGNAL.length),
          viewed: c.viewed,
          movedUp: c.movedUp,
          rate: withRate,
          rateWithout: withoutRate,
          lift: withRate !== null && withoutRate ? withRate / withoutRate : null,
          significant: a !== null && b !== null && (a[0] > b[1] || a[1] < b[0]),
        };
      })
      .sort((x, y) => (y.lift ?? 0) - (x.lift ?? 0) || y.viewed - x.viewed)
      .slice(0, top);
    return { from, to, contacts: population.length, movedUp, pages };
  });
}
