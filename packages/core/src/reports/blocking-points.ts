import type { EpochMs } from '../shared/ids.js';
import { TEMPERATURES, type Temperature } from '../doctrine/doctrine.js';
import { held, PAGE_SIGNAL, type ContactFacts } from './contact-facts.js';
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
  /** Contacts of any stage who viewed the page (estimated from the sample when the report is sampled). */
  readonly viewers: number;
  /** exits / viewers: of everyone who saw the page, the share who went quiet at this stage after it. */
  readonly exitsPerViewer: number | null;
}

export interface StageExits {
  readonly stage: string;
  readonly quiet: number;
  readonly pages: readonly ExitPage[];
}

export type PurchaseStep = 'cart' | 'checkout' | 'order';

export interface PathStep {
  readonly step: PurchaseStep;
  /** Contacts with this step's event (an order counts whether or not a cart or checkout came before it). */
  readonly contacts: number;
  /** Share of the previous step's contacts that also made this one. */
  readonly fromPrevious: number | null;
  readonly drop: number | null;
  /** Contacts who made this step without the previous one (orders without a recorded cart, for instance). */
  readonly withoutPrevious: number | null;
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
  /** Contacts who held this temperature; moving up means holding the next one. */
  readonly from: Temperature;
  readonly to: Temperature;
  readonly contacts: number;
  readonly movedUp: number;
  /** Contacts who held `from` and went past `to` without holding it: left out, neither movers nor stallers. */
  readonly skipped: number;
  readonly pages: readonly PageLift[];
}

export interface BlockingPoints {
  /** A contact is quiet when not seen for this long. */
  readonly quietAfterMs: number;
  readonly byStage: readonly StageExits[];
  /** Contacts first seen in the period. */
  readonly contacts: number;
  /** True when contacts exist but none has been quiet for `quietAfterMs` (a recent import): exits are empty for that reason. */
  readonly noneQuiet: boolean;
  /** The on-site purchase path over the steps present in the data, with the biggest drop flagged by the largest `drop`. */
  readonly purchasePath: readonly PathStep[];
  readonly worstStep: string | null;
  /** Pages that contacts who moved up viewed more than those who stalled, by stage. */
  readonly lift: readonly StageLift[];
  /** 1 when the lift read every contact; k when a deterministic 1-in-k sample. */
  readonly liftSampledOneIn: number;
}

/** Contacts with each purchase event, and with both events of each pair. */
export interface PurchaseCounts {
  readonly cart: number;
  readonly checkout: number;
  readonly order: number;
  readonly cartCheckout: number;
  readonly checkoutOrder: number;
  readonly cartOrder: number;
}

/** One stage's movers and stallers, and how many of each viewed each page. */
export interface LiftCounts {
  readonly from: Temperature;
  readonly to: Temperature;
  readonly contacts: number;
  readonly movedUp: number;
  readonly skipped: number;
  readonly pages: Readonly<Record<string, { readonly viewed: number; readonly movedUp: number }>>;
}

/** What the report needs: the store counts exits and the purchase path in SQL, and page views over a sample. */
export interface BlockingInputs {
  /** Contacts first seen in the period. */
  readonly contacts: number;
  /** Quiet contacts by stage and by stage and exit page. */
  readonly quiet: Readonly<Record<string, number>>;
  readonly exits: readonly { readonly stage: string; readonly path: string; readonly count: number }[];
  /** Contacts by last page, quiet or not. */
  readonly lastPageOf: Readonly<Record<string, number>>;
  /** Contacts who viewed each page, counted on the lift's sample and scaled up by its k. */
  readonly viewers: Readonly<Record<string, number>>;
  readonly purchase: PurchaseCounts;
  readonly lift: readonly LiftCounts[];
  /** 1 when the lift counts read every contact; k when a deterministic 1-in-k sample. */
  readonly liftSampledOneIn: number;
}

