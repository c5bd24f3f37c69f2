import { compileSegments, prefilterOf, type ColumnPredicate, type ContactId, type EpochMs, type SegmentDefinition, type StageKey } from '@leadpulse/core';
import type { Store } from '../ports.js';
import type { SegmentCandidate, SegmentExportRow } from './segment-ports.js';

/** Contacts whose states are read and evaluated per page when SQL alone cannot decide. */
const PAGE = 1000;
/** Candidate ids read per query: index-only, so large pages cost little and save repeating the search. */
const ID_PAGE = 20_000;

export interface MemberCount {
  readonly count: number;
  /** True when the count is exact: SQL decided, or every candidate was evaluated. False: extrapolated from a budget. */
  readonly exact: boolean;
  readonly byStage: Readonly<Record<StageKey, number>>;
  /** Contacts the prefilter let through (all of them when SQL decided). */
  readonly candidates: number;
  /** A few members (at most `sample`): the first evaluated in id order, or any SQL finds first when SQL decides. */
  readonly sample: readonly ContactId[];
}

export interface CountOptions {
  /** Evaluate at most this many candidates, then extrapolate (the preview's live count); absent: evaluate them all. */
  readonly budget?: number;
  readonly sample?: number;
}

type Deps = { readonly store: Pick<Store, 'segments' | 'segmentQueries'> };

/** The plan for one definition at `now`: the SQL prefilter and, when it is not exact, the compiled evaluator. */
interface Plan {
  readonly where: ColumnPredicate;
  readonly exact: boolean;
  readonly accepts: (candidates: readonly SegmentCandidate[]) => Promise<SegmentCandidate[]>;
}

/**
 * The members of a saved or unsaved definition at `now` (preview, export, count, rebuild): the prefilter in SQL,
 * then, when it is not exact, the candidates' states evaluated by core's compiled segments, page by page in contact
 * id order, so no more than a page of states is in memory at once.
 */
