import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Classification, Reason } from '../classification/classification.js';
import type { ContactState } from '../fold/contact-state.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { compilePointRules, scoreContact } from '../scoring/score-contact.js';
import { DAY, HOUR, MINUTE, parseDuration } from '../shared/duration.js';
import { identify, page, track } from '../test-support/events.js';
import { compileCondition, type EvalContext } from './compile-condition.js';
import { compileDoctrine } from './compile-doctrine.js';
import type { Condition, Doctrine, PointRule, SignalName } from './doctrine.js';
import { SIGNAL_TALLIES } from './signal-tallies.js';

const T = Date.UTC(2026, 0, 1);
const ms = (text: string) => {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
};

/**
 * The classification as the closures computed it before doctrines were compiled to source: every stage rule through
 * compileCondition's closures, the score by looking each tally up by key. The generated code must agree with it on
 * everything a caller sees.
 */
function closureClassify(doctrine: Doctrine, predict: (state: ContactState, now: number) => number, state: ContactState, now: number): Classification {
  const stages = doctrine.stages.map((stage) => ({ key: stage.key, condition: compileCondition(stage.when) }));
  const halfLifeMs = doctrine.points.halfLife === 'none' ? null : ms(doctrine.points.halfLife);
  const cartAbandonAfterMs = ms(doctrine.cartAbandonAfter);
  const rules = compilePointRules(doctrine.points.rules);
  let scored: ReturnType<typeof scoreContact> | null = null;
  const scoreOnce = (ctx: EvalContext) => {
    if (scored) return scored;
    scored = scoreContact(state, rules, halfLifeMs, now, cartAbandonAfterMs);
    if (scored.changesAt !== null && scored.changesAt > now && scored.changesAt < ctx.next) ctx.next = scored.changesAt;
    return scored;
  };
  const ctx: EvalContext = { state, now, cartAbandonAfterMs, scoreHalfLifeMs: halfLifeMs, score: () => scoreOnce(ctx).score, predicted: () => predict(state, now), next: Number.POSITIVE_INFINITY };
  const winner = stages.find((candidate) => candidate.condition.test(ctx)) ?? null;
  const stage = winner?.key ?? doctrine.fallback.key;
  const nextChangeAt = ctx.next === Number.POSITIVE_INFINITY ? null : ctx.next;
  const scratch = { ...ctx, next: Number.POSITIVE_INFINITY };
  const reasons: Reason[] = winner ? [{ stage, conditions: winner.condition.explain(scratch) }] : [];
  const { score, lines } = scoreOnce(scratch);
  return { stage, score, reasons, scoreLines: lines, nextChangeAt };
}

const EVENTS = ['Call Logged', 'Chat Started', 'Form Submitted', 'Order Completed', 'Product Added', 'Demo Requested', 'Email Opened'];
const windows = fc.constantFrom(undefined, '1h', '1d', '7d', '30d', '90d', '365d');
const bound = fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined });
const signal: fc.Arbitrary<Condition> = fc.record({
  signal: fc.constantFrom(...(Object.keys(SIGNAL_TALLIES) as SignalName[])),
  atLeast: fc.option(fc.integer({ min: 0, max: 240 }), { nil: undefined }),
  atMost: bound,
  within: windows,
});
const event: fc.Arbitrary<Condition> = fc.record({
  event: fc.constantFrom(...EVENTS),
  where: fc.constantFrom(undefined, { outcome: 'interested' }, { outcome: ['interested', 'callback'] }),
  atLeast: bound,
  atMost: bound,
  within: windows,
});
const trait: fc.Arbitrary<Condition> = fc.constantFrom<Condition>(
  { trait: 'lastPurchaseAt', op: 'within', value: '30d' },
  { trait: 'renewalAt', op: 'before', value: '7d' },
  { trait: 'plan', op: 'eq', value: 'pro' },
  { trait: 'employees', op: 'gte', value: 50 },
  { trait: 'email', op: 'exists' },
);
const score: fc.Arbitrary<Condition> = fc.record({ score: fc.record({ atLeast: bound, atMost: fc.option(fc.integer({ min: 5, max: 80 }), { nil: undefined }) }) });
const predicted: fc.Arbitrary<Condition> = fc.record({ predicted: fc.record({ atLeast: fc.constantFrom(undefined, 0.2, 0.5), atMost: fc.constantFrom(undefined, 0.8) }) });
/** Drops the keys fast-check left undefined, as a doctrine parsed from JSON would not have them. */
const defined = <T extends object>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const { condition } = fc.letrec<{ condition: Condition; leaf: Condition }>((tie) => ({
  leaf: fc.oneof({ weight: 5, arbitrary: signal }, { weight: 4, arbitrary: event }, trait, score, predicted),
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: tie('leaf') },
    fc.record({ all: fc.array(tie('condition'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('condition'), { maxLength: 3 }) }),
    fc.record({ not: tie('condition') }),
  ),
}));

