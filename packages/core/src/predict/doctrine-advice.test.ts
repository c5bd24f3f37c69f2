import { describe, expect, it } from 'vitest';
import { compileDoctrine } from '../doctrine/compile-doctrine.js';
import { DOCTRINE_PRESETS } from '../doctrine/presets/index.js';
import { validateDoctrine } from '../doctrine/validate-doctrine.js';
import type { LeadEvent } from '../events/lead-event.js';
import { emptyContactState } from '../fold/empty-contact-state.js';
import { foldEvents } from '../fold/fold-events.js';
import { HOUR, MINUTE } from '../shared/duration.js';
import { page, track } from '../test-support/events.js';
import { adviseDoctrine, type AdviceSnapshot } from './doctrine-advice.js';

const T = Date.UTC(2026, 9, 1, 10, 0, 0);
const spl = DOCTRINE_PRESETS['suspect-prospect-lead']!;
const foldParams = compileDoctrine(spl).foldParams;

/** `size` contacts doing the same thing, of whom `buyers` in every 10 go on to buy. */
function group(size: number, buyersInTen: number, events: () => LeadEvent[]): AdviceSnapshot[] {
  return Array.from({ length: size }, (_, i) => ({ state: foldEvents(emptyContactState(), events(), foldParams), at: T + HOUR, converted: i % 10 < buyersInTen }));
}
const browsing = () => [page('/', T, { properties: { path: '/', engagedSeconds: 200 } }), page('/a', T + MINUTE), page('/b', T + 2 * MINUTE)];

// Chats make contacts hot, yet they buy less than warm ones (the X Education finding, in miniature).
const population = [
  ...group(120, 1, () => [track('Chat Started', T)]),
  ...group(120, 4, () => [track('Form Submitted', T)]),
  ...group(60, 8, () => [track('Call Logged', T)]),
  ...group(120, 2, browsing),
  ...group(120, 0.5, () => [page('/', T)]),
];

describe('adviseDoctrine', () => {
  const advice = adviseDoctrine({ doctrine: spl, snapshots: population });

  it('reports the current doctrine per stage, in precedence order, and what is out of order', () => {
    expect(advice.before.map((s) => [s.stage, s.contacts, s.converted])).toEqual([
      ['client', 0, 0],
      ['hot', 180, 60],
      ['warm', 120, 48],
      ['cold', 120, 24],
      ['unknown', 120, 12],
    ]);
    expect(advice.ordered).toBe(false);
    expect(advice.disorders).toEqual(['hot converts less (33.3 %) than warm (40.0 %)']);
  });

  it('first proposes to take chats out of hot, with the stages then in order', () => {
    const top = advice.proposals[0]!;
    expect(top.id).toBe('drop_condition:hot:2');
    expect(top.moved).toBe(120);
    expect(top.folds).toBe(5);
    expect(top.gain).toBeGreaterThan(0.1);
    expect(top.disorders).toEqual([]);
    // Chosen by every fold: the held-out folds pool to every contact.
    expect(top.before).toEqual(advice.before);
    expect(top.after.find((s) => s.stage === 'hot')).toEqual({ stage: 'hot', contacts: 60, converted: 48, rate: 0.8 });
    expect(top.summary).toEqual({
      en: 'Stop counting “at least one chat within 30d” as Lead (hot): the 120 contacts it moves out convert at 10.0 %, below Prospect (warm) (40.0 %).',
      fr: 'Ne plus compter « au moins 1 conversation de chat sur 30 jours » comme Lead (chaud) : les 120 contacts retirés convertissent à 10,0 %, moins que Prospect (tiède) (40,0 %).',
    });
  });

  it('gives valid doctrines whose after-counts are what reclassifying every contact with them gives', () => {
    expect(advice.proposals.length).toBeGreaterThan(0);
    for (const proposal of advice.proposals) {
      expect(validateDoctrine(proposal.doctrine).ok).toBe(true);
      expect(proposal.gain).toBeGreaterThan(0);
      if (proposal.folds < 5) continue;
      const compiled = compileDoctrine(proposal.doctrine);
      const counts = new Map<string, [number, number]>();
      for (const s of population) {
        const stage = compiled.stageOf(s.state, s.at).stage;
        const c = counts.get(stage) ?? [0, 0];
        counts.set(stage, [c[0] + 1, c[1] + (s.converted ? 1 : 0)]);
      }
      expect(proposal.after.map((s) => [s.stage, s.contacts, s.converted])).toEqual(proposal.after.map((s) => [s.stage, ...(counts.get(s.stage) ?? [0, 0])]));
    }
    expect(new Set(advice.proposals.map((p) => p.id)).size).toBe(advice.proposals.length);
  });

  it('leaves chats in hot when chatting contacts do buy most', () => {
    const chatsBuy = [...group(120, 9, () => [track('Chat Started', T)]), ...population.slice(120)];
    const proposals = adviseDoctrine({ doctrine: spl, snapshots: chatsBuy }).proposals;
    expect(proposals.some((p) => p.id.endsWith(':hot:2') && (p.kind === 'drop_condition' || p.kind === 'move_condition'))).toBe(false);
  });

  it('is deterministic and proposes nothing without both buyers and non-buyers', () => {
    expect(adviseDoctrine({ doctrine: spl, snapshots: population })).toEqual(advice);
    const nobody = adviseDoctrine({ doctrine: spl, snapshots: [] });
    expect([nobody.proposals, nobody.concordance, nobody.before.map((s) => s.contacts)]).toEqual([[], null, [0, 0, 0, 0, 0]]);
    expect(adviseDoctrine({ doctrine: spl, snapshots: population.map((s) => ({ ...s, converted: false })) }).proposals).toEqual([]);
  });
});
