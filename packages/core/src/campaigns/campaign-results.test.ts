import { describe, expect, it } from 'vitest';
import { campaignGroup, type CampaignGroup } from './assign-group.js';
import { noCampaignCounts } from './campaign-counters.js';
import { buildScenarioResults, type CampaignOutcomeLine, type CampaignStatsLine } from './campaign-results.js';

/** Seeded pseudo-random numbers (mulberry32): each replication is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Contacts split by the real assignment, converting (and spending 50 on a purchase) at each group's rate. */
function simulate(seed: number, contacts: number, percent: number, rates: Record<CampaignGroup, number>): CampaignOutcomeLine[] {
  const random = mulberry32(seed);
  const lines: Record<CampaignGroup, { enrolled: number; reachedGoal: number; purchased: number; sum: number; sumSquares: number }> = {
    treated: { enrolled: 0, reachedGoal: 0, purchased: 0, sum: 0, sumSquares: 0 },
    control: { enrolled: 0, reachedGoal: 0, purchased: 0, sum: 0, sumSquares: 0 },
  };
  for (let i = 0; i < contacts; i++) {
    const group = campaignGroup(`scn_${seed}`, `c_${i}`, percent);
    const line = lines[group];
    line.enrolled++;
    if (random() < rates[group]) {
      const revenue = 20 + 60 * random();
      line.reachedGoal++;
      line.purchased++;
      line.sum += revenue;
      line.sumSquares += revenue * revenue;
    }
  }
  return (['treated', 'control'] as const).map((group) => {
    const { sum, sumSquares, ...rest } = lines[group];
    return { scenarioId: 'scn', group, ...rest, revenue: { n: rest.enrolled, sum, sumSquares } };
  });
}

describe('buildScenarioResults: treated against control', () => {
  it('finds a simulated effect of known size: treated 15 %, control 10 %, 6,000 contacts, 20 % held out', () => {
    const [result] = buildScenarioResults([], simulate(42, 6000, 20, { treated: 0.15, control: 0.1 }));
    const goal = result!.outcome.goal;
    expect(goal.interval![0]).toBeGreaterThan(0);
    expect(goal.interval![0]).toBeLessThan(0.05);
    expect(goal.interval![1]).toBeGreaterThan(0.05);
    expect(goal.significant).toBe(true);
    expect(result!.outcome.revenuePerContact.significant).toBe(true);
    expect(result!.outcome.warning).toBeNull();
  });

  it('claims an effect where there is none in about 5 % of 200 seeded replications, never far more', () => {
    let claims = 0;
    let revenueClaims = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const [result] = buildScenarioResults([], simulate(seed, 2000, 50, { treated: 0.1, control: 0.1 }));
      if (result!.outcome.goal.significant) claims++;
      if (result!.outcome.revenuePerContact.significant) revenueClaims++;
    }
    // Binomial(200, 0.05) has mean 10 and standard deviation 3.1: 18 would be 2.6 deviations above.
    expect(claims).toBeLessThanOrEqual(18);
    expect(revenueClaims).toBeLessThanOrEqual(18);
  });

  it('warns that small groups cannot conclude, and when there is no control group', () => {
    const [small] = buildScenarioResults([], simulate(3, 300, 10, { treated: 0.3, control: 0.1 }));
    expect(small!.outcome.warning).toMatch(/fewer than 100 contacts in the control group/);
    const [none] = buildScenarioResults([], simulate(3, 300, 0, { treated: 0.3, control: 0.1 }));
    expect(none!.outcome.warning).toMatch(/no control group/);
  });
});

describe('buildScenarioResults: steps and A/B variants', () => {
  const line = (variant: string, group: CampaignGroup, counts: Partial<Record<string, number>>): CampaignStatsLine => ({
    scenarioId: 'scn',
    stepId: 'first-email',
    template: variant === 'b' ? 'welcome-short' : 'welcome',
    variant,
    group,
    counts: { ...noCampaignCounts(), ...counts },
  });

  it('keeps the control group’s held-out sends out of the funnel, and names a winner only when it is significant', () => {
    const [result] = buildScenarioResults(
      [line('a', 'treated', { decided: 1000, sent: 1000, clicked: 50 }), line('b', 'treated', { decided: 1000, sent: 1000, clicked: 100 }), line('a', 'control', { decided: 120, suppressed: 120 })],
      [],
    );
    const a = result!.steps.find((s) => s.variant === 'a')!;
    expect(a.counts.sent).toBe(1000);
    expect(a.heldOut).toBe(120);
    expect(result!.variants[0]!.winner).toBe('b');
    expect(result!.variants[0]!.alpha).toBe(0.05);
  });

  it('corrects the level for three variants (Bonferroni over three pairs) and names no winner on a small gap', () => {
    const [result] = buildScenarioResults(
      [line('a', 'treated', { sent: 1000, clicked: 50 }), line('b', 'treated', { sent: 1000, clicked: 68 }), line('c', 'treated', { sent: 1000, clicked: 52 })],
      [],
    );
    expect(result!.variants[0]!.alpha).toBeCloseTo(0.05 / 3, 10);
    expect(result!.variants[0]!.winner).toBeNull();
  });
});