export type ExitFacts = Pick<ContactFacts, 'stage' | 'lastSeenAt' | 'exitPath' | 'carts' | 'checkouts' | 'orders'>;
export type LiftFacts = Pick<ContactFacts, 'reachedAt' | 'signals'>;

/** The purchase path's steps as the store counts them: each one is its own event, whatever came before it. */
export const purchaseSteps = {
  cart: (f: ExitFacts) => f.carts > 0,
  checkout: (f: ExitFacts) => f.checkouts > 0,
  order: (f: ExitFacts) => f.orders > 0,
};

/** The report's inputs from facts rows, for tests and small sets. */
export function blockingInputs(facts: readonly (ExitFacts & LiftFacts)[], options: { now: EpochMs; quietAfterMs: number }): BlockingInputs {
  const quietBefore = options.now - options.quietAfterMs;
  const lastPageOf: Record<string, number> = {};
  const quiet: Record<string, number> = {};
  const exits = new Map<string, { stage: string; path: string; count: number }>();
  for (const f of facts) {
    if (f.exitPath) lastPageOf[f.exitPath] = (lastPageOf[f.exitPath] ?? 0) + 1;
    if (f.lastSeenAt === null || f.lastSeenAt >= quietBefore) continue;
    quiet[f.stage] = (quiet[f.stage] ?? 0) + 1;
    if (!f.exitPath) continue;
    const key = `${f.stage}\u0000${f.exitPath}`;
    const entry = exits.get(key) ?? { stage: f.stage, path: f.exitPath, count: 0 };
    entry.count++;
    exits.set(key, entry);
  }
  const count = (test: (f: ExitFacts) => boolean) => facts.filter(test).length;
  const both = (a: PurchaseStep, b: PurchaseStep) => count((f) => purchaseSteps[a](f) && purchaseSteps[b](f));
  const purchase = {
    cart: count(purchaseSteps.cart),
    checkout: count(purchaseSteps.checkout),
    order: count(purchaseSteps.order),
    cartCheckout: both('cart', 'checkout'),
    checkoutOrder: both('checkout', 'order'),
    cartOrder: both('cart', 'order'),
  };
  return { contacts: facts.length, quiet, exits: [...exits.values()], lastPageOf, viewers: pageViewers(facts, 1), purchase, lift: liftCounts(facts), liftSampledOneIn: 1 };
}

/** Contacts who viewed each page, times `oneIn` when the rows are a 1-in-k sample. */
export function pageViewers(facts: readonly LiftFacts[], oneIn: number): Record<string, number> {
  const viewers: Record<string, number> = {};
  for (const f of facts) for (const signal of f.signals) if (signal.startsWith(PAGE_SIGNAL)) viewers[signal.slice(PAGE_SIGNAL.length)] = (viewers[signal.slice(PAGE_SIGNAL.length)] ?? 0) + oneIn;
  return viewers;
}

/**
 * Per temperature, contacts who held it, how many moved up by holding the next one, and the pages each group viewed.
 * Contacts who went past the next temperature without holding it are counted apart, in neither group.
 */
export function liftCounts(facts: readonly LiftFacts[]): LiftCounts[] {
  return TEMPERATURES.slice(0, 3).map((from, i) => {
    const to = TEMPERATURES[i + 1]!;
    const pages: Record<string, { viewed: number; movedUp: number }> = {};
    let contacts = 0;
    let movedUp = 0;
    let skipped = 0;
    for (const f of facts) {
      if (!held(f.reachedAt, from)) continue;
      if (f.reachedAt[to] !== null && !held(f.reachedAt, to)) {
        skipped++;
        continue;
      }
      contacts++;
      const moved = f.reachedAt[to] !== null;
      if (moved) movedUp++;
      for (const signal of f.signals) {
        if (!signal.startsWith(PAGE_SIGNAL)) continue;
        const entry = (pages[signal.slice(PAGE_SIGNAL.length)] ??= { viewed: 0, movedUp: 0 });
        entry.viewed++;
        if (moved) entry.movedUp++;
      }
    }
    return { from, to, contacts, movedUp, skipped, pages };
  });
}

