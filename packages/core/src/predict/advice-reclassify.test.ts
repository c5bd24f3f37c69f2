import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import type { Doctrine } from '../doctrine/doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import type { LeadEvent } from '../events/lead-event.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { DAY, HOUR, MINUTE } from '../shared/duration.js';
import { identify, page, track } from '../test-support/events.js';
import { adviceCandidates } from './advice-candidates.js';
import { createCandidateClassifier } from './advice-reclassify.js';

const T = Date.UTC(2026, 9, 1, 10, 0, 0);
const AT = T + 40 * DAY;

// Contacts spread over every stage and across the ladders' rungs: 1 to 5 of a signal, 5 to 80 days ago.
function histories(): LeadEvent[][] {
  const out: LeadEvent[][] = [[]];
  for (const daysAgo of [5, 10, 20, 35, 80]) {
    const t = AT - daysAgo * DAY;
    for (const times of [1, 2, 3, 5]) {
      const repeat = (make: (at: number) => LeadEvent) => Array.from({ length: times }, (_, i) => make(t + i * HOUR));
      out.push(repeat((at) => track('Chat Started', at)));
      out.push(repeat((at) => track('Call Logged', at)));
      out.push(repeat((at) => page('/tarifs', at)));
      out.push(repeat((at) => track('Form Submitted', at)));
      out.push([...repeat((at) => page('/', at, { properties: { path: '/', engagedSeconds: 40 * times } })), track('Signed Up', t + 9 * HOUR)]);
      out.push([...repeat((at) => track('Chat Started', at)), track('Form Submitted', t + 9 * HOUR), page('/a', t + 10 * HOUR)]);
      out.push([track('Product Added', t), page('/', t + 2 * HOUR), ...repeat((at) => page('/b', at + 3 * HOUR, { properties: { path: '/b', engagedSeconds: 30 } }))]);
    }
    out.push([track('Order Completed', t, { revenue: 90 }), track('Chat Started', t + MINUTE)]);
    out.push([identify({ score: 3 }, t), track('Demo Requested', t + MINUTE)]);
  }
  return out;
}

function expectSameAsFullClassification(doctrine: Doctrine): void {
  const base = compileDoctrine(doctrine);
  const states = histories().map((events) => foldEvents(emptyContactState(), events, base.foldParams));
  const indexOf = (compiled: typeof base, state: (typeof states)[number]) => compiled.stageKeys.indexOf(compiled.stageOf(state, AT).stage);
  const candidates = adviceCandidates(doctrine, { maxCandidates: 1000 });
  expect(candidates.length).toBeGreaterThan(20);
  let moved = 0;
  for (const candidate of candidates) {
    const classify = createCandidateClassifier(doctrine, candidate);
    const full = compileDoctrine(candidate.doctrine);
    for (const state of states) {
      const was = indexOf(base, state);
      const expected = indexOf(full, state);
      if (expected !== was) moved++;
      expect([candidate.id, classify(state, AT, was)]).toEqual([candidate.id, expected]);
    }
  }
  // The population is rich enough that most edits move someone.
  expect(moved).toBeGreaterThan(candidates.length);
}

describe('createCandidateClassifier', () => {
  it('agrees with classifying by the whole edited doctrine, for every edit of the default preset', () => {
    expectSameAsFullClassification(DOCTRINE_PRESETS['suspect-prospect-lead']!);
  });

  it('agrees for every edit of the other presets', () => {
    for (const preset of ['lead-qualified', 'e-commerce', 'call-centre']) expectSameAsFullClassification(DOCTRINE_PRESETS[preset]!);
  });
});