const pointRule: fc.Arbitrary<PointRule> = fc.oneof(
  fc.record({ id: fc.constant('signal'), signal: fc.constantFrom<SignalName>('pageViews', 'offerViews', 'calls', 'abandonedCarts', 'emailOpens'), points: fc.integer({ min: 1, max: 30 }), cap: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }) }),
  fc.record({ id: fc.constant('event'), event: fc.constantFrom(...EVENTS), where: fc.constantFrom(undefined, { outcome: 'interested' }), points: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ id: fc.constant('threshold'), signal: fc.constantFrom<SignalName>('pageViews', 'chats'), atLeast: fc.integer({ min: 1, max: 4 }), within: windows, points: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ id: fc.constant('trait'), trait: fc.constant('plan'), op: fc.constant('eq' as const), value: fc.constant('pro'), points: fc.integer({ min: 1, max: 30 }) }),
);

const doctrine: fc.Arbitrary<Doctrine> = fc
  .record({
    whens: fc.array(condition, { minLength: 1, maxLength: 4 }),
    halfLife: fc.constantFrom('none', '7d', '30d'),
    rules: fc.array(pointRule, { maxLength: 5 }),
    cartAbandonAfter: fc.constantFrom('1h', '1d'),
  })
  .map(({ whens, halfLife, rules, cartAbandonAfter }) =>
    defined({
      name: 'random',
      stages: whens.map((when, i) => ({ key: `s${i}`, labels: { en: `S${i}`, fr: `S${i}` }, when })),
      fallback: { key: 'unknown', labels: { en: 'Unknown', fr: 'Inconnu' } },
      offerPages: ['/tarifs*', '/pricing*'],
      microConversions: ['Form Submitted'],
      cartAbandonAfter,
      sessionGap: '30m',
      points: { halfLife, rules: rules.map((rule, i) => ({ ...rule, id: `${rule.id}-${i}` })) },
    }),
  );

const randomShell = {
  name: 'edges',
  fallback: { key: 'unknown', labels: { en: 'Unknown', fr: 'Inconnu' } },
  offerPages: ['/tarifs*'],
  microConversions: [],
  cartAbandonAfter: '1h',
  sessionGap: '30m',
  points: { halfLife: '30d', rules: [{ id: 'page', signal: 'pageViews', points: 1 }] },
};

/** A history over about 200 days: pages (some on the offer), tracked events with outcomes and revenue, traits. */
const history = fc.array(
  fc.record({
    gap: fc.integer({ min: 0, max: 6 * DAY }).chain((g) => fc.constantFrom(g, g % (20 * MINUTE), g % (2 * HOUR))),
    kind: fc.constantFrom('page', 'offer', 'track', 'identify'),
    name: fc.constantFrom(...EVENTS),
    outcome: fc.constantFrom('interested', 'callback', 'no answer'),
    plan: fc.constantFrom('pro', 'free'),
  }),
  { maxLength: 40 },
);

function eventsOf(steps: fc.Infer<typeof history>) {
  let at = T;
  return steps.map((step) => {
    at += step.gap;
    if (step.kind === 'page') return page('/blog', at);
    if (step.kind === 'offer') return page('/tarifs', at);
    if (step.kind === 'identify') return identify({ plan: step.plan, employees: at % 100, email: 'a@example.com', lastPurchaseAt: new Date(at - 10 * DAY).toISOString(), renewalAt: new Date(at + 20 * DAY).toISOString() }, at);
    return track(step.name, at, { outcome: step.outcome, revenue: (at % 500) / 7 });
  });
}

/**
 * When to evaluate: anywhere from a day before the last event to 500 days after it, or on a window's edge (an
 * occurrence plus a window's length, give or take a millisecond), where `<` against `<=` decides.
 */
