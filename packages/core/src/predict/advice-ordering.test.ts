import { describe, expect, it } from 'vitest';
import { assembleDoctrineCheck } from '../reports/doctrine-check.js';
import { doctrineFit } from '../reports/doctrine-fit.js';
import { percent, stageConcordance, stageConversions, stageDisorders } from './advice-ordering.js';

// X Education under the default doctrine (x-education.validation.test.ts), stage reached before buying.
const XEDU = { none: [1872, 651], cold: [844, 404], warm: [5521, 2400], hot: [1003, 106] } as const;
const outcomes = Object.fromEntries(Object.entries(XEDU).map(([stage, [contacts, converted]]) => [stage, { contacts, converted }])) as Parameters<typeof doctrineFit>[0];
// The same counts in precedence order, warmest first, as the advisor lays them out.
const keys = ['hot', 'warm', 'cold', 'none'] as const;
const contacts = keys.map((k) => XEDU[k][0]);
const converted = keys.map((k) => XEDU[k][1]);

describe('stage ordering measures', () => {
  it("computes the doctrine fit's concordance for stages in precedence order", () => {
    const fit = doctrineFit(outcomes, 90 * 86_400_000);
    expect(stageConcordance(contacts, converted)).toBeCloseTo(fit.concordance!, 12);
    // Hand check on two stages: 3 buyers of 4 above, 1 of 4 below: (3·3 − 1·1) / (4·4) = 0.5.
    expect(stageConcordance([4, 4], [3, 1])).toBe(0.5);
    expect(stageConcordance([10, 0], [4, 0])).toBe(0);
    expect(stageConcordance([10], [10])).toBeNull();
  });

  it('reads a slice of per-fold counts', () => {
    const folds = [...contacts, 4, 4];
    const buyers = [...converted, 3, 1];
    expect(stageConcordance(folds, buyers, 4, 2)).toBe(0.5);
  });

  it("words disorders as the doctrine check does", () => {
    const check = assembleDoctrineCheck({ byStage: outcomes, signals: { known: 0, converted: 0, bySignal: {}, sampledOneIn: 1 } }, 1);
    const stages = stageConversions(keys, contacts, converted);
    expect(stageDisorders(stages)).toEqual(check.disorders);
    expect(stageDisorders(stages)).toEqual(['warm converts less (43.5 %) than cold (47.9 %)', 'hot converts less (10.6 %) than warm (43.5 %)']);
    // Stages under 30 contacts are too small to call out of order.
    expect(stageDisorders(stageConversions(['hot', 'warm'], [29, 100], [0, 50]))).toEqual([]);
  });

  it('formats rates in English and French', () => {
    expect([percent(0.0863, 'en'), percent(0.0863, 'fr'), percent(null, 'fr')]).toEqual(['8.6 %', '8,6 %', 'n/a']);
  });
});