/** Where contacts of each stage go quiet, and where the purchase path loses the most. */
export function assembleBlockingPoints(inputs: BlockingInputs, options: { quietAfterMs: number; top: number; stages: readonly string[] }): BlockingPoints {
  const byStage = options.stages.map((stage): StageExits => {
    const quiet = inputs.quiet[stage] ?? 0;
    const pages = inputs.exits
      .filter((e) => e.stage === stage)
      .map(({ path, count }) => ({
        path,
        exits: count,
        share: count / quiet,
        lastPageOf: inputs.lastPageOf[path] ?? 0,
        exitRate: rate(count, inputs.lastPageOf[path] ?? 0),
        viewers: inputs.viewers[path] ?? 0,
        exitsPerViewer: rate(count, inputs.viewers[path] ?? 0),
      }))
      .sort((a, b) => b.exits - a.exits || a.path.localeCompare(b.path))
      .slice(0, options.top);
    return { stage, quiet, pages };
  });
  const purchasePath = purchasePathOf(inputs.purchase);
  const worst = purchasePath.filter((s) => s.drop !== null).sort((a, b) => b.drop! - a.drop!)[0];
  const quiet = Object.values(inputs.quiet).reduce((sum, q) => sum + q, 0);
  return {
    quietAfterMs: options.quietAfterMs,
    contacts: inputs.contacts,
    noneQuiet: inputs.contacts > 0 && quiet === 0,
    byStage,
    purchasePath,
    worstStep: worst?.step ?? null,
    lift: inputs.lift.map((l) => pageLift(l, options.top)),
    liftSampledOneIn: inputs.liftSampledOneIn,
  };
}

/** The report straight from facts rows. */
export function buildBlockingPoints(facts: readonly (ExitFacts & LiftFacts)[], options: { now: EpochMs; quietAfterMs: number; top: number; stages: readonly string[] }): BlockingPoints {
  return assembleBlockingPoints(blockingInputs(facts, options), options);
}

const MIN_VIEWERS = 10;

function pageLift(counts: LiftCounts, top: number): StageLift {
  const { contacts, movedUp } = counts;
  const pages = Object.entries(counts.pages)
    .filter(([, c]) => c.viewed >= MIN_VIEWERS)
    .map(([path, c]): PageLift => {
      const withRate = rate(c.movedUp, c.viewed);
      const withoutRate = rate(movedUp - c.movedUp, contacts - c.viewed);
      const a = wilsonInterval(c.movedUp, c.viewed);
      const b = wilsonInterval(movedUp - c.movedUp, contacts - c.viewed);
      return {
        path,
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
  return { from: counts.from, to: counts.to, contacts, movedUp, skipped: counts.skipped, pages };
}

/** The steps present in the data (a shop recording orders only has a one-step path), each against the previous one. */
function purchasePathOf(counts: PurchaseCounts): PathStep[] {
  const pair: Record<string, number> = { 'cart>checkout': counts.cartCheckout, 'checkout>order': counts.checkoutOrder, 'cart>order': counts.cartOrder };
  const present = (['cart', 'checkout', 'order'] as const).filter((step) => counts[step] > 0);
  return present.map((step, i): PathStep => {
    const previous = i === 0 ? null : present[i - 1]!;
    if (previous === null) return { step, contacts: counts[step], fromPrevious: null, drop: null, withoutPrevious: null };
    const together = pair[`${previous}>${step}`]!;
    const fromPrevious = rate(together, counts[previous]);
    return { step, contacts: counts[step], fromPrevious, drop: fromPrevious === null ? null : 1 - fromPrevious, withoutPrevious: counts[step] - together };
  });
}
