import { describe, expect, it } from 'vitest';
import { campaignGroup, hashUnit, pickVariant } from './assign-group.js';

describe('hashUnit', () => {
  it('spreads sequential ids uniformly over [0, 1) (chi-square over 20 buckets, 100,000 ids)', () => {
    const buckets = new Array<number>(20).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = hashUnit(`scn_1\u0000c_${i}`);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      buckets[Math.floor(u * 20)]!++;
    }
    const expected = n / 20;
    const chi2 = buckets.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: the 99.9th percentile of chi-square is 43.8.
    expect(chi2).toBeLessThan(43.8);
  });
});

describe('campaignGroup', () => {
  it('holds out about the share asked, and none without a control group', () => {
    let control = 0;
    for (let i = 0; i < 50_000; i++) if (campaignGroup('scn_welcome', `c_${i}`, 10) === 'control') control++;
    expect(control / 50_000).toBeGreaterThan(0.095);
    expect(control / 50_000).toBeLessThan(0.105);
    expect(campaignGroup('scn_welcome', 'c_1', undefined)).toBe('treated');
  });

  it('keeps a contact on the same side every time it enters, and draws each scenario apart', () => {
    const sides = Array.from({ length: 2000 }, (_, i) => campaignGroup('scn_a', `c_${i}`, 50));
    expect(Array.from({ length: 2000 }, (_, i) => campaignGroup('scn_a', `c_${i}`, 50))).toEqual(sides);
    const other = Array.from({ length: 2000 }, (_, i) => campaignGroup('scn_b', `c_${i}`, 50));
    const same = other.filter((side, i) => side === sides[i]).length;
    expect(same / 2000).toBeGreaterThan(0.45);
    expect(same / 2000).toBeLessThan(0.55);
  });
});

describe('pickVariant', () => {
  const variants = [
    { id: 'a', template: 'welcome', weight: 75 },
    { id: 'b', template: 'welcome-short', weight: 25 },
  ];

  it('splits by weight and picks the same variant when the step is decided again', () => {
    let a = 0;
    for (let i = 0; i < 20_000; i++) if (pickVariant(variants, `enr_${i}`, 'first-email')!.id === 'a') a++;
    expect(a / 20_000).toBeGreaterThan(0.74);
    expect(a / 20_000).toBeLessThan(0.76);
    expect(pickVariant(variants, 'enr_7', 'first-email')).toBe(pickVariant(variants, 'enr_7', 'first-email'));
  });

  it('splits evenly without weights', () => {
    let a = 0;
    const even = variants.map(({ id, template }) => ({ id, template }));
    for (let i = 0; i < 20_000; i++) if (pickVariant(even, `enr_${i}`, 's')!.id === 'a') a++;
    expect(a / 20_000).toBeGreaterThan(0.49);
    expect(a / 20_000).toBeLessThan(0.51);
  });
});