export function createFindMembers(deps: Deps) {
  async function plan(def: SegmentDefinition, now: EpochMs): Promise<Plan> {
    const saved = await deps.store.segments.all();
    const all = new Map<string, SegmentDefinition>(saved.filter((s) => s.key !== def.key).map((s) => [s.key, s.definition]));
    all.set(def.key, def);
    const live = new Set(saved.filter((s) => s.status === 'live').map((s) => s.key));
    const prefilter = prefilterOf(def, all, now);
    // Stored membership of a segment still building is incomplete: that part of the filter moves to the evaluator.
    const relaxed = relaxMembership(prefilter.where, live, true);
    const exact = prefilter.exact && !relaxed.changed;
    const compiled = exact ? null : compileSegments([...all.values()]);
    const accepts = async (candidates: readonly SegmentCandidate[]) => {
      if (!compiled) return [...candidates];
      const scenarios = compiled.usesScenarios ? await deps.store.segmentQueries.scenariosOf(candidates.map((c) => c.id)) : null;
      const none = { active: new Set<string>(), ever: new Set<string>() };
      return candidates.filter((c) => compiled.test(def.key, { state: c.state, stage: c.stage, score: c.score, predicted: c.predicted, ...(scenarios ? { scenarios: scenarios.get(c.id) ?? none } : {}) }, now));
    };
    return { where: relaxed.predicate, exact, accepts };
  }

  /** How many contacts are members, by stage, with a few of them. */
  async function count(def: SegmentDefinition, now: EpochMs, options: CountOptions = {}): Promise<MemberCount> {
    const { where, exact, accepts } = await plan(def, now);
    const wanted = options.sample ?? 0;
    if (exact) {
      const byStage = await deps.store.segmentQueries.countByStage(where);
      const total = Object.values(byStage).reduce((a, b) => a + b, 0);
      // Any few members will do: ordering them would read every match a second time.
      const sample = wanted > 0 ? await deps.store.segmentQueries.sample(where, wanted) : [];
      return { count: total, exact: true, byStage, candidates: total, sample };
    }
    const byStage: Record<StageKey, number> = {};
    const sample: ContactId[] = [];
    let listed = 0;
    let members = 0;
    const budget = options.budget ?? Number.POSITIVE_INFINITY;
    // The ids first, in large pages read from the indexes, then the states by id: one search, not one per page of states.
    for await (const ids of idPages(where, budget)) {
      listed += ids.length;
      for (let i = 0; i < ids.length; i += PAGE) {
        const page = await deps.store.segmentQueries.candidatesOf(ids.slice(i, i + PAGE));
        for (const member of await accepts(page)) {
          members++;
          byStage[member.stage] = (byStage[member.stage] ?? 0) + 1;
          if (sample.length < wanted) sample.push(member.id);
        }
      }
    }
    const candidates = listed < budget ? listed : await deps.store.segmentQueries.count(where);
    if (listed >= candidates) return { count: members, exact: true, byStage, candidates, sample };
    // Over budget: the share of members among the evaluated candidates, applied to them all.
    const scale = listed === 0 ? 0 : candidates / listed;
    const scaled = Object.fromEntries(Object.entries(byStage).map(([stage, n]) => [stage, Math.round(n * scale)]));
    return { count: Math.round(members * scale), exact: false, byStage: scaled, candidates, sample };
  }

  /** The ids the predicate lets through, in pages of ID_PAGE, at most `limit` of them. */
  async function* idPages(where: ColumnPredicate, limit: number): AsyncGenerator<readonly ContactId[]> {
    let after: string | undefined;
    let read = 0;
    while (read < limit) {
      const ids = await deps.store.segmentQueries.ids(where, { ...(after !== undefined ? { after } : {}), limit: Math.min(ID_PAGE, limit - read) });
      if (ids.length === 0) return;
      read += ids.length;
      after = ids[ids.length - 1]!;
      yield ids;
      if (ids.length < ID_PAGE) return;
    }
  }

  /** Every member's id, a page at a time, in contact id order. */
  async function* memberIds(def: SegmentDefinition, now: EpochMs, pageSize = PAGE): AsyncGenerator<readonly ContactId[]> {
    const { where, exact, accepts } = await plan(def, now);
    let after: string | undefined;
    for (;;) {
      if (exact) {
        const ids = await deps.store.segmentQueries.ids(where, { after, limit: pageSize });
        if (ids.length === 0) return;
        after = ids[ids.length - 1]!;
        yield ids;
      } else {
        const ids = await deps.store.segmentQueries.ids(where, { after, limit: ID_PAGE });
        if (ids.length === 0) return;
        after = ids[ids.length - 1]!;
        for (let i = 0; i < ids.length; i += pageSize) {
          const members = await accepts(await deps.store.segmentQueries.candidatesOf(ids.slice(i, i + pageSize)));
          if (members.length > 0) yield members.map((m) => m.id);
        }
      }
    }
  }

  /** Every member's export row, a page at a time, in contact id order (enteredAt null: computed, not stored). */
  async function* memberRows(def: SegmentDefinition, now: EpochMs): AsyncGenerator<readonly SegmentExportRow[]> {
    for await (const ids of memberIds(def, now)) yield await deps.store.segmentQueries.rowsOf(ids);
  }

  return { count, memberIds, memberRows };
}

export type FindMembers = ReturnType<typeof createFindMembers>;

/**
 * Replaces `memberOf` of segments that are not live by what keeps the predicate necessary: true where it counts for
 * membership (positive), false under an odd number of `not`s. `changed` says the result is no longer exact.
 */
export function relaxMembership(predicate: ColumnPredicate, live: ReadonlySet<string>, positive: boolean): { predicate: ColumnPredicate; changed: boolean } {
  if (predicate === true || predicate === false) return { predicate, changed: false };
  if ('memberOf' in predicate) return live.has(predicate.memberOf) ? { predicate, changed: false } : { predicate: positive, changed: true };
  if ('not' in predicate) {
    const inner = relaxMembership(predicate.not, live, !positive);
    return { predicate: inner.changed ? { not: inner.predicate } : predicate, changed: inner.changed };
  }
  if ('all' in predicate || 'any' in predicate) {
    const parts = ('all' in predicate ? predicate.all : predicate.any).map((p) => relaxMembership(p, live, positive));
    if (!parts.some((p) => p.changed)) return { predicate, changed: false };
    const list = parts.map((p) => p.predicate);
    return { predicate: 'all' in predicate ? { all: list } : { any: list }, changed: true };
  }
  return { predicate, changed: false };
}
