import jsonRulesEngine from 'json-rules-engine';
import { compileDoctrine, DOCTRINE_PRESETS, emptyContactState, eventId, foldEvents } from '../packages/core/dist/index.js';

const DAY = 86_400_000;
const { Engine } = jsonRulesEngine;

function randomStates(count, now) {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const compiled = compileDoctrine(DOCTRINE_PRESETS['suspect-prospect-lead']);
  const names = ['Form Submitted', 'Document Downloaded', 'Chat Started', 'Call Logged', 'Product Added', 'Order Completed', 'Demo Requested', 'Email Opened'];
  const states = [];
  for (let c = 0; c < count; c++) {
    let at = now - Math.floor(random() * 200) * DAY;
    const events = [];
    for (let i = 0, n = 2 + Math.floor(random() * 14); i < n; i++) {
      at += Math.floor(random() * 3 * DAY);
      if (at > now) break;
      const page = random() < 0.7;
      events.push({
        id: eventId(`e${c}-${i}`), type: page ? 'page' : 'track', name: page ? null : names[Math.floor(random() * names.length)],
        userId: null, anonymousId: `a${c}`, previousId: null, groupId: null, at, receivedAt: at,
        properties: page ? { path: random() < 0.2 ? '/tarifs' : '/' } : { revenue: 100 }, traits: {}, context: page ? { page: {} } : {}, bot: false, internal: false,
      });
    }
    states.push(foldEvents(emptyContactState(), events, compiled.foldParams));
  }
  return { compiled, states };
}

/** The facts json-rules-engine needs, pre-computed from the same states (this work is not timed: it favours the peer). */
function factsOf(state, now) {
  const count = (key, within) => (state.tallies[key]?.recent ?? []).filter(([at]) => at > now - within && at <= now).length;
  const sum = (key, within) => (state.tallies[key]?.recent ?? []).filter(([at]) => at > now - within && at <= now).reduce((a, [, v]) => a + v, 0);
  const last = Date.parse(String(state.traits.lastPurchaseAt ?? ''));
  return {
    orders365d: count('e:Order Completed', 365 * DAY), lastPurchaseWithin365d: Number.isFinite(last) && last > now - 365 * DAY,
    abandonedCarts30d: count('cart_abandoned', 30 * DAY), calls30d: count('e:Call Logged', 30 * DAY), chats30d: count('e:Chat Started', 30 * DAY),
    demos30d: count('e:Demo Requested', 30 * DAY), offerViews30d: count('offer', 30 * DAY), micro90d: count('micro', 90 * DAY),
    pageViews365d: count('page', 365 * DAY), engaged365d: sum('engaged', 365 * DAY),
  };
}

const ge = (fact, value) => ({ fact, operator: 'greaterThanInclusive', value });
const RULES = [
  { priority: 4, event: { type: 'client' }, conditions: { any: [ge('orders365d', 1), { fact: 'lastPurchaseWithin365d', operator: 'equal', value: true }] } },
  { priority: 3, event: { type: 'hot' }, conditions: { any: [ge('abandonedCarts30d', 1), ge('calls30d', 1), ge('chats30d', 1), ge('demos30d', 1), ge('offerViews30d', 3)] } },
  { priority: 2, event: { type: 'warm' }, conditions: { any: [ge('micro90d', 1)] } },
  { priority: 1, event: { type: 'cold' }, conditions: { all: [ge('pageViews365d', 3), ge('engaged365d', 120)] } },
];

export async function benchDoctrineEval({ contacts, seconds }) {
  const now = Date.UTC(2026, 10, 24);
  const { compiled, states } = randomStates(contacts, now);
  const facts = states.map((s) => factsOf(s, now));
  const engine = new Engine(RULES, { allowUndefinedFacts: true });

  // Both sides must agree before their speed means anything.
  let disagreements = 0;
  for (let i = 0; i < 500; i++) {
    const { events } = await engine.run(facts[i]);
    const theirs = events.map((e) => e.type)[0] ?? 'unknown';
    if (theirs !== compiled.classify(states[i], now).stage) disagreements++;
  }

  const rate = (fn, list = states) => {
    let count = 0;
    const began = performance.now();
    while (performance.now() - began < seconds * 1000) {
      for (const state of list) fn(state);
      count += list.length;
    }
    return count / ((performance.now() - began) / 1000);
  };
  const theirRate = async () => {
    let theirs = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) for (let i = 0; i < 1000; i++, theirs++) await engine.run(facts[theirs % facts.length]);
    return theirs / ((performance.now() - started) / 1000);
  };
  for (let i = 0; i < 500; i++) if (compiled.stageOf(states[i], now).stage !== compiled.classify(states[i], now).stage) disagreements++;
  // States as the store gives them back: parsed from JSON, in the shape JSON.parse builds.
  const stored = states.map((state) => JSON.parse(JSON.stringify(state)));
  // Rounds alternate the two sides, so that a slow spell of the machine falls on both; medians are reported.
  const rounds = { ours: [], full: [], stored: [], theirs: [] };
  for (let round = 0; round < 3; round++) {
    rounds.ours.push(rate((state) => compiled.stageOf(state, now)));
    rounds.full.push(rate((state) => compiled.classify(state, now)));
    rounds.stored.push(rate((state) => compiled.classify(state, now), stored));
    rounds.theirs.push(await theirRate());
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const [oursPerSecond, fullPerSecond, storedPerSecond, theirsPerSecond] = [rounds.ours, rounds.full, rounds.stored, rounds.theirs].map(median);
  return {
    contacts, oursPerSecond, fullPerSecond, storedPerSecond, theirsPerSecond, ratio: oursPerSecond / theirsPerSecond, fullRatio: fullPerSecond / theirsPerSecond,
    storedRatio: storedPerSecond / theirsPerSecond, disagreements,
  };
}
