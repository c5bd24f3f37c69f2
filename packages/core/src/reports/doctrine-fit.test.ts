import { describe, expect, it } from 'vitest';
import type { CheckedStage, Outcome } from './doctrine-check.js';
import { doctrineFit, rankByFit } from './doctrine-fit.js';

const outcomes = (cells: Partial<Record<CheckedStage, [contacts: number, converted: number]>>): Record<CheckedStage, Outcome> => {
  const row = (stage: CheckedStage): Outcome => ({ contacts: cells[stage]?.[0] ?? 0, converted: cells[stage]?.[1] ?? 0 });
  return { none: row('none'), cold: row('cold'), warm: row('warm'), hot: row('hot') };
};
const H = 90 * 86_400_000;

describe('doctrineFit', () => {
  it.each<[string, Partial<Record<CheckedStage, [number, number]>>, number | null, number | null, boolean | null]>([
    ['perfectly sorted: every buyer hot, nobody else', { cold: [100, 0], warm: [50, 0], hot: [40, 40] }, 1, 1, true],
    ['everyone in one stage: no discrimination, nothing to order', { hot: [200, 20] }, 0, 0, null],
    ['reversed: buyers only cold', { cold: [40, 40], hot: [100, 0] }, -1, -1, false],
    ['half unknown, sorted otherwise', { none: [100, 0], hot: [100, 50] }, 2 / 3, 2 / 3 - 0.125, true],
    ['no buyer at all', { cold: [100, 0] }, null, null, null],
  ])('%s', (_name, cells, concordance, score, ordered) => {
    const fit = doctrineFit(outcomes(cells), H);
    expect(fit.concordance).toBe(concordance);
    expect(fit.score).toBe(score);
    expect(fit.ordered).toBe(ordered);
  });

  it('ranks ordered doctrines first, then by score', () => {
    const rows = [
      { name: 'unordered but discriminating', fit: doctrineFit(outcomes({ cold: [100, 10], warm: [100, 5], hot: [100, 80] }), H) },
      { name: 'ordered, weak', fit: doctrineFit(outcomes({ cold: [100, 10], warm: [100, 12], hot: [100, 14] }), H) },
      { name: 'ordered, strong', fit: doctrineFit(outcomes({ cold: [100, 1], warm: [100, 10], hot: [100, 60] }), H) },
      { name: 'no buyer', fit: doctrineFit(outcomes({ cold: [100, 0] }), H) },
      { name: 'all in one stage', fit: doctrineFit(outcomes({ hot: [300, 30] }), H) },
    ];
    expect(rankByFit(rows).map((r) => r.name)).toEqual(['ordered, strong', 'ordered, weak', 'unordered but discriminating', 'all in one stage', 'no buyer']);
  });
});