const instant: fc.Arbitrary<(times: number[]) => number> = fc.oneof(
  fc.integer({ min: -DAY, max: 500 * DAY }).map((offset) => (times: number[]) => (times.at(-1) ?? T) + offset),
  fc
    .record({ pick: fc.nat(), window: fc.constantFrom(0, HOUR, DAY, 7 * DAY, 30 * DAY, 90 * DAY, 365 * DAY), jitter: fc.constantFrom(-1, 0, 1) })
    .map(({ pick, window, jitter }) => (times: number[]) => (times.length === 0 ? T : times[pick % times.length]!) + window + jitter),
);

const predict = (state: ContactState) => (state.eventCount % 10) / 10;

describe('doctrines compiled to source', () => {
  it('decide, score, explain and schedule exactly as the closures do, for random doctrines and contacts', () => {
    fc.assert(
      fc.property(doctrine, history, instant, fc.boolean(), (d, steps, at, stored) => {
        const compiled = compileDoctrine(d, { predict });
        const events = eventsOf(steps);
        const folded = foldEvents(emptyContactState(), events, compiled.foldParams);
        // A state read back from the store has the shape JSON gives it, not the fold's.
        const state = stored ? (JSON.parse(JSON.stringify(folded)) as ContactState) : folded;
        const now = at(events.map((e) => e.at));
        const expected = closureClassify(d, predict, state, now);
        expect(compiled.classify(state, now)).toEqual(expected);
        expect(compiled.stageOf(state, now)).toEqual({ stage: expected.stage, nextChangeAt: expected.nextChangeAt });
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees on every window edge: an occurrence exactly one window old has left it, one at now counts', () => {
    const times = [T, T + HOUR, T + 2 * HOUR, T + DAY, T + 40 * DAY, T + 41 * DAY + HOUR];
    // Forty earlier occurrences push the oldest out of the exact recent list into day buckets, whose edges are days.
    const earlier = Array.from({ length: 40 }, (_, i) => T - (40 - i) * DAY + 5 * HOUR);
    const events = [...earlier, ...times].flatMap((at, i) => [page(i % 2 ? '/tarifs' : '/', at), track('Chat Started', at), track('Order Completed', at, { revenue: 10 })]);
    const edges = [...times, ...earlier.map((at) => Math.floor(at / DAY) * DAY)];
    for (const within of ['1h', '1d', '30d', '365d']) {
      for (const counted of [{ signal: 'pageViews' }, { signal: 'revenue' }, { event: 'Chat Started' }] as const) {
        for (const atLeast of [1, 2, 3, 20, 40]) {
          const d = defined({ ...randomShell, stages: [{ key: 'hit', labels: { en: 'Hit', fr: 'Hit' }, when: { ...counted, atLeast, within } }, { key: 'few', labels: { en: 'Few', fr: 'Peu' }, when: { ...counted, atMost: atLeast, within } }] } as Doctrine);
          const compiled = compileDoctrine(d);
          const state = foldEvents(emptyContactState(), events, compiled.foldParams);
          for (const at of edges) {
            for (const now of [at, at + ms(within) - 1, at + ms(within), at + ms(within) + 1]) expect(compiled.classify(state, now)).toEqual(closureClassify(d, predict, state, now));
          }
        }
      }
    }
  });

  it('reads the same tallies whatever order the stored state lists them in', () => {
    const compiled = compileDoctrine(
      defined({
        name: 'order',
        stages: [{ key: 'hot', labels: { en: 'Hot', fr: 'Chaud' }, when: { all: [{ signal: 'calls', atLeast: 1, within: '30d' }, { signal: 'pageViews', atLeast: 2 }] } }],
        fallback: { key: 'unknown', labels: { en: 'Unknown', fr: 'Inconnu' } },
        offerPages: [],
        microConversions: [],
        cartAbandonAfter: '1h',
        sessionGap: '30m',
        points: { halfLife: '30d', rules: [{ id: 'call', signal: 'calls', points: 10 }] },
      } satisfies Doctrine),
    );
    const state = foldEvents(emptyContactState(), [page('/', T), track('Call Logged', T + HOUR), page('/a', T + 2 * HOUR)], compiled.foldParams);
    const reversed = { ...state, tallies: Object.fromEntries(Object.entries(state.tallies).reverse()) };
    expect(Object.keys(reversed.tallies)).not.toEqual(Object.keys(state.tallies));
    expect(compiled.classify(reversed, T + DAY)).toEqual(compiled.classify(state, T + DAY));
    expect(compiled.classify(reversed, T + DAY)).toMatchObject({ stage: 'hot', nextChangeAt: T + HOUR + 30 * DAY, score: 9.78 });
  });
});
